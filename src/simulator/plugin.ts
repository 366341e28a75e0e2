// Entry of the simulated provider executables: `node plugin.js kubernetes|coder` (started by Terraform).
import * as fs from 'fs';
import * as path from 'path';
import { selfSignedCertificate } from './certificate';
import { MAGIC_COOKIE, servePlugin } from './server';

async function main(): Promise<void> {
  if (process.env.TF_PLUGIN_MAGIC_COOKIE !== MAGIC_COOKIE) {
    process.stderr.write('This binary is a plugin. These are not meant to be executed directly.\n');
    process.exit(1);
  }
  const kind = process.argv[2] as 'kubernetes' | 'coder';
  const dir = process.env.CVMKIT_SIM_DIR ?? process.cwd();
  // The run's certificate is made once by the harness; a plugin started without one makes its own.
  const certFile = path.join(dir, 'plugin-cert.pem');
  const tls = fs.existsSync(certFile)
    ? { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(path.join(dir, 'plugin-key.pem'), 'utf8') }
    : await selfSignedCertificate();
  const schemas = kind === 'kubernetes' ? (await import('./kubernetes-schema')).kubernetesSchemas() : (await import('./coder-schema')).coderSchemas();
  const handshake = await servePlugin(kind, schemas, dir, tls, {
    clientCert: process.env.PLUGIN_CLIENT_CERT ?? '',
    env: process.env,
    onShutdown: () => process.exit(0),
  });
  process.stdout.write(`${handshake}\n`);
}

main().catch((err) => {
  process.stderr.write(`cvmkit simulator: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
