// Synthesizing in memory with one resolve gives exactly what cdktf's own App.synth() writes, and fails the same way.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ValidateBinaryVersion } from 'cdktf/lib/validations/validate-binary-version';
import { App } from '../constructs/core/cdktf';
import { CoderTemplate } from '../constructs/core/coder-template';
import { KubevirtWorkspace } from '../constructs/kubevirt';
import { CATALOG } from '../src/catalog';
import { PLATFORM } from '../src/platform';
import { catalogJson } from '../src/platform-synth';
import { upgradedSettings } from '../src/settings';
import { sharingVersionChecks, synthesizeApp, synthesizeStack } from '../src/stack-json';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-stack-json-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** What `app.synth()` writes for each stack, read back. */
function cdktfJson(app: App): Map<string, unknown> {
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
  return new Map(
    Object.values(manifest.stacks as Record<string, { name: string; synthesizedStackPath: string }>).map((s) => [
      s.name,
      JSON.parse(fs.readFileSync(path.join(app.outdir, s.synthesizedStackPath), 'utf8')),
    ]),
  );
}

const twice = (n: number, build: (app: App) => void) =>
  [0, 1].map((i) => {
    const app = new App({ outdir: path.join(tmp, `${n}-${i}`), stackTraces: false });
    build(app);
    return app;
  });

test.each(CATALOG.map((d, n) => [d.name, d, n] as const))('%s: the JSON equals what App.synth() writes, with and without settings', (_name, d, n) => {
  for (const [k, settings] of [{}, upgradedSettings()].entries()) {
    const [ours, theirs] = twice(n * 2 + k, (app) => d.build(app, d.name, settings));
    const stack = ours.node.findChild(d.name) as CoderTemplate;
    expect(synthesizeStack(ours, stack)).toEqual(cdktfJson(theirs).get(d.name));
  }
});

test('the platform stacks (several stacks in one app) equal what App.synth() writes', () => {
  const templates = catalogJson(CATALOG);
  const [ours, theirs] = twice(100, (app) => PLATFORM.forEach((p) => p.build(app, p.name, templates)));
  const json = synthesizeApp(ours);
  const expected = cdktfJson(theirs);
  expect(json.size).toBe(expected.size);
  for (const [stack, j] of json) expect(j).toEqual(expected.get(stack.node.id));
});

test('fails with the message of a failing validation, as cdktf does', () => {
  const [ours] = twice(200, () => undefined);
  const stack = new CoderTemplate(ours, 'failing');
  stack.node.addValidation({ validate: () => ['always wrong'] });
  expect(() => synthesizeStack(ours, stack)).toThrow('[failing] always wrong');
});

test('`terraform version` runs once per shared scope and again in the next one', () => {
  const spy = jest.spyOn(ValidateBinaryVersion.prototype, 'validate');
  const vm = (i: number) => {
    const app = new App({ outdir: path.join(tmp, `v-${i}`), stackTraces: false });
    const stack = new CoderTemplate(app, 'vm');
    new KubevirtWorkspace(stack, 'Workspace', {});
    return () => synthesizeStack(app, stack);
  };
  try {
    const [a, b, c] = [vm(1), vm(2), vm(3)];
    sharingVersionChecks(() => {
      a();
      b();
    });
    expect(spy).toHaveBeenCalledTimes(1);
    c();
    expect(spy).toHaveBeenCalledTimes(2);
    expect(ValidateBinaryVersion.prototype.validate).toBe(spy);
  } finally {
    spy.mockRestore();
  }
});
