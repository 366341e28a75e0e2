// Reads a provider's schemas from a committed `terraform providers schema -json` file into the simulator's form.
import * as fs from 'fs';
import { projectPath } from '../paths';
import { ProviderSchemas, SchemaBlock } from './schema-types';

interface JsonBlock {
  attributes?: Record<string, { type: unknown; required?: boolean; optional?: boolean; computed?: boolean; sensitive?: boolean }>;
  block_types?: Record<string, { nesting_mode: string; block: JsonBlock; min_items?: number; max_items?: number }>;
}

function convert(b: JsonBlock): SchemaBlock {
  return {
    attributes: Object.entries(b.attributes ?? {}).map(([name, a]) => ({
      name,
      type: a.type,
      required: a.required,
      optional: a.optional,
      computed: a.computed,
      sensitive: a.sensitive,
    })),
    block_types: Object.entries(b.block_types ?? {}).map(([type_name, t]) => ({
      type_name,
      block: convert(t.block),
      nesting: t.nesting_mode as SchemaBlock['block_types'][number]['nesting'],
      min_items: t.min_items,
      max_items: t.max_items,
    })),
  };
}

/** The schemas of the one provider in `relativePath` (relative to the project root). */
export function readProviderSchemas(relativePath: string): ProviderSchemas {
  const doc = JSON.parse(fs.readFileSync(projectPath(relativePath), 'utf8'));
  const p = Object.values(doc.provider_schemas)[0] as {
    provider: { block: JsonBlock };
    resource_schemas: Record<string, { block: JsonBlock }>;
    data_source_schemas: Record<string, { block: JsonBlock }>;
  };
  const map = (x: Record<string, { block: JsonBlock }>) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, convert(v.block)]));
  return { provider: convert(p.provider.block), resources: map(p.resource_schemas), dataSources: map(p.data_source_schemas) };
}
