// One cold run of the scaling benchmark: a new process synthesizes a generated catalog of N templates.
import * as fs from 'fs';
import * as path from 'path';
import { synthTemplates } from '../src/synth';
import { catalogOfSize } from './variants';

async function main(): Promise<void> {
  const started = performance.now();
  const [n, out] = [Number(process.argv[2]), process.argv[3]];
  const results = await synthTemplates(catalogOfSize(n), out);
  const ms = performance.now() - started;
  const bytes = results.reduce((s, r) => s + [...r.files.values()].reduce((t, c) => t + Buffer.byteLength(c), 0), 0);
  fs.rmSync(path.resolve(out), { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ n, ms, bytes }));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
