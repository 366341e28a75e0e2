// The hashicorp/kubernetes provider's attribute validators (its `validate…` functions and the SDK's `validation.…`
// helpers), by the name .gen/schema/kubernetes-validations.json uses; messages follow the provider's format strings.
import * as f from './kubernetes-formats';

/** Runs one validator on a known, non-null value; `key` is the SDK's flat key (`spec.0.restart_policy`). */
export type Check = (value: unknown, key: string, args: readonly unknown[]) => string[];

/** Go's %q of a string and of a []string. */
const q = (s: unknown) => JSON.stringify(String(s));
const qList = (xs: readonly unknown[]) => `[${xs.map(q).join(' ')}]`;

const str = (key: string, v: unknown, quoted = false): string | string[] =>
  typeof v === 'string' ? v : [`expected type of ${quoted ? q(key) : key} to be string`];
const int = (key: string, v: unknown, quoted = false): number | string[] =>
  typeof v === 'number' && Number.isInteger(v) ? v : [`expected type of ${quoted ? q(key) : key} to be integer`];

/** A check of a string value. */
function onString(test: (v: string, key: string, args: readonly unknown[]) => string[], quoted = false): Check {
  return (value, key, args) => {
    const v = str(key, value, quoted);
    return Array.isArray(v) ? v : test(v, key, args);
  };
}
function onInt(test: (v: number, key: string, args: readonly unknown[]) => string[], quoted = false): Check {
  return (value, key, args) => {
    const v = int(key, value, quoted);
    return Array.isArray(v) ? v : test(v, key, args);
  };
}
/** Provider validators of a string map (`labels`, `annotations`, `limits`). */
function onMap(test: (m: Record<string, unknown>, key: string) => string[]): Check {
  return (value, key) => (value && typeof value === 'object' && !Array.isArray(value) ? test(value as Record<string, unknown>, key) : []);
}
const prefixed = (key: string, problems: string[]) => problems.map((p) => `${key} ${p}`);

/** `validateTypeStringNullableIntOrPercent`: "", an int32, or a percentage 0–100. */
function intOrPercent(v: string, key: string): string[] {
  if (v === '') return [];
  if (v.endsWith('%')) {
    const p = f.parseGoInt(v.slice(0, -1), 10, 32);
    const out = 'error' in p ? [`${key}: cannot parse '${v}' as percent: ${p.error}`] : [];
    const n = 'value' in p ? p.value : 0;
    if (n < 0 || n > 100) out.push(`${key}: '${v}' is not between 0% and 100%`);
    return out;
  }
  const p = f.parseGoInt(v, 10, 32);
  return 'error' in p ? [`${key}: cannot parse '${v}' as int or percent: ${p.error}`] : [];
}

/** `validateModeBits`: a file mode in octal, with its leading 0. */
function modeBits(v: string, key: string): string[] {
  const out: string[] = [];
  if (!v.startsWith('0')) out.push(`${key}: value ${v} should start with '0' (octal numeral)`);
  const p = f.parseGoInt(v, 8, 32);
  if ('error' in p) out.push(`${key} :Cannot parse octal numeral (${q(v)}): ${p.error}`);
  else if (p.value < 0 || p.value > 0o777) out.push(`${key} (0${p.value.toString(8)}) expects octal notation (a value between 0 and 0777)`);
  return out;
}

/** `validatePath`: relative, without `..` segments. */
function relativePath(v: string, key: string): string[] {
  if (v.startsWith('/')) return ['must be a relative path'];
  if (v.split('/').includes('..')) return [`${q(key)} must not contain ".."`];
  return v.startsWith('..') ? [`${q(key)} must not start with ".."`] : [];
}

function portNumOrName(value: unknown, key: string): string[] {
  if (typeof value === 'number') return prefixed(key, f.portNumber(value));
  if (typeof value !== 'string') return [`${key} must be defined of type string or int on the schema`];
  return /^[+-]?[0-9]+$/.test(value) ? prefixed(key, f.portNumber(Number(value))) : prefixed(key, f.portName(value));
}

