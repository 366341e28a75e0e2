// Terraform in the loop: every catalog template through the real terraform binary and the simulated
// providers: validate, plan, apply, graph, Coder's attachment rules, and the whole lifecycle users live.
import * as path from 'path';
import { CATALOG } from '../src/catalog';
import { readTemplateFolder } from '../src/folder';
import { agentResources, closestDependents, metadataTargets } from '../src/simulator/graph';
import { spawnSync } from 'child_process';
import { pluginEnvironment, prepareRun, removeRuns, terraform } from '../src/simulator/harness';
import { cleanOutput, lifecycleProblems, LifecycleStepName, simulateLifecycle, validateTemplate } from '../src/simulator/lifecycle';
import { OrganisationSettings, upgradedSettings } from '../src/settings';
import { platformBaseline } from '../src/simulator/cluster-setup';
import { renderTemplate, RenderedTemplate } from '../src/synth';

jest.setTimeout(240_000);
afterAll(removeRuns);

// Rendered on first use (concurrent tests may start before a beforeAll would finish).
const cache = new Map<string, Promise<RenderedTemplate>>();
const renderedOf = (name: string, upgraded = false) => {
  const key = `${name}${upgraded ? ' upgraded' : ''}`;
  if (!cache.has(key))
    cache.set(
      key,
      renderTemplate(
        CATALOG.find((d) => d.name === name)!,
        'hcl',
        upgraded ? upgradedSettings() : {},
      ),
    );
  return cache.get(key)!;
};

// The cluster the catalog meets: installers, then the platform stacks (of the upgraded settings too).
const baselineOf = (settings: OrganisationSettings = {}) => platformBaseline([settings, upgradedSettings(settings)]);

const STEPS = ['create', 'stop', 'start', 'rename workspace', 'rename owner'];
const TAIL = ['upgrade template', 'start while running', 'node lost', 'compute deleted outside Terraform', 'start', 'delete'];

// Templates run side by side (each in its own folder and simulated cluster): terraform waits on the providers.
describe.each(CATALOG.map((d) => d.name))('%s', (name) => {
  test.concurrent('validate, plan, apply and graph succeed with no warning; the agent and the metadata go to the compute resource', async () => {
    const rows = await validateTemplate((await renderedOf(name)).files, await baselineOf());
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    expect(rows.map((r) => r.check)).toEqual(['validate', 'plan', 'apply', 'graph', 'agent → one compute resource', 'metadata → the compute resource']);
    expect(rows[4].detail).toMatch(/^coder_agent\.main → kubernetes_(deployment_v1\.main|manifest\.vm)$/);
  });

  test.concurrent('what users do every day keeps every disk, runs one compute object with the current token, and fails no build', async () => {
    const rendered = await renderedOf(name);
    const { steps } = await simulateLifecycle(rendered.files, (await renderedOf(name, true)).files, await baselineOf());
    expect(lifecycleProblems(steps)).toEqual([]);
    const names = steps.map((s) => s.row.step.replace(/=.*$/, ''));
    expect(names.slice(0, STEPS.length)).toEqual(STEPS);
    expect(names.slice(-TAIL.length)).toEqual(TAIL);
    const mutable = rendered.parameters.filter((p) => p.mutable).map((p) => `change ${p.name}`);
    expect(names.filter((n) => n.startsWith('change ')).sort()).toEqual(mutable.sort());
    // The upgraded version asks for another namespace and storage class: the workspace stays where its disks are.
    const namespace = String(rendered.json.variable.namespace.default);
    const upgrade = steps.find((s) => s.row.step === 'upgrade template')!.row;
    const keys = Object.keys(upgrade.cluster);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.includes(`/${namespace}/`))).toBe(true);
    expect(steps[steps.length - 1].row.deleted.length).toBeGreaterThan(0);
    // What a workspace keeps for life besides its disks (the Windows VM's RDP password) goes only with the delete.
    const kept = ['terraform_data.user_password'];
    expect(steps.slice(0, -1).flatMap((s) => [...s.row.deleted, ...s.row.replaced].filter((a) => kept.includes(a)))).toEqual([]);
    if (name === 'kubevirt-windows') expect(steps[steps.length - 1].row.deleted).toEqual(expect.arrayContaining(['kubernetes_manifest.root_disk', ...kept]));
  });
});

