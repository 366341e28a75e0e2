// Kubernetes object names derived from Coder owner and workspace names: DNS-1123 labels of at most 63 characters.
import { createHash } from 'crypto';
import { Fn, Op, Token } from './cdktf';

/** Longest DNS-1123 label, and longest label value. */
export const MAX_NAME_LENGTH = 63;
const HASH_LENGTH = 8;
const INVALID = /[^a-z0-9-]/g;

/**
 * The name rule in plain TypeScript: lower-case, every character outside `[a-z0-9-]` replaced by
 * `-`, and when `base + suffix` is too long, `base` truncated and followed by `-` and the first 8
 * hex digits of the SHA-1 of the whole sanitised base, so distinct long names stay distinct and
 * the same input always gives the same name. {@link dnsNameExpression} is the same rule as a
 * Terraform expression; tests hold the two equal.
 */
export function dnsName(base: string, suffix = ''): string {
  const clean = base.toLowerCase().replace(INVALID, '-');
  const full = clean + suffix;
  if ([...full].length <= MAX_NAME_LENGTH) return full;
  const keep = MAX_NAME_LENGTH - suffix.length - HASH_LENGTH - 1;
  const hash = createHash('sha1').update(clean).digest('hex').slice(0, HASH_LENGTH);
  return `${[...clean].slice(0, keep).join('')}-${hash}${suffix}`;
}

/**
 * {@link dnsName} as a Terraform value, for bases only known at apply time such as
 * `coder-<owner>-<workspace>`. Returns a cdktf token string; tests hold it equal to
 * {@link dnsName} by evaluating it with the real `terraform console`.
 * @param base a string that may contain Terraform references (cdktf tokens)
 * @param suffix a literal suffix made of `[a-z0-9-]`, e.g. `-root`
 * @param sanitized true when `base` is already a {@link sanitizedValue} (skips doing it again)
 */
export function dnsNameValue(base: string, suffix = '', sanitized = false): string {
  if (!/^[a-z0-9-]*$/.test(suffix) || suffix.length > MAX_NAME_LENGTH - HASH_LENGTH - 2) {
    throw new RangeError(`name suffix "${suffix}" must be short and made of [a-z0-9-]`);
  }
  const clean = sanitized ? base : sanitizedValue(base);
  const keep = MAX_NAME_LENGTH - suffix.length - HASH_LENGTH - 1;
  const full = `${clean}${suffix}`;
  const shortened = `${Fn.substr(clean, 0, keep)}-${Fn.substr(Fn.sha1(clean), 0, HASH_LENGTH)}${suffix}`;
  return Token.asString(Fn.conditional(Op.lte(Fn.lengthOf(full), MAX_NAME_LENGTH), full, shortened));
}

/** Lower-cases `base` and replaces characters outside `[a-z0-9-]`, as a Terraform value (idempotent). */
export function sanitizedValue(base: string): string {
  return Fn.replace(Fn.lower(base), '/[^a-z0-9-]/', '-');
}

/** True when `name` is a DNS-1123 label: what Kubernetes accepts as a Service or label value. */
export function isDnsLabel(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name);
}
