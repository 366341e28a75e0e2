// Terraform in the loop: every catalog template through the real terraform binary and the simulated
// providers (a plugin written in TypeScript): validate, plan, apply, graph, and a Coder lifecycle.
import * as fs from 'fs';
import * as path from 'path';
import { CATALOG } from '../src/catalog';
import { closestDependents } from '../src/simulator/graph';
import { prepareRun, removeRuns, terraform } from '../src/simulator/harness';
import { cleanOutput, lifecycleProblems, roles, simulateLifecycle, TransitionRow, validateTemplate } from '../src/simulator/lifecycle';
import { renderTemplate, RenderedTemplate } from '../src/synth';

jest.setTimeout(240_000);
afterAll(removeRuns);

// Rendered on first use (concurrent tests may start before a beforeAll would finish).
const cache = new Map<string, Promise<RenderedTemplate>>();
const renderedOf = (name: string) => {
  if (!cache.has(name)) cache.set(name, renderTemplate(CATALOG.find((d) => d.name === name)!));
  return cache.get(name)!;
};

// Templates run side by side (each in its own folder and simulated cluster): terraform waits on plugins.
describe.each(CATALOG.map((d) => d.name))('%s', (name) => {
  test.concurrent('validate, plan, apply and graph succeed with no warning beyond the override notice; the agent has one compute resource', async () => {
    const r = await renderedOf(name);
    const rows = await validateTemplate(r);
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    expect(rows.map((r) => r.check)).toEqual(['validate', 'plan', 'apply', 'graph', 'agent → one compute resource']);
    const { compute } = roles(r.json);
    expect(rows[4].detail).toBe(`coder_agent.main → ${compute[0]}`);
  });

  test.concurrent('lifecycle start → stop → start → each mutable parameter → destroy keeps disks and stops compute', async () => {
    const r = await renderedOf(name);
    const { rows } = await simulateLifecycle(r);
    expect(lifecycleProblems(r.json, rows)).toEqual([]);
    const mutable = r.parameters.filter((p) => p.mutable).map((p) => p.name);
    expect(rows.map((x) => x.transition.split('=')[0])).toEqual(['start', 'stop', 'start', ...mutable.map((m) => `change ${m}`), 'destroy']);
    const { disks, compute } = roles(r.json);
    // Disks are created once and deleted only by destroy.
    expect(rows[0].created).toEqual(expect.arrayContaining(disks));
    expect(rows[rows.length - 1].deleted).toEqual(expect.arrayContaining(disks));
    // Pods go away on stop (counted); a VM is halted in place.
    const stop = rows[1];
    if (compute[0].startsWith('kubernetes_pod_v1')) expect(stop.deleted).toContain(`${compute[0]}[0]`);
    else expect(stop.updated).toContain(compute[0]);
  });
});

describe('the agent is tied to the compute resource the way Coder reads the graph', () => {
  test('KubeVirt: the VM is the closest dependent of the agent, not the cloud-init Secret', async () => {
    const run = await prepareRun((await renderedOf('kubevirt-vm')).files);
    const graph = terraform(run, ['graph']);
    expect(graph.status).toBe(0);
    expect(closestDependents(graph.stdout)).toEqual({ 'coder_agent.main': { distance: 1, resources: ['kubernetes_manifest.vm'] } });
  });
});

/** A copy of a template with its main.tf edited. */
async function broken(name: string, edit: (mainTf: string) => string) {
  const r = await renderedOf(name);
  const files = new Map(r.files);
  const before = files.get('main.tf')!;
  const after = edit(before);
  expect(after).not.toBe(before);
  files.set('main.tf', after);
  return { run: await prepareRun(files), rendered: r };
}