test.concurrent('Sysbox on containerd (hostUsers: false, a Deployment manifest) lives the same lifecycle without a problem', async () => {
  const sysbox = CATALOG.find((d) => d.name === 'sysbox-cvm')!;
  const settings = { sysbox: { userNamespaces: 'hostUsers' as const } };
  const [r, u] = [await renderTemplate(sysbox, 'hcl', settings), await renderTemplate(sysbox, 'hcl', upgradedSettings(settings))];
  expect((await validateTemplate(r.files, await baselineOf(settings))).filter((x) => !x.ok)).toEqual([]);
  const { steps } = await simulateLifecycle(r.files, u.files, await baselineOf(settings));
  expect(lifecycleProblems(steps)).toEqual([]);
});

describe('the agent and the metadata are tied the way Coder reads the graph', () => {
  test("KubeVirt: the VM is the agent's only closest dependent (the Secret and the per-build trigger are not), and the metadata's", async () => {
    const run = await prepareRun((await renderedOf('kubevirt-vm')).files);
    const graph = await terraform(run, ['graph']);
    expect(graph.status).toBe(0);
    expect(closestDependents(graph.stdout)).toEqual({ 'coder_agent.main': { distance: 1, resources: ['kubernetes_manifest.vm'] } });
    expect(agentResources(graph.stdout)).toEqual({ 'coder_agent.main': ['kubernetes_manifest.vm'] });
    expect(metadataTargets(graph.stdout)).toEqual({ 'coder_metadata.vm_info': 'kubernetes_manifest.vm' });
  });
});

test('the providers also run as plugin executables terraform starts itself (go-plugin handshake, mutual TLS)', async () => {
  const run = await prepareRun((await renderedOf('gvisor-sandbox')).files);
  for (const args of [
    ['validate', '-no-color'],
    ['apply', '-no-color', '-auto-approve', '-input=false', '-lock=false'],
  ]) {
    const r = spawnSync('terraform', args, { cwd: run.dir, env: pluginEnvironment(run.simDir), encoding: 'utf8' });
    expect(cleanOutput({ status: r.status, stdout: r.stdout, stderr: r.stderr, ms: 0 })).toMatch(
      /^(Success! The configuration is valid|[\s\S]*Apply complete! Resources: \d+ added, 0 changed, 0 destroyed\.)/,
    );
    expect(r.status).toBe(0);
  }
});

/** A copy of a template with its main.tf edited (the edit must change something). */
async function edited(rendered: RenderedTemplate, edit: (mainTf: string) => string): Promise<Map<string, string>> {
  const files = new Map(rendered.files);
  const before = files.get('main.tf')!;
  const after = edit(before);
  expect(after).not.toBe(before);
  files.set('main.tf', after);
  return files;
}

async function broken(name: string, edit: (mainTf: string) => string) {
  return prepareRun(await edited(await renderedOf(name), edit));
}

