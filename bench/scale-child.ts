// One cold run of the scaling benchmark: a new process synthesizes a generated catalog of N templates (args: N OUT [--jobs J] [--incremental] [--keep]).
import * as fs from 'fs';
import * as path from 'path';
import { synthCatalog } from '../src/catalog-synth';
import { runningBundle } from '../src/code-cache';
import { CatalogSource } from '../src/synth-worker';
import { catalogOfSize } from './variants';

async function main(): Promise<void> {
  const started = performance.now();
  const [n, out] = [Number(process.argv[2]), path.resolve(process.argv[3])];
  const flag = (name: string) => process.argv.indexOf(name);
  const jobs = flag('--jobs') > 0 ? Number(process.argv[flag('--jobs') + 1]) : undefined;
  // Workers of a bundle take the variants built into it; workers of the plain build load the module.
  const source: CatalogSource = runningBundle()
    ? { module: 'cvmkit:variants', args: [n] }
    : { module: path.join(__dirname, 'variants.js'), export: 'catalogOfSize', args: [n] };
  const result = await synthCatalog({ definitions: catalogOfSize(n), source, outDir: out, jobs, incremental: flag('--incremental') > 0 });
  const ms = performance.now() - started;
  const bytes = result.rendered.reduce((s, r) => s + r.bytes, 0);
  if (flag('--keep') < 0) fs.rmSync(out, { recursive: true, force: true });
  const report = {
    n,
    ms,
    bytes,
    rendered: result.rendered.length,
    unchanged: result.unchanged.length,
    workers: result.workers,
    maxRssKiB: process.resourceUsage().maxRSS,
    bundled: runningBundle() !== undefined,
  };
  process.stdout.write(JSON.stringify(report));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
