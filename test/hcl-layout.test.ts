// The HCL layout must be byte-identical to Terraform's own formatter (hclwrite, via @cdktf/hcl-tools).
import { format } from '@cdktf/hcl-tools';
import * as fc from 'fast-check';
import { layoutHcl } from '../src/hcl-layout';
import { CATALOG } from '../src/catalog';
import { renderPlatform } from '../src/platform-synth';
import { renderTemplate } from '../src/synth';

const terraformFmt = async (hcl: string) => `${(await format(hcl)).trimEnd()}\n`;

test('every catalog template and platform stack is laid out exactly as terraform fmt would', async () => {
  const templates = [];
  for (const d of CATALOG) templates.push(await renderTemplate(d));
  const platform = await renderPlatform(templates);
  const files = [...templates, ...platform].map((r) => r.files.get('main.tf')!);
  expect(files.length).toBe(CATALOG.length + platform.length);
  for (const hcl of files) expect(hcl).toBe(await terraformFmt(hcl));
});

// Random bodies in the shapes src/hcl.ts renders: attributes with strings (with templates and
// brackets inside), numbers, lists, objects, heredocs, and nested blocks, unindented as rendered.
const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const text = fc.stringMatching(/^[a-zA-Z0-9 {}()[\]=<>:,.\/-]{0,16}$/).map((s) => JSON.stringify(s));
const scalar = fc.oneof(
  text,
  fc.constant('f({"k" = 1, b = [2]}, {})'),
  fc.integer({ min: -5, max: 99999 }).map(String),
  fc.constant('var.namespace'),
  fc.constant('"${local.name}-x"'),
  fc.constant('(a == 1) ? "b" : "c"'),
);
const value: fc.Arbitrary<string> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, scalar, tie('list'), tie('object')) as fc.Arbitrary<string>,
  list: fc.array(tie('v') as fc.Arbitrary<string>, { maxLength: 3 }).map((xs) => (xs.length === 0 ? '[]' : `[\n${xs.map((x) => `${x},`).join('\n')}\n]`)),
  object: fc
    .array(fc.tuple(key, tie('v') as fc.Arbitrary<string>), { maxLength: 3 })
    .map((kv) => (kv.length === 0 ? '{}' : `{\n${kv.map(([k, x]) => `${k} = ${x}`).join('\n')}\n}`)),
})).v;
const heredoc = fc.array(fc.stringMatching(/^[ a-z{}="]{0,12}$/), { minLength: 1, maxLength: 3 }).map((ls) => `<<EOT\n${ls.join('\n')}\nEOT`);
const body: fc.Arbitrary<string[]> = fc.letrec((tie) => ({
  lines: fc
    .array(
      fc.oneof(
        fc.tuple(key, value).map(([k, v]) => [`${k} = ${v}`]),
        fc.tuple(key, heredoc).map(([k, h]) => [`${k} = ${h}`]),
        fc.tuple(key, tie('lines') as fc.Arbitrary<string[]>).map(([k, inner]) => [`${k} {`, ...inner, '}']),
      ),
      { maxLength: 5 },
    )
    .map((groups) => groups.flat()),
})).lines as fc.Arbitrary<string[]>;

test('random bodies: the layout equals terraform fmt', async () => {
  await fc.assert(
    fc.asyncProperty(body, async (lines) => {
      const hcl = ['resource "x" "y" {', ...lines, '}', ''].join('\n');
      expect(layoutHcl(hcl)).toBe(await terraformFmt(hcl));
    }),
    { numRuns: 300 },
  );
});
