// The coder/coder schema from the project's provider schema JSON (terraform providers schema -json form).
import { readProviderSchemas } from './schema-json';
import { ProviderSchemas } from './schema-types';

export function coderSchemas(): ProviderSchemas {
  return readProviderSchemas('.gen/schema/coder-provider.json');
}
