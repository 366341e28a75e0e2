// The plugin side of the simulated providers in this process: mutual TLS with Terraform's client
// certificate only, go-plugin's handshake line, the schema over the wire, and Shutdown.
import * as grpc from '@grpc/grpc-js';
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { selfSignedCertificate } from '../src/simulator/certificate';
import { coderSchemas } from '../src/simulator/coder-schema';
import { protocolServices, servePlugin } from '../src/simulator/server';

jest.setTimeout(60_000);

test('serves the schema only to the client whose certificate it was given, announces itself as go-plugin does, and stops on Shutdown', async () => {
  const [serverTls, terraform, stranger] = await Promise.all([selfSignedCertificate(), selfSignedCertificate(), selfSignedCertificate()]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-plugin-'));
  let stopped!: () => void;
  const shutdown = new Promise<void>((resolve) => (stopped = resolve));
  const handshake = await servePlugin('coder', coderSchemas(), dir, serverTls, { clientCert: terraform.cert, env: {}, onShutdown: () => stopped() });

  // core-protocol | app-protocol | network | address | protocol | the server certificate's DER (base64, unpadded)
  const [core, app, network, address, protocol, der] = handshake.split('|');
  expect([core, app, network, protocol]).toEqual(['1', '6', 'tcp', 'grpc']);
  expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(der).toBe(new X509Certificate(serverTls.cert).raw.toString('base64').replace(/=+$/, ''));

  const { provider, controller } = protocolServices();
  const Provider = grpc.makeGenericClientConstructor(provider, 'Provider');
  const Controller = grpc.makeGenericClientConstructor(controller, 'GRPCController');
  const as = (client: { cert: string; key: string }) =>
    grpc.credentials.createSsl(Buffer.from(serverTls.cert), Buffer.from(client.key), Buffer.from(client.cert));
  // The certificate names localhost too: checked against that name, TLS gets no IP address as its
  // server name (which Node warns about, RFC 6066).
  const byName = { 'grpc.ssl_target_name_override': 'localhost' };
  const call = (client: grpc.Client, method: string) =>
    new Promise<any>((resolve, reject) => (client as any)[method]({}, (err: Error | null, res: unknown) => (err ? reject(err) : resolve(res))));

  const trusted = new Provider(address, as(terraform), byName);
  const schema = await call(trusted, 'GetProviderSchema');
  expect(Object.keys(schema.resource_schemas)).toContain('coder_agent');
  expect(schema.server_capabilities.get_provider_schema_optional).toBe(true);
  // Another certificate (not the one Terraform sent) is refused in the TLS handshake.
  const other = new Provider(address, as(stranger), byName);
  await expect(call(other, 'GetProviderSchema')).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });

  await call(new Controller(address, as(terraform), byName), 'Shutdown');
  await shutdown;
  [trusted, other].forEach((c) => c.close());
  fs.rmSync(dir, { recursive: true, force: true });
});
