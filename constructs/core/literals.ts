// Props that constructs write into Terraform as literal strings, kept literal: template sequences refused or escaped.
import { IConstruct } from './cdktf';
import { CvmkitValidationError } from './errors';

/**
 * Where a cdktf token (a Terraform reference such as a resource attribute) sits inside a string.
 * Tokens are how code passes references on purpose; only the text around them is a literal.
 */
const STRING_TOKEN = /\$\{TfToken\[[A-Za-z0-9:._-]+\]\}/g;
/** `${` and `%{` open template sequences in every Terraform string, in HCL and in `.tf.json` alike. */
const SEQUENCE = /[$%]\{/;
const LINE_BREAK = /[\r\n]/;

function literalParts(text: string): string[] {
  return text.split(STRING_TOKEN);
}

/** The first `${` or `%{` in the literal text of `value` (tokens excluded), or undefined. */
export function templateSequence(value: string): string | undefined {
  for (const part of literalParts(value)) {
    const m = SEQUENCE.exec(part);
    if (m) return m[0];
  }
  return undefined;
}

/**
 * Why `value` cannot be written as a Terraform literal, or undefined when it can. Names, URLs,
 * images, labels and the like are single lines: a line break is refused too. A `$` or `%` that
 * does not open a template sequence is fine.
 */
export function literalProblem(value: string, multiLine = false): string | undefined {
  const sequence = templateSequence(value);
  if (sequence !== undefined) {
    return `${JSON.stringify(value)} contains "${sequence}", which Terraform would evaluate as a template sequence; cvmkit writes this value as a literal and refuses "\${" and "%{" in it`;
  }
  if (!multiLine && literalParts(value).some((p) => LINE_BREAK.test(p)))
    return `${JSON.stringify(value)} contains a line break; the value must be a single line`;
  return undefined;
}

/** Formats a prop path the way TypeScript reads it: `tolerations[0].key`, `imageUrls["debian-12"]`. */
export function propPath(segments: readonly (string | number)[]): string {
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? `${i === 0 ? '' : '.'}${s}` : `[${JSON.stringify(s)}]`))
    .join('');
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Refuses template sequences and line breaks in every string of `props` (map keys included),
 * walking plain objects and arrays; class instances (sizes, constructs) are left to their own
 * checks. `skip` names top-level props that are free text, escaped with {@link literalText}
 * instead. The error names the construct path and the prop path.
 */
export function checkLiterals(scope: IConstruct, props: object | undefined, skip: readonly string[] = [], prefix: readonly (string | number)[] = []): void {
  const visit = (value: unknown, at: (string | number)[]): void => {
    if (typeof value === 'string') {
      const problem = literalProblem(value);
      if (problem !== undefined) throw new CvmkitValidationError(scope, propPath(at), problem);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...at, i]));
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (at.length === prefix.length && skip.includes(key)) continue;
        const problem = literalProblem(key);
        if (problem !== undefined) throw new CvmkitValidationError(scope, propPath(at), `key ${problem}`);
        visit(item, [...at, key]);
      }
    }
  };
  visit(props, [...prefix]);
}

/**
 * Escapes `${` and `%{` as `$${` and `%%{` in the literal text of `value` (tokens kept), so
 * Terraform writes the text as given. For free text that is not Terraform's to read: scripts run
 * in the workspace, environment values, descriptions shown to users.
 */
export function literalText(value: string): string;
export function literalText(value: string | undefined): string | undefined;
export function literalText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const tokens = value.match(STRING_TOKEN) ?? [];
  return literalParts(value)
    .map((part, i) => part.replace(/([$%])\{/g, '$1$1{') + (tokens[i] ?? ''))
    .join('');
}
