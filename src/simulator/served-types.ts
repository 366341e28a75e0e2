// Which part of a provider's schema a terraform command needs: the types its configuration and
// state name. Terraform reads the whole GetProviderSchema response on every command (~1 MB for
// hashicorp/kubernetes, ~0.1 s of terraform's CPU); it never looks at a type nothing names.
import * as fs from 'fs';
import * as path from 'path';
import { ProviderSchemas } from './schema-types';

/** Every `<prefix>_…` word in the working directory's Terraform files (modules included) and its state. */
export function namedWords(dir: string, prefix: string): Set<string> {
  const words = new Set<string>();
  const pattern = new RegExp(`\\b${prefix}_[a-z0-9_]+`, 'g');
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (/\.tf(\.json)?$|^terraform\.tfstate$/.test(e.name)) for (const m of fs.readFileSync(f, 'utf8').match(pattern) ?? []) words.add(m);
    }
  };
  walk(dir);
  return words;
}

/**
 * The schemas to serve for a command in `dir`: the resource and data source types named there.
 * When a named word is not one of the provider's types (a typo, or a local that merely starts
 * with the prefix), the whole schema is served, so that terraform's own error for an unknown type
 * (with its "did you mean" suggestion from the full list) is exactly the real provider's.
 */
export function servedSchemas(schemas: ProviderSchemas, dir: string, prefix: string): ProviderSchemas {
  const words = namedWords(dir, prefix);
  if ([...words].some((w) => schemas.resources[w] === undefined && schemas.dataSources[w] === undefined)) return schemas;
  const pick = (all: ProviderSchemas['resources']) => Object.fromEntries(Object.entries(all).filter(([name]) => words.has(name)));
  return { provider: schemas.provider, resources: pick(schemas.resources), dataSources: pick(schemas.dataSources) };
}
