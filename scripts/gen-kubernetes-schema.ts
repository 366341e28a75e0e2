// Regenerates .gen/schema/kubernetes-provider.json and kubernetes-validations.json from the provider's Go source.
//
// Usage: npm run gen:kubernetes-schema -- <checkout or git dir> [ref]   (e.g. a mirror of
// hashicorp/terraform-provider-kubernetes and v2.38.0). Nothing here runs at test time: the tests and the
// simulator read the committed JSON.
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT as ROOT } from '../src/paths';
import { Evaluator, GoMap, Value } from './kubernetes-schema/go-eval';
import { parsePackage } from './kubernetes-schema/go-package';
import { openSource } from './kubernetes-schema/go-source';
import { formatJson, JsonSchema, sortKeys, ValidationFact } from './kubernetes-schema/json-schema';
import { K8S_CONSTANTS } from './kubernetes-schema/k8s-constants';
import { protocolSchemas } from './kubernetes-schema/protocol-schema';
import { SdkConverter } from './kubernetes-schema/sdk-schema';

const PROVIDER = 'registry.terraform.io/hashicorp/kubernetes';

interface Generated {
  provider: JsonSchema;
  resources: Record<string, JsonSchema>;
  dataSources: Record<string, JsonSchema>;
  /** Type names (data sources prefixed `data.`) → facts. */
  facts: Map<string, ValidationFact[]>;
  failures: string[];
  skipped: string[];
  missing: string[];
}

export function generate(location: string, ref?: string): Generated & { source: string } {
  const source = openSource(location, ref);
  const sdkPkg = parsePackage(source.packageFiles('kubernetes'));
  // Validators built by a call (validateIntGreaterThan(600)) stay data rather than being run.
  const sdk = new Evaluator(sdkPkg, K8S_CONSTANTS, (name) => name.startsWith('validate'));
  const convert = new SdkConverter();
  const out: Generated = {
    provider: { version: 0, block: { description_kind: 'plain' } },
    resources: {},
    dataSources: {},
    facts: new Map(),
    failures: [],
    skipped: convert.skipped,
    missing: [],
  };

  const provider = sdk.call('Provider') as Value & { fields: Map<string, Value> };
  out.provider.block = convert.providerBlock(provider);
  for (const [field, target, prefix] of [
    ['ResourcesMap', out.resources, ''],
    ['DataSourcesMap', out.dataSources, 'data.'],
  ] as const) {
    const map = provider.fields.get(field);
    if (!(map instanceof GoMap)) throw new Error(`Provider().${field} is not a map`);
    for (const [name, value] of map.entries) {
      try {
        const { schema, facts } = convert.resource(`${prefix}${name}`, value);
        target[String(name)] = schema;
        out.facts.set(`${prefix}${name}`, facts);
      } catch (err) {
        out.failures.push(`${prefix}${name}: ${(err as Error).message}`);
      }
    }
  }

  // kubernetes_manifest and its data sources come from the muxed plugin-go server in manifest/provider.
  const manifest = new Evaluator(parsePackage(source.packageFiles('manifest/provider')), K8S_CONSTANTS, () => false);
  Object.assign(out.resources, protocolSchemas(manifest.call('GetProviderResourceSchema')));
  Object.assign(out.dataSources, protocolSchemas(manifest.call('GetProviderDataSourceSchema')));
  out.missing.push(...[...convert.missing].sort());
  return { ...out, source: source.description };
}

/** Facts of several types merged: one entry per path and check, listing every type it applies to. */
export function validationTable(facts: Map<string, ValidationFact[]>): unknown[] {
  const merged = new Map<string, { types: string[]; fact: ValidationFact }>();
  for (const [type, list] of facts) {
    for (const fact of list) {
      const key = JSON.stringify([fact.path, fact.check, fact.args ?? null, fact.each ?? false]);
      if (!merged.has(key)) merged.set(key, { types: [], fact });
      merged.get(key)!.types.push(type);
    }
  }
  return [...merged.values()]
    .map(({ types, fact }) => ({ types: types.sort(), ...fact }))
    .sort((a, b) => a.types[0].localeCompare(b.types[0]) || a.path.localeCompare(b.path) || a.check.localeCompare(b.check));
}

function main(): void {
  const [location, ref] = process.argv.slice(2);
  if (!location) {
    console.error('usage: gen-kubernetes-schema <provider checkout or git dir> [ref, e.g. v2.38.0]');
    process.exit(2);
  }
  const g = generate(location, ref);
  if (g.missing.length) {
    console.error(`constants missing from scripts/kubernetes-schema/k8s-constants.ts:\n  ${g.missing.join('\n  ')}`);
    process.exit(1);
  }
  if (g.failures.length) {
    console.error(`could not derive ${g.failures.length} schemas:\n  ${g.failures.join('\n  ')}`);
    process.exit(1);
  }
  const version = (ref ?? '').replace(/^v/, '') || 'unknown';
  const provenance = {
    source: `hashicorp/terraform-provider-kubernetes ${g.source}: kubernetes/*.go (SDKv2 schemas, evaluated by scripts/kubernetes-schema) and manifest/provider/*.go (plugin-go schemas)`,
    rules:
      'terraform-plugin-sdk v2.37.0 helper/schema/core_schema.go: implicit id optional+computed, timeouts block (single), computed-only nested resources as attributes, Required blocks min_items 1, Optional blocks min_items 0',
    omitted: 'descriptions (the provider wording is not copied); ephemeral resources and functions of the framework server',
  };
  const doc = sortKeys({
    format_version: '1.0',
    provider_schemas: { [PROVIDER]: { provider: g.provider, resource_schemas: g.resources, data_source_schemas: g.dataSources } },
    cvmkit_provider_version: version,
    cvmkit_generator: provenance,
  });
  const schemaFile = path.join(ROOT, '.gen/schema/kubernetes-provider.json');
  fs.writeFileSync(schemaFile, `${formatJson(doc)}\n`);

  const table = validationTable(g.facts);
  const validationsFile = path.join(ROOT, '.gen/schema/kubernetes-validations.json');
  const header = { cvmkit_provider_version: version, cvmkit_generator: { ...provenance, skipped: g.skipped.sort() } };
  // One entry per line keeps the table readable and its diffs small.
  const body = table.map((e) => `    ${JSON.stringify(e)}`).join(',\n');
  fs.writeFileSync(validationsFile, `${JSON.stringify(header, null, 2).slice(0, -2)},\n  "validations": [\n${body}\n  ]\n}\n`);
  console.log(`${path.relative(ROOT, schemaFile)}: ${Object.keys(g.resources).length} resources, ${Object.keys(g.dataSources).length} data sources`);
  console.log(`${path.relative(ROOT, validationsFile)}: ${table.length} validations; ${g.skipped.length} validators left out (function literals)`);
}

if (require.main === module) main();
