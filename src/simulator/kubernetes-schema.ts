// The hashicorp/kubernetes 2.38.0 schema as the provider declares it, from the committed
// .gen/schema/kubernetes-provider.json (generated from the provider's Go source by `npm run gen:kubernetes-schema`).
import { readProviderSchemas } from './schema-json';
import { ProviderSchemas } from './schema-types';

export const KUBERNETES_SCHEMA_FILE = '.gen/schema/kubernetes-provider.json';

export function kubernetesSchemas(): ProviderSchemas {
  return readProviderSchemas(KUBERNETES_SCHEMA_FILE);
}