describe('broken templates fail with Terraform\'s own error or the lifecycle check', () => {
  test('an unknown attribute', async () => {
    const { run } = await broken('kata-microvm', (tf) => tf.replace('wait_until_bound = false', 'wait_until_bound = false\n  bogus_flag       = true'));
    const r = terraform(run, ['validate', '-no-color']);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('An argument named "bogus_flag" is not expected here.');
  });

  test('a missing required block', async () => {
    const { run } = await broken('kata-microvm', (tf) => tf.replace(/resource "kubernetes_persistent_volume_claim_v1" "home" \{\n  wait_until_bound = false\n  metadata \{[\s\S]*?\n  \}\n/, 'resource "kubernetes_persistent_volume_claim_v1" "home" {\n  wait_until_bound = false\n'));
    const r = terraform(run, ['validate', '-no-color']);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toMatch(/Insufficient metadata blocks/);
  });

  test('an expression on a non-existent attribute', async () => {
    const { run } = await broken('kata-microvm', (tf) => tf.replace('kubernetes_pod_v1.main[0].id', 'kubernetes_pod_v1.main[0].metadata[0].owner'));
    const r = terraform(run, ['validate', '-no-color']);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('Unsupported attribute');
  });

  test('a disk counted on start_count is lost on stop', async () => {
    const { run, rendered: r } = await broken('kata-microvm', (tf) => tf.replace('resource "kubernetes_persistent_volume_claim_v1" "home" {', 'resource "kubernetes_persistent_volume_claim_v1" "home" {\n  count = data.coder_workspace.me.start_count').replace('kubernetes_persistent_volume_claim_v1.home.metadata[0].name', 'kubernetes_persistent_volume_claim_v1.home[0].metadata[0].name'));
    const { transition } = await import('../src/simulator/lifecycle');
    const rows: TransitionRow[] = [];
    rows.push(await transition(run, 'start', { transition: 'start' }));
    rows.push(await transition(run, 'stop', { transition: 'stop' }));
    const json = JSON.parse(JSON.stringify(r.json));
    expect(lifecycleProblems(json, rows)).toEqual(['stop: persistent disk kubernetes_persistent_volume_claim_v1.home[0] is deleted']);
  });

  test('the API server refuses a pod name that is not a DNS-1123 subdomain', async () => {
    const { run } = await broken('kata-microvm', (tf) => tf.replace('name      = local.workspace_name', 'name      = "Coder_Alice_Dev"'));
    terraform(run, ['plan', '-input=false', '-lock=false', '-out=p']);
    const r = terraform(run, ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve', 'p']);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('Pod "Coder_Alice_Dev" is invalid: metadata.name: Invalid value: "Coder_Alice_Dev": a lowercase RFC 1123 subdomain must consist of');
  });

  test('a VirtualMachine with neither running nor runStrategy is refused by KubeVirt', async () => {
    const { run } = await broken('kubevirt-vm', (tf) => tf.replace(/\n\s*runStrategy\s*=.*\n/, '\n'));
    terraform(run, ['plan', '-input=false', '-lock=false', '-out=p']);
    const r = terraform(run, ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve', 'p']);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('RunStrategy must be specified');
  });

  test('a changed DataVolume spec is refused by CDI', async () => {
    const vm = await renderedOf('kubevirt-vm');
    const run = await prepareRun(vm.files);
    const params = Object.fromEntries(vm.parameters.map((p) => [p.name, String(p.default)]));
    expect(terraform(run, ['apply', '-input=false', '-lock=false', '-auto-approve'], { transition: 'start', parameters: params }).status).toBe(0);
    const grown = terraform(run, ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve'], { transition: 'start', parameters: { ...params, disk_size: '32' } });
    expect(grown.status).toBe(1);
    expect(cleanOutput(grown)).toContain('Cannot update DataVolume Spec');
  });
});

test('a PVC storage class change is planned as a replacement', async () => {
  const kata = await renderedOf('kata-microvm');
  const run = await prepareRun(kata.files);
  expect(terraform(run, ['apply', '-input=false', '-lock=false', '-auto-approve']).status).toBe(0);
  const tf = path.join(run.dir, 'main.tf');
  fs.writeFileSync(tf, fs.readFileSync(tf, 'utf8').replace('"ReadWriteOnce",\n    ]', '"ReadWriteOnce",\n    ]\n    storage_class_name = "fast"'));
  const plan = terraform(run, ['plan', '-no-color', '-input=false', '-lock=false']);
  expect(cleanOutput(plan)).toMatch(/kubernetes_persistent_volume_claim_v1\.home must be replaced/);
});