describe("broken templates fail with Terraform's own error", () => {
  test.concurrent('an unknown attribute', async () => {
    const run = await broken('kata-microvm', (tf) => tf.replace('wait_until_bound = false', 'wait_until_bound = false\n  bogus_flag       = true'));
    const r = await terraform(run, ['validate', '-no-color']);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('An argument named "bogus_flag" is not expected here.');
  });

  test.concurrent('a missing required block', async () => {
    const run = await broken('kata-microvm', (tf) =>
      tf.replace(/(resource "kubernetes_persistent_volume_claim_v1" "home" \{\n  wait_until_bound = false\n)  metadata \{[\s\S]*?\n  \}\n/, '$1'),
    );
    const r = await terraform(run, ['validate', '-no-color']);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toMatch(/Insufficient metadata blocks/);
  });

  test.concurrent('an expression on a non-existent attribute', async () => {
    const run = await broken('kata-microvm', (tf) => tf.replace('kubernetes_deployment_v1.main.id', 'kubernetes_deployment_v1.main.metadata[0].owner'));
    const r = await terraform(run, ['validate', '-no-color']);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('Unsupported attribute');
  });
});

describe('broken templates fail the API server or the lifecycle checks', () => {
  // Each rule is broken by one step of the life: create, then that step (the catalog's tests above play them all).
  const lifecycle = async (name: string, step: LifecycleStepName, edit: (tf: string) => string, editUpgraded: (tf: string) => string = edit) => {
    const { steps } = await simulateLifecycle(await edited(await renderedOf(name), edit), await edited(await renderedOf(name, true), editUpgraded), undefined, {
      steps: [step],
    });
    expect(steps.map((s) => s.row.step)).toEqual(['create', step]);
    return lifecycleProblems(steps);
  };
  const unguard = (tf: string) =>
    tf.replace(
      /  lifecycle \{\n    ignore_changes = \[\n      metadata\[0\]\.name,\n      metadata\[0\]\.namespace,\n      spec\[0\]\.storage_class_name,[\s\S]*?\n  \}\n/g,
      '',
    );

  // The provider's own validateName (a DNS-1123 subdomain) refuses it before any API server sees it.
  test.concurrent('the provider refuses a name that is not a DNS-1123 subdomain at plan', async () => {
    const run = await broken('kata-microvm', (tf) => tf.replace('name      = local.workspace_name', 'name      = "Coder_Alice_Dev"'));
    const r = await terraform(run, ['plan', '-input=false', '-no-color', '-lock=false']);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('Error: metadata.0.name a lowercase RFC 1123 subdomain must be lower case alphanumeric characters');
  });

  test.concurrent('a VirtualMachine with neither running nor runStrategy is refused by KubeVirt', async () => {
    const run = await broken('kubevirt-vm', (tf) => tf.replace(/\n\s*runStrategy\s*=.*\n/, '\n'));
    const r = await terraform(run, ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve']);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('RunStrategy must be specified');
  });

  test.concurrent('a disk counted on start_count is deleted by stop', async () => {
    const problems = await lifecycle('kata-microvm', 'stop', (tf) =>
      tf
        .replace(
          'resource "kubernetes_persistent_volume_claim_v1" "home" {',
          'resource "kubernetes_persistent_volume_claim_v1" "home" {\n  count = data.coder_workspace.me.start_count',
        )
        .replace(/kubernetes_persistent_volume_claim_v1\.home\.metadata\[0\]/g, 'one(kubernetes_persistent_volume_claim_v1.home[*].metadata[0])'),
    );
    expect(problems).toContain('stop: the plan deletes disk kubernetes_persistent_volume_claim_v1.home[0]');
  });

  test.concurrent('without the guard on its claims, an upgrade to another storage class replaces the home disk', async () => {
    const problems = await lifecycle('kata-microvm', 'upgrade template', unguard);
    expect(problems).toContain('upgrade template: the plan replaces disk kubernetes_persistent_volume_claim_v1.home');
    expect(problems).toContain(
      'upgrade template: disk kubernetes_persistent_volume_claim_v1/coder-workspaces-restricted/coder-6b1c3a5e-0000-4000-8000-000000000001-home is gone',
    );
  });

  test.concurrent("without the guard on its DataVolume, an upgrade fails every KubeVirt build with CDI's refusal", async () => {
    const problems = await lifecycle('kubevirt-vm', 'upgrade template', (tf) =>
      tf.replace(
        /      manifest\.metadata\.name,\n      manifest\.metadata\.namespace,\n      manifest\.spec,\n/,
        '      manifest.metadata.name,\n      manifest.metadata.namespace,\n',
      ),
    );
    expect(problems.find((p) => p.startsWith('upgrade template: the build failed'))).toMatch(/Cannot update DataVolume Spec/);
  });

  test.concurrent('a pod that follows the namespace variable instead of its disk mounts a claim that is not there after the upgrade', async () => {
    const moved = (tf: string) =>
      tf.replace(/(resource "kubernetes_deployment_v1" "main" \{[\s\S]*?namespace\s*=) local\.workspace_namespace/, '$1 var.namespace');
    const problems = await lifecycle('kata-microvm', 'upgrade template', moved);
    expect(
      problems.some((p) =>
        /^upgrade template: kubernetes_deployment_v1\/coder-workspaces-upgraded-restricted\/\S+ needs claim \S+-home, which is not in namespace coder-workspaces-upgraded-restricted$/.test(
          p,
        ),
      ),
    ).toBe(true);
  });

  test.concurrent("a VM that is not recreated by a start of the running workspace runs with the previous build's token", async () => {
    const problems = await lifecycle('kubevirt-vm', 'start while running', (tf) =>
      tf.replace(/  lifecycle \{\n    replace_triggered_by = \[\n      terraform_data\.build,\n    \]\n  \}\n/, ''),
    );
    expect(
      problems.some((p) => /^start while running: kubevirt\.io\/v1\/VirtualMachine\/\S+ runs with the token of an earlier build, not this build's$/.test(p)),
    ).toBe(true);
  });

  test.concurrent('a bare pod (cvmkit 0.1) does not come back after a node loss', async () => {
    const { steps } = await simulateLifecycle(readTemplateFolder(path.join(__dirname, 'fixtures', 'cvmkit-0.1', 'kata-microvm')), undefined, undefined, {
      steps: ['node lost'],
    });
    expect(lifecycleProblems(steps)).toContain('node lost: expected one running compute object, found 0');
  });
});
