// Entry of the scaling benchmark's bundle: the benchmark's child, or one of its synth workers.
import { isMainThread, workerData } from 'worker_threads';
import { registerCatalogSource, serveSynthWorker } from '../src/synth-worker';
import { catalogOfSize } from './variants';

try {
  require('../src/handlebars-precompiled');
} catch {
  // Compiled at first use instead.
}
registerCatalogSource('cvmkit:variants', (n) => catalogOfSize(Number(n)));
if (!isMainThread && (workerData as { cvmkitSynthWorker?: unknown } | null)?.cvmkitSynthWorker) serveSynthWorker();
else require('./scale-child');
