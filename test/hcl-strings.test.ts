// Strings rendered by src/hcl.ts read back through the real terraform as exactly the value meant.
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { App, TerraformLocal, TerraformStack } from '../constructs/core/cdktf';
import { renderStackHcl, renderString } from '../src/hcl';
import { terraformEnv } from './support/terraform';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-hcl-strings-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/**
 * Evaluates locals with `terraform console`. The values come back base64-encoded: the console
 * prints strings in HCL's own escaping (`$${`, `%%{`), which is not JSON.
 */
function evaluate(expressions: readonly string[], dir: string): unknown[] {
  const result = spawnSync('terraform', ['console'], {
    cwd: dir,
    input: `base64encode(jsonencode([${expressions.join(', ')}]))\n`,
    env: terraformEnv(),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`terraform console failed: ${result.stderr}`);
  const line = result.stdout.trim().split('\n').pop()!;
  return JSON.parse(Buffer.from(JSON.parse(line) as string, 'base64').toString('utf8')) as unknown[];
}

/** Writes `locals { v0 = … }` with each string rendered, and reads every value back with terraform console. */
function roundTrip(values: readonly string[]): unknown[] {
  const dir = fs.mkdtempSync(path.join(work, 'case-'));
  const body = values.map((v, i) => `v${i} = ${renderString(v)}`).join('\n');
  fs.writeFileSync(path.join(dir, 'main.tf'), `locals {\n${body}\n}\n`);
  return evaluate(
    values.map((_, i) => `local.v${i}`),
    dir,
  );
}

// Terraform closes a heredoc at a line that is the marker once whitespace around it is trimmed.
const TRICKY = [
  'a\n  EOT\nb\n',
  'a\n\tEOT\nb\n',
  'a\nEOT  \nb\n',
  'a\n\u00a0EOT\nb\n',
  'a\n\u2003EOT\u2003\nb\n',
  'EOT\n',
  'EOT\nEOT1\n  EOT2\n',
  'a\r\nEOT\r\nb\r\n',
  'lone\rcarriage return\n',
  'control \u0001 and \u007f characters\n',
  'quotes " and back\\slashes \\n stay\n',
  'NOT EOT\n',
  'ends without a newline\nEOT',
  'tab\there\n',
  '<<EOT\n',
];

describe('renderString', () => {
  test('indented, padded and other look-alike marker lines never end a heredoc early', () => {
    expect(roundTrip(TRICKY)).toEqual(TRICKY);
  });

  test('picks a marker the content does not contain', () => {
    expect(renderString('a\n  EOT\n')).toBe('<<EOT1\na\n  EOT\nEOT1');
    expect(renderString('EOT1\nEOT\n')).toBe('<<EOT2\nEOT1\nEOT\nEOT2');
    expect(renderString('plain\ntext\n')).toBe('<<EOT\nplain\ntext\nEOT');
  });

  test('falls back to a quoted string for carriage returns and control characters', () => {
    expect(renderString('a\r\nb\n')).toBe('"a\\r\\nb\\n"');
    expect(renderString('x\u0001\n')).toBe('"x\\u0001\\n"');
  });

  test('escaped template sequences stay literal in heredocs and quoted strings', () => {
    const values = ['$${file("/etc/hostname")}\n  EOT\n', '%%{ if true }x%%{ endif }', 'cost: 5$ {not a template}'];
    expect(roundTrip(values)).toEqual(['${file("/etc/hostname")}\n  EOT\n', '%{ if true }x%{ endif }', 'cost: 5$ {not a template}']);
  });

  test('random lines of marker look-alikes, whitespace, quotes and backslashes read back unchanged', () => {
    // No "{" in the alphabet: every "$" and "%" stays literal, so the expected value is the input.
    const space = fc.constantFrom('', ' ', '  ', '\t', '\u00a0', '\r');
    const word = fc.constantFrom('EOT', 'EOT1', 'EOT2', 'NOT EOT', '"', '\\', '$', '%', '}', 'a b', '<<EOT', '');
    const line = fc.tuple(space, word, space).map((p) => p.join(''));
    const text = fc.tuple(fc.array(line, { minLength: 1, maxLength: 6 }), fc.boolean()).map(([ls, nl]) => ls.join('\n') + (nl ? '\n' : ''));
    const values = fc.sample(text, { numRuns: 200, seed: 20261124 });
    expect(roundTrip(values)).toEqual(values);
  });

  test('a whole stack: a multi-line local with an indented marker line survives rendering and layout', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(work, 'app-')) });
    const stack = new TerraformStack(app, 'strings');
    const script = '#!/bin/sh\ncat <<EOT\nhello\n    EOT\nEOT\necho done\n';
    new TerraformLocal(stack, 'script', script);
    app.synth();
    const dir = fs.mkdtempSync(path.join(work, 'stack-'));
    fs.writeFileSync(path.join(dir, 'main.tf'), renderStackHcl(stack));
    expect(evaluate(['local.script'], dir)).toEqual([script]);
  });
});
