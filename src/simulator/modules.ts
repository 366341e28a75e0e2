// Offline stand-ins for registry modules: each declares a module's real inputs and outputs, installed where `terraform init` would put the module.
import * as fs from 'fs';
import * as path from 'path';
import { moduleBySource, ModuleVariable, RegistryModuleSpec } from '../../constructs/modules/catalog';
import { moduleCallsInHcl } from './module-calls';

/** A `module` block of a template's root folder. */
export interface ModuleCall {
  /** The block's name (`module.<name>`), the key of Terraform's module manifest. */
  readonly name: string;
  /** Its `source` as written. */
  readonly source: string;
  /** Its `version` constraint, if any. */
  readonly version?: string;
}

/** Module calls of the root module's `.tf` and `.tf.json` files. */
export function moduleCalls(files: ReadonlyMap<string, string>): ModuleCall[] {
  const calls: ModuleCall[] = [];
  for (const [file, content] of files) {
    if (file.includes('/')) continue;
    if (file.endsWith('.tf')) calls.push(...moduleCallsInHcl(content));
    if (file.endsWith('.tf.json')) calls.push(...moduleCallsInJson(content));
  }
  return calls;
}

function moduleCallsInJson(content: string): ModuleCall[] {
  const json = JSON.parse(content) as { module?: unknown };
  const blocks = ([] as unknown[]).concat(json.module ?? []) as Record<string, unknown>[];
  return blocks.flatMap((b) =>
    Object.entries(b).flatMap(([name, body]) =>
      ([] as unknown[]).concat(body).map((x) => {
        const o = x as { source?: unknown; version?: unknown };
        return { name, source: String(o.source ?? ''), version: typeof o.version === 'string' ? o.version : undefined };
      }),
    ),
  );
}

/** Terraform's condition for a variable's enumeration or pattern, as a JSON-syntax expression. */
function conditions(name: string, v: ModuleVariable): { condition: string; error_message: string }[] {
  const out: { condition: string; error_message: string }[] = [];
  const each = v.type.startsWith('list(') || v.type.startsWith('set(');
  const test = (expr: string) => (each ? `alltrue([for x in var.${name} : ${expr.replace('VALUE', 'x')}])` : expr.replace('VALUE', `var.${name}`));
  const nullable = v.default === null ? `var.${name} == null || ` : '';
  if (v.oneOf !== undefined) {
    out.push({
      condition: `\${${nullable}${test(`contains(${JSON.stringify(v.oneOf)}, VALUE)`)}}`,
      error_message: `Must be one of ${v.oneOf.join(', ')} (cvmkit stand-in of the module).`,
    });
  }
  if (v.pattern !== undefined) {
    out.push({
      condition: `\${${nullable}${test(`can(regex(${JSON.stringify(v.pattern)}, VALUE))`)}}`,
      error_message: `Must match ${v.pattern} (cvmkit stand-in of the module).`,
    });
  }
  return out;
}

/**
 * The stand-in of a module as Terraform JSON: its variables (type, default or required, the
 * enumerations and patterns it validates) and its outputs (typed placeholders), and nothing else.
 * Terraform then checks a call's arguments exactly as against the real module.
 */
export function standInModule(spec: RegistryModuleSpec): Record<string, unknown> {
  const variable = Object.fromEntries(
    Object.entries(spec.variables).map(([name, v]) => {
      const validation = conditions(name, v);
      return [
        name,
        {
          type: v.type,
          ...(v.required ? {} : { default: v.default ?? null }),
          ...(v.sensitive ? { sensitive: true } : {}),
          ...(validation.length > 0 ? { validation } : {}),
        },
      ];
    }),
  );
  const output = Object.fromEntries(Object.entries(spec.outputs).map(([name, type]) => [name, { value: type === 'map' ? {} : '' }]));
  return {
    '//': `cvmkit's offline stand-in for ${spec.source} ${spec.version}: its inputs and outputs, none of its code.`,
    variable,
    ...(Object.keys(output).length > 0 ? { output } : {}),
  };
}

/** Where Terraform's module installer keeps modules and its manifest, relative to the root folder. */
const MODULES_DIR = path.join('.terraform', 'modules');

/**
 * Writes the stand-ins of every registry module `files` call into `dir/.terraform/modules/<name>`
 * and Terraform's module manifest (`modules.json`) listing them with the source and version the
 * real installer would record, so terraform loads them without `terraform init` or a network.
 * Calls of modules cvmkit has no stand-in for are returned (Terraform reports them as not installed).
 */
export function installModuleStandIns(dir: string, files: ReadonlyMap<string, string>): { installed: ModuleCall[]; missing: ModuleCall[] } {
  const root = path.join(dir, MODULES_DIR);
  fs.rmSync(root, { recursive: true, force: true });
  const calls = moduleCalls(files);
  if (calls.length === 0) return { installed: [], missing: [] };
  const installed: ModuleCall[] = [];
  const missing: ModuleCall[] = [];
  const manifest: Record<string, string>[] = [{ Key: '', Source: '', Dir: '.' }];
  for (const call of calls) {
    const found = moduleBySource(call.source);
    if (found === undefined) {
      missing.push(call);
      continue;
    }
    const moduleDir = path.join(MODULES_DIR, call.name);
    fs.mkdirSync(path.join(dir, moduleDir), { recursive: true });
    fs.writeFileSync(path.join(dir, moduleDir, 'main.tf.json'), `${JSON.stringify(standInModule(found.spec), null, 2)}\n`);
    // The version installed is the one cvmkit knows; a constraint it does not meet is Terraform's error.
    manifest.push({ Key: call.name, Source: call.source, Version: found.spec.version, Dir: moduleDir });
    installed.push(call);
  }
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'modules.json'), JSON.stringify({ Modules: manifest }));
  return { installed, missing };
}
