// Template names of `cvmkit init` and `cvmkit add`: refused with the rule that makes them impossible (label, variable, repository).
import { spawnSync } from 'child_process';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { ProjectFiles, templateNameClash, templateNameProblem } from '../src/scaffold';

const CLI = path.join(__dirname, '..', 'lib', 'src', 'launcher.js');
const rule = (where: string) =>
  `a template name must be a DNS-1123 label of 2–42 characters that starts with a letter (lower-case letters, digits, single "-"), its variable must not be a JavaScript reserved word, and the repository must not have the name yet, because it becomes ${where}`;
const at = (name: string, variable: string) => rule(`the folder templates/${name} and the variable \`${variable}\` in templates/${name}/index.ts`);
const ANYWHERE = rule('a folder under templates/ and a variable in its index.ts');

describe('templateNameProblem', () => {
  test('fails when the name is not a DNS-1123 label of 2–42 characters starting with a letter', () => {
    expect(templateNameProblem('x')).toBe(`template name "x" is refused: it has 1 character; ${at('x', 'x')}`);
    expect(templateNameProblem('a'.repeat(43))).toBe(
      `template name "${'a'.repeat(43)}" is refused: it has 43 characters; ${at('a'.repeat(43), 'a'.repeat(43))}`,
    );
    expect(templateNameProblem('Bad_Name')).toBe(`template name "Bad_Name" is refused: it has characters other than a-z, 0-9 and "-"; ${ANYWHERE}`);
    expect(templateNameProblem('1vm')).toBe(`template name "1vm" is refused: it does not start with a letter; ${ANYWHERE}`);
    expect(templateNameProblem('vm-')).toBe(`template name "vm-" is refused: it ends with "-"; ${ANYWHERE}`);
    expect(templateNameProblem('a--b')).toBe(`template name "a--b" is refused: it has "--"; ${ANYWHERE}`);
  });

  test('fails when the variable would be a reserved word', () => {
    expect(templateNameProblem('new')).toBe(`template name "new" is refused: its variable \`new\` is a JavaScript reserved word; ${at('new', 'new')}`);
    expect(templateNameProblem('package')).toBe(
      `template name "package" is refused: its variable \`package\` is a JavaScript reserved word; ${at('package', 'package')}`,
    );
    expect(templateNameProblem('global-this')).toBe(
      `template name "global-this" is refused: its variable \`globalThis\` is a name TypeScript reserves at a module's top level; ${at('global-this', 'globalThis')}`,
    );
    expect(templateNameProblem('require')).toBe(
      `template name "require" is refused: its variable \`require\` is a name TypeScript reserves at a module's top level; ${at('require', 'require')}`,
    );
  });

  test('fails when the variable is a name the scaffolded index.ts imports, or the folder is reserved', () => {
    expect(templateNameProblem('workspace-props')).toBe(
      `template name "workspace-props" is refused: its variable \`workspaceProps\` is already imported by the scaffolded index.ts; ${at('workspace-props', 'workspaceProps')}`,
    );
    expect(templateNameProblem('mirrored')).toBe(
      `template name "mirrored" is refused: its variable \`mirrored\` is already imported by the scaffolded index.ts; ${at('mirrored', 'mirrored')}`,
    );
    expect(templateNameProblem('icons')).toBe(
      `template name "icons" is refused: it is reserved: templates/icons holds the backend icons; ${at('icons', 'icons')}`,
    );
  });

  test('property: every accepted name gives a variable that TypeScript accepts as a module-level const', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
    const words = fc.constantFrom(
      'new',
      'do',
      'in',
      'if',
      'let',
      'enum',
      'yield',
      'await',
      'void',
      'with',
      'undefined',
      'eval',
      'arguments',
      'global-this',
      'exports',
      'require',
    );
    fc.assert(
      fc.property(fc.oneof(name, words), (n) => {
        if (templateNameProblem(n) !== undefined) return;
        const variable = n.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
        const out = ts.transpileModule(`export const ${variable} = 1;\n`, {
          reportDiagnostics: true,
          compilerOptions: { module: ts.ModuleKind.CommonJS, strict: true },
        });
        expect(out.diagnostics).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});

describe('templateNameClash', () => {
  const project = (files: string[], templateNames: string[] = ['kata-microvm']): ProjectFiles => ({ templateNames, exists: (rel) => files.includes(rel) });

  test('fails when the folder, a template the repository offers or the test file is taken', () => {
    expect(templateNameClash('old-vm', project(['templates/old-vm']))).toBe(
      `template name "old-vm" is refused: templates/old-vm already exists; ${at('old-vm', 'oldVm')}`,
    );
    expect(templateNameClash('kata-microvm', project([]))).toBe(
      `template name "kata-microvm" is refused: the repository already offers a template named "kata-microvm" (cvmkit's built-in catalog, unless its settings say catalog: none); ${at('kata-microvm', 'kataMicrovm')}`,
    );
    expect(templateNameClash('cli', project(['test/cli.test.ts']))).toBe(
      `template name "cli" is refused: test/cli.test.ts already exists; ${at('cli', 'cli')}`,
    );
    expect(templateNameClash('team-vm', project([]))).toBeUndefined();
    expect(templateNameClash('kata-microvm', project([], []))).toBeUndefined();
  });
});

describe('cvmkit add', () => {
  test('a reserved word is a usage error (exit 2) naming the rule; a clash with the repository exits 1; nothing is written', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-add-names-'));
    fs.mkdirSync(path.join(root, 'test'));
    fs.writeFileSync(path.join(root, 'cvmkit.config.yaml'), 'templates: [lib/templates/*/index.js]\n');
    fs.writeFileSync(path.join(root, 'test', 'synth.test.ts'), '');
    const reserved = spawnSync(process.execPath, [CLI, 'add', 'delete', '--backend', 'kata', '--root', root], { encoding: 'utf8' });
    expect(reserved.status).toBe(2);
    expect(reserved.stderr).toBe(
      `cvmkit: template name "delete" is refused: its variable \`delete\` is a JavaScript reserved word; ${at('delete', 'delete')}\n`,
    );
    const clash = spawnSync(process.execPath, [CLI, 'add', 'synth', '--backend', 'kata', '--root', root], { encoding: 'utf8' });
    expect(clash.status).toBe(1);
    expect(clash.stderr).toBe(`cvmkit: template name "synth" is refused: test/synth.test.ts already exists; ${at('synth', 'synth')}\n`);
    // The built-in catalog is offered (no catalog: none), so its names are taken.
    const builtin = spawnSync(process.execPath, [CLI, 'add', 'kubevirt-vm', '--backend', 'kubevirt', '--root', root], { encoding: 'utf8' });
    expect(builtin.status).toBe(1);
    expect(builtin.stderr).toContain('the repository already offers a template named "kubevirt-vm"');
    expect(fs.existsSync(path.join(root, 'templates'))).toBe(false);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
