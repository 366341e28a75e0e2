// Kubernetes value formats the provider checks with apimachinery's validators (names, labels, quantities, ports, cron).
// Each returns the problems found, worded after apimachinery's messages (shortened, not copied).
import { isIP } from 'net';

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** IsDNS1123Subdomain: what metadata.name of most objects must be. */
export function dns1123Subdomain(v: string): string[] {
  const out: string[] = [];
  if (v.length > 253) out.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(v)) {
    out.push(
      `a lowercase RFC 1123 subdomain must be lower case alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character (e.g. 'example.com'; pattern '${DNS1123_SUBDOMAIN.source.slice(1, -1)}')`,
    );
  }
  return out;
}

/** IsDNS1123Label; with `prefix`, a trailing dash is allowed (generate_name), as NameIsDNSLabel does. */
export function dns1123Label(v: string, prefix = false): string[] {
  const s = prefix && v.length > 1 && v.endsWith('-') ? `${v.slice(0, -1)}a` : v;
  const out: string[] = [];
  if (s.length > 63) out.push('must be no more than 63 characters');
  if (!new RegExp(`^${DNS1123_LABEL}$`).test(s)) {
    out.push(
      `a lowercase RFC 1123 label must be lower case alphanumeric characters or '-', starting and ending with an alphanumeric character (e.g. 'my-name'; pattern '${DNS1123_LABEL}')`,
    );
  }
  return out;
}

/** IsQualifiedName: label and annotation keys, `[prefix/]name`. */
export function qualifiedName(v: string): string[] {
  const parts = v.split('/');
  let name = parts[0];
  const out: string[] = [];
  if (parts.length === 2) {
    const [prefix] = parts;
    name = parts[1];
    if (prefix.length === 0) out.push('prefix part must be non-empty');
    else out.push(...dns1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else if (parts.length > 2) {
    return [
      `a qualified name is an optional DNS subdomain prefix and '/' followed by a name of alphanumeric characters, '-', '_' or '.' that starts and ends with an alphanumeric character (e.g. 'example.com/MyName'; name pattern '${QUALIFIED_NAME.source.slice(1, -1)}')`,
    ];
  }
  if (name.length === 0) out.push('name part must be non-empty');
  else if (name.length > 63) out.push('name part must be no more than 63 characters');
  if (name.length > 0 && !QUALIFIED_NAME.test(name)) {
    out.push(
      `name part must be alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character (e.g. 'MyName' or 'my.name'; pattern '${QUALIFIED_NAME.source.slice(1, -1)}')`,
    );
  }
  return out;
}

/** IsValidLabelValue. */
export function labelValue(v: string): string[] {
  const out: string[] = [];
  if (v.length > 63) out.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(v))
    out.push(
      `a valid label value is empty or alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character (e.g. 'MyValue' or 'my_value'; pattern '${LABEL_VALUE.source.slice(1, -1)}')`,
    );
  return out;
}

/** IsValidPathSegmentName: RBAC object names. */
export function pathSegmentName(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  return ['/', '%'].filter((c) => v.includes(c)).map((c) => `may not contain '${c}'`);
}

/** IsValidPortNum. */
export function portNumber(v: number): string[] {
  return v >= 1 && v <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** IsValidPortName (IANA service name). */
export function portName(v: string): string[] {
  const out: string[] = [];
  if (v.length < 1 || v.length > 15) out.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(v)) out.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (v.includes('--')) out.push('must not contain consecutive hyphens');
  if (v.length > 0 && !/[a-z]/.test(v)) out.push('must contain at least one letter (a-z)');
  if (v.startsWith('-') || v.endsWith('-')) out.push('must not begin or end with a hyphen');
  return out;
}

/** resource.ParseQuantity: the error text, or undefined when `v` is a quantity (`500m`, `2Gi`, `1e3`). */
export function quantityError(v: string): string | undefined {
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)$/.exec(v);
  if (!m) return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  const suffix = m[2];
  const known = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E'];
  if (known.includes(suffix) || /^[eE][+-]?[0-9]+$/.test(suffix)) return undefined;
  if (!/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  return "unable to parse quantity's suffix";
}

/** Go's strconv.ParseInt(s, base, bits): the value, or the error text. */
export function parseGoInt(s: string, base: 8 | 10, bits: 32 | 64): { value: number } | { error: string } {
  const digits = base === 8 ? /^[+-]?[0-7]+$/ : /^[+-]?[0-9]+$/;
  const prefix = `strconv.ParseInt: parsing ${JSON.stringify(s)}:`;
  if (!digits.test(s)) return { error: `${prefix} invalid syntax` };
  const value = parseInt(s, base);
  const limit = 2 ** (bits - 1);
  if (value >= limit || value < -limit) return { error: `${prefix} value out of range` };
  return { value };
}

/** net.ParseIP. */
export function isIPAddress(v: string): boolean {
  return isIP(v) !== 0;
}

/** net.ParseCIDR. */
export function isCIDR(v: string): boolean {
  const [ip, bits, extra] = v.split('/');
  if (extra !== undefined || bits === undefined || !/^[0-9]+$/.test(bits)) return false;
  const family = isIP(ip);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

/** Go's base64.StdEncoding (padded) accepts `v`. */
export function isBase64(v: string): boolean {
  return v.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(v);
}

const CRON_FIELDS: readonly (readonly [number, number, (readonly string[])?])[] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12, ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']],
  [0, 6, ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']],
];

/** robfig/cron's ParseStandard: five fields (or a descriptor such as `@daily`). */
export function isCronExpression(v: string): boolean {
  const s = v.trim();
  if (s.startsWith('@'))
    return (
      ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'].includes(s) ||
      /^@every [0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h)([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))*$/.test(s)
    );
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return false;
  return fields.every((f, i) => {
    const [min, max, names] = CRON_FIELDS[i];
    const num = (x: string) => {
      const n = names?.indexOf(x.toUpperCase()) ?? -1;
      return n >= 0 ? n + min : /^[0-9]+$/.test(x) ? Number(x) : NaN;
    };
    return f.split(',').every((part) => {
      const [range, step, extra] = part.split('/');
      if (extra !== undefined || (step !== undefined && !/^[0-9]+$/.test(step))) return false;
      if (range === '*' || range === '?') return true;
      const [lo, hi, more] = range.split('-');
      const a = num(lo);
      const b = hi === undefined ? a : num(hi);
      return more === undefined && a >= min && b <= max && a <= b;
    });
  });
}
