// Entry of the command line (bundled by the build): the command line, or a synth worker when started as one.
import { isMainThread, workerData } from 'worker_threads';
import { prefetchTerraformVersion } from './version-prefetch';

// Sources of the README and cloud-init templates precompiled by the build; absent before it ran.
try {
  require('./handlebars-precompiled');
} catch {
  // Compiled at first use instead.
}

if (!isMainThread && (workerData as { cvmkitSynthWorker?: unknown } | null)?.cvmkitSynthWorker) {
  require('./synth-worker').serveSynthWorker();
} else {
  // Commands that synthesize start terraform's version check now, while the modules load.
  const synthesizing = ['synth', 'push', 'publish', 'simulate', 'validate'];
  if (process.argv.slice(2).some((a) => synthesizing.includes(a))) prefetchTerraformVersion();
  (require('./cli') as typeof import('./cli')).main();
}
