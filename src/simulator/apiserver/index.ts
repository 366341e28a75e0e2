// The simulated API server and admission: the public surface the simulated provider (and tests) use.
export { type ApiObject, ConversionError, toApiObject, providerDefault } from './convert';
export { TYPED_RESOURCES } from './kinds';
export { admit, planManifest, type Operation } from './admission';
export {
  type ClusterView,
  type Baseline,
  type CrdRef,
  BUILT_IN_NAMESPACES,
  KUBEVIRT_CRDS,
  CDI_CRDS,
  namespace,
  runtimeClass,
  clusterView,
  writeBaseline,
  readBaseline,
  storedObjects,
  baselineAfter,
} from './cluster';
export { openApiStatus, openApiProblems, type OpenApiStatus } from './openapi';

import { ClusterView } from './cluster';
import { TYPED_RESOURCES } from './kinds';
import { openApiStatus } from './openapi';

/** Whether the simulated API server models a resource type (other typed resources are stored unchecked). */
export const modelled = (terraformType: string) => terraformType === 'kubernetes_manifest' || TYPED_RESOURCES[terraformType] !== undefined;

/** Checks the simulated API server cannot make in this run, each with its reason (empty: every check runs). */
export function skippedChecks(cluster: ClusterView): string[] {
  const skipped: string[] = [];
  const status = openApiStatus();
  if (!status.available) skipped.push(`${status.reason}; typed resources are checked for metadata only`);
  if (cluster.openWorld)
    skipped.push('existence checks skipped (namespaces, RuntimeClasses, CRDs, DataSources): no cluster baseline was declared for this run');
  return skipped;
}
