// The provider's own refusals through the real terraform binary: its ValidateFunc errors (with the attribute's
// location) and the block limits of the real schema, on edited copies of a catalog template.
import { CATALOG } from '../src/catalog';
import { prepareRun, removeRuns, terraform } from '../src/simulator/harness';
import { cleanOutput } from '../src/simulator/lifecycle';
import { renderTemplate } from '../src/synth';

jest.setTimeout(120_000);
afterAll(removeRuns);

/** kata-microvm's files with main.tf edited, in a fresh run folder. */
async function edited(edit: (mainTf: string) => string) {
  const r = await renderTemplate(CATALOG.find((d) => d.name === 'kata-microvm')!);
  const files = new Map(r.files);
  const before = files.get('main.tf')!;
  const after = edit(before);
  expect(after).not.toBe(before);
  files.set('main.tf', after);
  return prepareRun(files);
}

const RESTART_POLICY = /restart_policy *= *"[A-Za-z]+"/;

describe('the kubernetes provider refuses what it validates', () => {
  test("fails when a Deployment's restart_policy is not Always (the only one a Deployment takes): terraform validate shows the provider's message at the attribute", async () => {
    const run = await edited((tf) => tf.replace(RESTART_POLICY, 'restart_policy = "Sometimes"'));
    const r = await terraform(run, ['validate', '-no-color']);
    expect(r.status).toBe(1);
    const out = cleanOutput(r);
    expect(out).toContain('Error: expected spec.0.template.0.spec.0.restart_policy to be one of ["Always"], got Sometimes');
    expect(out).toContain('with kubernetes_deployment_v1.main,');
    expect(out).toMatch(/on main\.tf line \d+, in resource "kubernetes_deployment_v1" "main":\n *\d+: +restart_policy = "Sometimes"/);
  });

  test('fails at plan when the value was unknown at validate: terraform validates again once a data source is read', async () => {
    const run = await edited((tf) => tf.replace(RESTART_POLICY, 'restart_policy = data.coder_workspace.me.name'));
    expect((await terraform(run, ['validate', '-no-color'])).status).toBe(0);
    const r = await terraform(run, ['plan', '-no-color', '-input=false', '-lock=false']);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('Error: expected spec.0.template.0.spec.0.restart_policy to be one of ["Always"], got ');
  });

  test("fails when a PVC spec has two resources blocks: the schema's max_items 1 reaches terraform", async () => {
    const run = await edited((tf) => tf.replace('\n    resources {\n      requests = {', '\n    resources {\n    }\n    resources {\n      requests = {'));
    const r = await terraform(run, ['validate', '-no-color']);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('Too many resources blocks');
  });
});