export const CHECKS: Record<string, Check> = {
  // terraform-plugin-sdk helper/validation
  StringInSlice: onString((v, key, [valid, ignoreCase]) => {
    const ok = (valid as string[]).some((s) => s === v || (ignoreCase === true && s.toLowerCase() === v.toLowerCase()));
    return ok ? [] : [`expected ${key} to be one of ${qList(valid as string[])}, got ${v}`];
  }),
  StringMatch: onString((v, key, [pattern, message]) => {
    if (new RegExp(pattern as string).test(v)) return [];
    return message ? [`invalid value for ${key} (${message})`] : [`expected value of ${key} to match regular expression ${q(pattern)}, got ${v}`];
  }),
  StringIsNotWhiteSpace: onString((v, key) => (v.trim() === '' ? [`expected ${q(key)} to not be an empty string or whitespace`] : []), true),
  StringIsValidRegExp: onString((v, key) => {
    try {
      new RegExp(v);
      return [];
    } catch (err) {
      return [`${q(key)}: ${(err as Error).message}`];
    }
  }),
  IntBetween: onInt((v, key, [min, max]) =>
    v >= (min as number) && v <= (max as number) ? [] : [`expected ${key} to be in the range (${min} - ${max}), got ${v}`],
  ),
  IntAtLeast: onInt((v, key, [min]) => (v >= (min as number) ? [] : [`expected ${key} to be at least (${min}), got ${v}`])),
  IntNotInSlice: onInt((v, key, [invalid]) =>
    (invalid as number[]).includes(v) ? [`expected ${key} to not be one of [${(invalid as number[]).join(' ')}], got ${v}`] : [],
  ),
  IsPortNumber: onInt((v, key) => (v >= 1 && v <= 65535 ? [] : [`expected ${q(key)} to be a valid port number, got: ${v}`]), true),
  IsPortNumberOrZero: onInt((v, key) => (v >= 0 && v <= 65535 ? [] : [`expected ${q(key)} to be a valid port number or 0, got: ${v}`]), true),
  IsIPAddress: onString((v, key) => (f.isIPAddress(v) ? [] : [`expected ${key} to contain a valid IP, got: ${v}`]), true),
  IsCIDR: onString((v, key) => (f.isCIDR(v) ? [] : [`expected ${q(key)} to be a valid CIDR Value, got ${v}: invalid CIDR address: ${v}`])),
  /** Passes when any of its validators passes; otherwise reports all their errors. */
  Any: (value, key, validators) => {
    const all: string[] = [];
    for (const { check, args } of validators as { check: string; args?: unknown[] }[]) {
      const errors = CHECKS[check](value, key, args ?? []);
      if (errors.length === 0) return [];
      all.push(...errors);
    }
    return all;
  },

  // the provider's kubernetes/validators.go and schema_rbac.go
  validateName: onString((v, key) => prefixed(key, f.dns1123Subdomain(v))),
  validateGenerateName: onString((v, key) => prefixed(key, f.dns1123Label(v, true))),
  validateRBACNameFunc: onString((v, key) => prefixed(key, f.pathSegmentName(v))),
  validateAnnotations: onMap((m, key) => Object.keys(m).flatMap((k) => f.qualifiedName(k.toLowerCase()).map((p) => `${key} (${q(k)}) ${p}`))),
  validateLabels: onMap((m, key) =>
    Object.entries(m).flatMap(([k, v]) => [
      ...f.qualifiedName(k).map((p) => `${key} (${q(k)}) ${p}`),
      ...f.labelValue(String(v)).map((p) => `${key} (${q(v)}) ${p}`),
    ]),
  ),
  validateResourceList: onMap((m, key) =>
    Object.entries(m).flatMap(([k, v]) => {
      const err = typeof v === 'string' ? f.quantityError(v) : undefined;
      return err ? [`${key}.${k} (${q(v)}): ${err}`] : [];
    }),
  ),
  validateResourceQuantity: onString((v, key) => {
    const err = f.quantityError(v);
    return err ? [`${key}.${v} : ${err}`] : [];
  }),
  validateBase64EncodedMap: onMap((m) =>
    Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' && f.isBase64(v) ? [] : [`${k} (${q(v)}) ${k}: must be a base64-encoded string`])),
  ),
  validatePortNum: onInt((v, key) => prefixed(key, f.portNumber(v))),
  validatePortName: onString((v, key) => prefixed(key, f.portName(v))),
  validatePortNumOrName: portNumOrName,
  validatePositiveInteger: onInt((v, key) => (v > 0 ? [] : [`${key} must be greater than 0`])),
  validateNonNegativeInteger: onInt((v, key) => (v >= 0 ? [] : [`${key} must be greater than or equal to 0`])),
  validateTerminationGracePeriodSeconds: onInt((v, key) => (v >= 0 ? [] : [`${key} must be greater than or equal to 0`])),
  validateIntGreaterThan: onInt((v, key, [min]) => (v >= (min as number) ? [] : [`${key} must be greater than or equal to ${min}`])),
  validateTypeStringNullableInt: (value, key) => {
    if (typeof value !== 'string') return [`expected type of ${key} to be string`];
    const p = value === '' ? { value: 0 } : f.parseGoInt(value, 10, 64);
    return 'error' in p ? [`${key}: cannot parse '${value}' as int: ${p.error}`] : [];
  },
  validateTypeStringNullableIntOrPercent: (value, key) => (typeof value === 'string' ? intOrPercent(value, key) : [`expected type of ${key} to be string`]),
  validateModeBits: onString(modeBits),
  validatePath: onString(relativePath),
  validateCronExpression: onString((v, key) => (f.isCronExpression(v) ? [] : [`${q(key)} should be an valid Cron expression`])),
};
