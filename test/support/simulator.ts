// The simulator for tests that run terraform, loaded on first use: `npm run test:unit` leaves those
// tests out and so never loads gRPC and the providers.
import type * as Apiserver from '../../src/simulator/apiserver';
import type * as ClusterSetup from '../../src/simulator/cluster-setup';
import type * as Harness from '../../src/simulator/harness';
import type * as Lifecycle from '../../src/simulator/lifecycle';
import { UNIT_RUN } from './tools';

export const sim = (): typeof ClusterSetup & typeof Harness & typeof Apiserver & typeof Lifecycle => ({
  ...(require('../../src/simulator/cluster-setup') as typeof ClusterSetup),
  ...(require('../../src/simulator/harness') as typeof Harness),
  ...(require('../../src/simulator/apiserver') as typeof Apiserver),
  ...(require('../../src/simulator/lifecycle') as typeof Lifecycle),
});

/** Stops the providers and removes the runs of this file's terraform tests. */
export const removeSimulatorRuns = (): void => {
  if (!UNIT_RUN) sim().removeRuns();
};
