// `cvmkit init` in a copy of the project: every backend's scaffold is registered and synthesizes at once.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'lib', 'src', 'cli.js');
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-init-'));
  for (const entry of ['src', 'scripts', 'templates', 'constructs', 'cloud-init', '.gen', 'bench', 'test', 'package.json', 'tsconfig.json', 'jest.config.js']) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

test('scaffolds for every backend register in the catalog, and their generated tests pass', () => {
  const dir = copyProject();
  const backends = ['kubevirt', 'sysbox', 'envbox', 'gvisor', 'kata'];
  for (const b of backends) {
    const r = run(['init', `team-${b}`, '--backend', b, '--root', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`scaffolded team-${b} (${b})`);
  }
  const catalog = fs.readFileSync(path.join(dir, 'src', 'catalog.ts'), 'utf8');
  for (const b of backends) expect(catalog).toContain(`import { team${b[0].toUpperCase()}${b.slice(1)} } from '../templates/team-${b}';`);
  const jest = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--rootDir', dir, ...backends.map((b) => `test/team-${b}.test.ts`)], {
    encoding: 'utf8',
    cwd: dir,
  });
  expect(jest.stderr).toMatch(/Tests:\s+5 passed, 5 total/);
  expect(jest.status).toBe(0);
  // And the project still type-checks, as `npm test` will check it.
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  expect(tsc.stdout).toBe('');
  expect(tsc.status).toBe(0);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('init refuses bad names, unknown backends, existing entries and folders that are not projects', () => {
  const dir = copyProject();
  expect(run(['init', 'Bad_Name', '--backend', 'kata', '--root', dir]).status).toBe(2);
  const unknown = run(['init', 'x1', '--backend', 'firecracker', '--root', dir]);
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain('--backend must be one of kubevirt, sysbox, envbox, gvisor, kata');
  const existing = run(['init', 'kata-microvm', '--backend', 'kata', '--root', dir]);
  expect(existing.status).toBe(1);
  expect(existing.stderr).toContain('template name "kata-microvm" is refused: templates/kata-microvm already exists;');
  expect(run(['init', 'x1', '--backend', 'kata', '--root', os.tmpdir()]).stderr).toContain('is not a cvmkit project');
  fs.rmSync(dir, { recursive: true, force: true });
});
