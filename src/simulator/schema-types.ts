// Provider schemas as the simulator holds them (the shape of `terraform providers schema -json`, simplified).

/** An attribute; `type` is a cty type in its JSON form (`"string"`, `["list","string"]`, `"dynamic"`…). */
export interface SchemaAttribute {
  readonly name: string;
  readonly type: unknown;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
}

/** A nested block type. */
export interface SchemaNestedBlock {
  readonly type_name: string;
  readonly block: SchemaBlock;
  readonly nesting: 'single' | 'list' | 'set' | 'map' | 'group';
  readonly min_items?: number;
  readonly max_items?: number;
}

/** A block: attributes and nested blocks. */
export interface SchemaBlock {
  readonly attributes: SchemaAttribute[];
  readonly block_types: SchemaNestedBlock[];
}

/** One provider's schemas. */
export interface ProviderSchemas {
  readonly provider: SchemaBlock;
  readonly resources: Record<string, SchemaBlock>;
  readonly dataSources: Record<string, SchemaBlock>;
}
