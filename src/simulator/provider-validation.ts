// What hashicorp/kubernetes itself refuses in a resource's configuration (ValidateResourceConfig): the checks of
// .gen/schema/kubernetes-validations.json applied the way terraform-plugin-sdk v2 applies ValidateFunc and friends.
import * as fs from 'fs';
import { projectPath } from '../paths';
import { CHECKS } from './kubernetes-validations';
import { UNKNOWN } from './values';

export const KUBERNETES_VALIDATIONS_FILE = '.gen/schema/kubernetes-validations.json';

/** One row of the table: a check of the attribute at `path` (block names, any index) in each of `types`. */
export interface ValidationEntry {
  /** Resource types; data sources are prefixed `data.`. */
  readonly types: readonly string[];
  readonly path: string;
  readonly check: string;
  readonly args?: readonly unknown[];
  /** The check applies to each element of a list or set attribute. */
  readonly each?: boolean;
}

type Step = { attribute_name: string } | { element_key_int: number } | { element_key_string: string };

/** A diagnostic in the plugin protocol's shape (severity 1 is an error). */
export interface ProviderDiagnostic {
  readonly severity: 1 | 2;
  readonly summary: string;
  readonly detail: string;
  readonly attribute: { readonly steps: readonly Step[] };
}

let table: Map<string, ValidationEntry[]> | undefined;

/** The table, indexed by type (read once per provider process). */
export function validationsByType(): Map<string, ValidationEntry[]> {
  if (table) return table;
  const doc = JSON.parse(fs.readFileSync(projectPath(KUBERNETES_VALIDATIONS_FILE), 'utf8')) as { validations: ValidationEntry[] };
  table = new Map();
  for (const e of doc.validations) for (const t of e.types) table.set(t, [...(table.get(t) ?? []), e]);
  return table;
}

const isUnknown = (v: unknown): boolean =>
  v === UNKNOWN || (Array.isArray(v) ? v.some(isUnknown) : v !== null && typeof v === 'object' ? Object.values(v).some(isUnknown) : false);
const absent = (v: unknown) => v === null || v === undefined;

/** terraform.ResourceConfig.Get: a flat key (`metadata.0.name`) in the configuration; a name step into a list finds nothing. */
function lookup(root: unknown, flatKey: string): { found: boolean; value?: unknown } {
  let v = root;
  for (const step of flatKey.split('.')) {
    if (absent(v) || v === UNKNOWN) return { found: false };
    if (Array.isArray(v)) {
      if (!/^[0-9]+$/.test(step)) return { found: false };
      v = v[Number(step)];
    } else if (typeof v === 'object') v = (v as Record<string, unknown>)[step];
    else return { found: false };
  }
  return absent(v) ? { found: false } : { found: true, value: v };
}

/**
 * Rules over several arguments (ConflictsWith, RequiredWith, ExactlyOneOf, AtLeastOneOf), as schemaMap.validate
 * words them; `set` tells whether the attribute itself is configured.
 */
function combinationErrors(e: ValidationEntry, key: string, set: boolean, value: unknown, root: unknown): { summary: string; detail: string } | undefined {
  const keys = [...new Set([...(e.args?.[0] as string[]), key])].sort();
  const found = (k: string) => lookup(root, k);
  switch (e.check) {
    case 'ExactlyOneOf': {
      const unknown = keys.filter((k) => found(k).value === UNKNOWN).length;
      const specified = keys.filter((k) => found(k).found && found(k).value !== UNKNOWN);
      if (specified.length === 0 && unknown === 0)
        return { summary: 'Invalid combination of arguments', detail: `"${key}": one of \`${keys.join(',')}\` must be specified` };
      if (specified.length > 1)
        return {
          summary: 'Invalid combination of arguments',
          detail: `"${key}": only one of \`${keys.join(',')}\` can be specified, but \`${specified.join(',')}\` were specified.`,
        };
      return undefined;
    }
    case 'AtLeastOneOf':
      return keys.some((k) => found(k).found)
        ? undefined
        : { summary: 'Missing required argument', detail: `"${key}": one of \`${keys.join(',')}\` must be specified` };
    case 'RequiredWith':
      return !set || keys.every((k) => found(k).found)
        ? undefined
        : { summary: 'Missing required argument', detail: `"${key}": all of \`${keys.join(',')}\` must be specified` };
    case 'ConflictsWith': {
      if (!set || isUnknown(value)) return undefined;
      // An unknown conflicting value may turn out null, so it is not a conflict yet.
      const other = (e.args?.[0] as string[]).find((k) => found(k).found && found(k).value !== UNKNOWN);
      return other ? { summary: 'Conflicting configuration arguments', detail: `"${key}": conflicts with ${other}` } : undefined;
    }
  }
  return undefined;
}

const COMBINATIONS = new Set(['ExactlyOneOf', 'AtLeastOneOf', 'RequiredWith', 'ConflictsWith']);

/** The diagnostics the provider returns for one resource's (or, with `data`, data source's) configuration. */
export function validateKubernetesConfig(typeName: string, config: Record<string, unknown> | null, data = false): ProviderDiagnostic[] {
  if (!config) return [];
  const out: ProviderDiagnostic[] = [];
  for (const e of validationsByType().get(data ? `data.${typeName}` : typeName) ?? []) {
    const segments = e.path.split('.');
    const visit = (node: Record<string, unknown>, i: number, key: string, steps: Step[]) => {
      const name = segments[i];
      const k = key ? `${key}.${name}` : name;
      const s: Step[] = [...steps, { attribute_name: name }];
      const v = node[name];
      if (i === segments.length - 1) return attribute(e, v, k, s);
      if (absent(v) || v === UNKNOWN) return;
      if (Array.isArray(v))
        v.forEach((el, j) => el && typeof el === 'object' && visit(el as Record<string, unknown>, i + 1, `${k}.${j}`, [...s, { element_key_int: j }]));
      else if (typeof v === 'object') visit(v as Record<string, unknown>, i + 1, k, s);
    };
    const attribute = (entry: ValidationEntry, v: unknown, key: string, steps: Step[]) => {
      if (COMBINATIONS.has(entry.check)) {
        const problem = combinationErrors(entry, key, !absent(v), v, config);
        if (problem) out.push({ severity: 1, ...problem, attribute: { steps } });
        return;
      }
      // The SDK validates only set, wholly known values; unknown ones are checked again once known.
      if (absent(v) || isUnknown(v)) return;
      const run = (value: unknown, k: string, at: Step[]) => {
        const check = CHECKS[entry.check];
        if (!check) throw new Error(`no implementation of provider check ${entry.check}`);
        for (const summary of check(value, k, entry.args ?? [])) out.push({ severity: 1, summary, detail: '', attribute: { steps: at } });
      };
      if (entry.each && Array.isArray(v)) v.forEach((x, j) => !absent(x) && run(x, `${key}.${j}`, [...steps, { element_key_int: j }]));
      else if (!entry.each) run(v, key, steps);
    };
    visit(config, 0, '', []);
  }
  return out;
}
