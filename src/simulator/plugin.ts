// Entry of the simulated provider executables: `node plugin.js kubernetes|coder` (started by Terraform).
import * as fs from 'fs';
import * as path from 'path';
import { selfSignedCertificate } from './certificate';

async function main(): Promise<void> {
  const kind = process.argv[2] as 'kubernetes' | 'coder';
  const dir = process.env.CVMKIT_SIM_DIR ?? process.cwd();
  // The run's certificate is made once by the harness; a plugin started without one makes its own.
  const certFile = path.join(dir, 'plugin-cert.pem');
  const tls = fs.existsSync(certFile)
    ? { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(path.join(dir, 'plugin-key.pem'), 'utf8') }
    : await selfSignedCertificate();
  const schemas = kind === 'kubernetes' ? (await import('./kubernetes-schema')).kubernetesSchemas() : (await import('./coder-schema')).coderSchemas();
  const { servePlugin } = await import('./server');
  await servePlugin(kind, schemas, dir, tls);
}

main().catch((err) => {
  process.stderr.write(`cvmkit simulator: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
