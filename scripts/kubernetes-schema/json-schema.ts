// The `terraform providers schema -json` shapes the generator writes, and the validation table's entry shape.

export interface JsonAttribute {
  type: unknown;
  description_kind: 'plain';
  required?: true;
  optional?: true;
  computed?: true;
  sensitive?: true;
  deprecated?: true;
  write_only?: true;
}

export interface JsonNestedBlock {
  nesting_mode: 'single' | 'list' | 'set' | 'map';
  block: JsonBlock;
  min_items?: number;
  max_items?: number;
}

export interface JsonBlock {
  attributes?: Record<string, JsonAttribute>;
  block_types?: Record<string, JsonNestedBlock>;
  description_kind: 'plain';
  deprecated?: true;
}

export interface JsonSchema {
  version: number;
  block: JsonBlock;
}

/** One provider-side check of one attribute, before entries of several resource types are merged. */
export interface ValidationFact {
  /** Attribute path through nested blocks, names only: `spec.template.spec.container.image_pull_policy`. */
  readonly path: string;
  /** A check the simulator implements (see src/simulator/kubernetes-validations.ts). */
  readonly check: string;
  readonly args?: readonly unknown[];
  /** The check applies to each element of a list, set or map attribute rather than to the whole value. */
  readonly each?: true;
}

/** Sorts object keys the way Go's encoding/json does, so the file is stable. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    ) as T;
  }
  return value;
}

/** JSON with anything that fits in `width` characters on one line (an attribute per line): readable, diffable, and a third the size of fully indented JSON. */
export function formatJson(value: unknown, width = 120, indent = 0): string {
  const one = JSON.stringify(value);
  if (one.length <= width || value === null || typeof value !== 'object') return one;
  const pad = ' '.repeat(indent + 1);
  const close = ' '.repeat(indent);
  if (Array.isArray(value)) return `[\n${value.map((x) => pad + formatJson(x, width, indent + 1)).join(',\n')}\n${close}]`;
  return `{\n${Object.entries(value)
    .map(([k, x]) => `${pad}${JSON.stringify(k)}: ${formatJson(x, width, indent + 1)}`)
    .join(',\n')}\n${close}}`;
}
