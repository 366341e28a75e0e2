// The catalog through real terraform against a declared cluster, platform stacks first: every object every
// template and platform stack creates is admitted by the simulated API server, and broken templates are refused
// at plan or apply with the API server's (or the provider's) own message.
import { admit, ApiObject, Baseline, baselineAfter, CDI_CRDS, clusterView, KUBEVIRT_CRDS, namespace, runtimeClass, storedObjects, writeBaseline } from '../src/simulator/apiserver';
import { CATALOG } from '../src/catalog';
import { prepareRun, removeRuns, SimulationRun, terraform } from '../src/simulator/harness';
import { cleanOutput, transition } from '../src/simulator/lifecycle';
import { renderPlatform } from '../src/platform-synth';
import { renderTemplate, RenderedTemplate } from '../src/synth';

jest.setTimeout(600_000);
afterAll(removeRuns);

/** The cluster before the platform: KubeVirt and CDI installed, sysbox-deploy's RuntimeClass, Coder's namespace. */
const CLUSTER: Baseline = { crds: [...KUBEVIRT_CRDS, ...CDI_CRDS], objects: [namespace('coder'), runtimeClass('sysbox-runc')] };
const APPLY = ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve'];

let templates: RenderedTemplate[];
const rendered = (name: string) => templates.find((t) => t.definition.name === name)!;
const defaults = (r: RenderedTemplate) => Object.fromEntries(r.parameters.map((p) => [p.name, String(p.default)]));

/** Applies the platform stacks of `catalog` in order, each run seeing what the previous created. */
async function applyPlatform(catalog: RenderedTemplate[]): Promise<{ baseline: Baseline; objects: ApiObject[] }> {
  let baseline = CLUSTER;
  const objects: ApiObject[] = [];
  for (const stack of await renderPlatform(catalog)) {
    const run = await prepareRun(stack.files);
    writeBaseline(run.simDir, baseline);
    const r = terraform(run, APPLY);
    if (r.status !== 0) throw new Error(`platform ${stack.definition.name}: ${cleanOutput(r)}`);
    objects.push(...storedObjects(run.simDir));
    baseline = baselineAfter(run.simDir);
  }
  return { baseline, objects };
}

/** A template folder (optionally with main.tf edited) wired to a cluster with `baseline`. */
async function templateRun(name: string, baseline: Baseline, edit?: (tf: string) => string): Promise<SimulationRun> {
  const files = new Map(rendered(name).files);
  if (edit !== undefined) {
    const tf = edit(files.get('main.tf')!);
    expect(tf).not.toBe(files.get('main.tf'));
    files.set('main.tf', tf);
  }
  const run = await prepareRun(files);
  writeBaseline(run.simDir, baseline);
  return run;
}

let platform: { baseline: Baseline; objects: ApiObject[] };
beforeAll(async () => {
  templates = [];
  for (const d of CATALOG) templates.push(await renderTemplate(d));
  platform = await applyPlatform(templates);
});

test('the platform stacks apply and create the namespace (privileged, for Envbox), the Role, the bindings and the RuntimeClasses', () => {
  expect(platform.objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['ClusterRole/coder-provisioner-crd-reader', 'ClusterRoleBinding/coder-provisioner-crd-reader', 'Namespace/coder-workspaces', 'Role/coder-provisioner', 'RoleBinding/coder-provisioner', 'RuntimeClass/gvisor-sandbox', 'RuntimeClass/kata-qemu']);
  expect(platform.objects.find((o) => o.kind === 'Namespace')?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
});

describe.each(CATALOG.map((d) => d.name))('%s', (name) => {
  test('start, stop, start and destroy are admitted by the simulated API server after the platform', async () => {
    const r = rendered(name);
    const run = await templateRun(name, platform.baseline);
    const build = { parameters: defaults(r) };
    // transition() throws with terraform's output when a plan or an apply is refused.
    const start = await transition(run, 'start', { transition: 'start', ...build });
    const kinds = storedObjects(run.simDir).map((o) => o.kind).sort();
    expect(kinds.length).toBe(start.created.filter((a) => !a.startsWith('coder_')).length);
    await transition(run, 'stop', { transition: 'stop', ...build });
    await transition(run, 'start', { transition: 'start', ...build });
    await transition(run, 'destroy', { transition: 'delete', ...build }, true);
    expect(storedObjects(run.simDir)).toEqual([]);
  });
});

test('with the namespace at baseline (a catalog without Envbox), Sysbox, gVisor and Kata pods are admitted and Envbox is refused', async () => {
  const withoutEnvbox = await applyPlatform(templates.filter((t) => t.definition.name !== 'envbox-cvm'));
  expect(withoutEnvbox.objects.find((o) => o.kind === 'Namespace')?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('baseline');
  for (const name of ['sysbox-cvm', 'gvisor-sandbox', 'kata-microvm']) {
    const r = terraform(await templateRun(name, withoutEnvbox.baseline), APPLY, { transition: 'start', parameters: defaults(rendered(name)) });
    expect({ name, status: r.status, out: r.status === 0 ? '' : cleanOutput(r) }).toEqual({ name, status: 0, out: '' });
  }
  const envbox = terraform(await templateRun('envbox-cvm', withoutEnvbox.baseline), APPLY, { transition: 'start', parameters: defaults(rendered('envbox-cvm')) });
  expect(envbox.status).toBe(1);
  expect(cleanOutput(envbox)).toContain('pods "coder-alice-dev" is forbidden: violates PodSecurity "baseline:latest": hostPath volumes (volumes "usr-src", "lib-modules"), privileged (container "dev" must not set securityContext.privileged=true)');
});

test('no catalog pod meets the restricted level (what a restricted namespace would refuse)', async () => {
  const pods: Record<string, string> = {};
  const strict = clusterView({ ...platform.baseline, objects: [...(platform.baseline.objects ?? []).filter((o) => o.kind !== 'Namespace'), namespace('coder-workspaces', { 'pod-security.kubernetes.io/enforce': 'restricted' })] }, () => []);
  for (const name of ['sysbox-cvm', 'envbox-cvm', 'gvisor-sandbox', 'kata-microvm']) {
    const run = await templateRun(name, platform.baseline);
    expect(terraform(run, APPLY, { transition: 'start', parameters: defaults(rendered(name)) }).status).toBe(0);
    const pod = storedObjects(run.simDir).find((o) => o.kind === 'Pod')!;
    pods[name] = admit('CREATE', { ...pod, metadata: { ...pod.metadata, uid: undefined } }, undefined, strict)[0];
  }
  const base = 'allowPrivilegeEscalation != false (container "dev" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "dev" must set securityContext.capabilities.drop=["ALL"]),';
  expect(pods['gvisor-sandbox']).toBe(`pods "coder-alice-dev" is forbidden: violates PodSecurity "restricted:latest": ${base} runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false), seccompProfile (pod or container "dev" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`);
  expect(pods['kata-microvm']).toBe(pods['gvisor-sandbox']);
  expect(pods['sysbox-cvm']).toBe(`pods "coder-alice-dev" is forbidden: violates PodSecurity "restricted:latest": ${base} runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false), runAsUser=0 (pod must not set runAsUser=0), seccompProfile (pod or container "dev" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`);
  expect(pods['envbox-cvm']).toMatch(/^pods "coder-alice-dev" is forbidden: violates PodSecurity "restricted:latest": privileged \(container "dev" must not set securityContext.privileged=true\), /);
});

describe('broken templates are refused by the simulated API server through terraform', () => {
  test('a pod naming a RuntimeClass the cluster does not have is refused at apply', async () => {
    const run = await templateRun('sysbox-cvm', platform.baseline, (tf) => tf.replace('runtime_class_name               = "sysbox-runc"', 'runtime_class_name               = "sysbox"'));
    const r = terraform(run, APPLY, { transition: 'start', parameters: defaults(rendered('sysbox-cvm')) });
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('Error: pods "coder-alice-dev" is forbidden: pod rejected: RuntimeClass "sysbox" not found');
  });

  test('a template applied before the platform stacks is refused: its namespace does not exist', async () => {
    const run = await templateRun('kata-microvm', CLUSTER);
    const r = terraform(run, APPLY, { transition: 'start', parameters: defaults(rendered('kata-microvm')) });
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('Error: namespaces "coder-workspaces" not found');
  });

  test('a KubeVirt template on a cluster without KubeVirt and CDI fails at plan, as the provider reads the CRD', async () => {
    const run = await templateRun('kubevirt-vm', { objects: platform.baseline.objects });
    const r = terraform(run, ['plan', '-input=false', '-no-color', '-lock=false'], { transition: 'start', parameters: defaults(rendered('kubevirt-vm')) });
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('Error: API did not recognize GroupVersionKind from manifest (CRD may not be installed): no matches for kind "DataVolume" in version "cdi.kubevirt.io/v1beta1"');
  });

  test('a misspelt VirtualMachine field fails at plan', async () => {
    const run = await templateRun('kubevirt-vm', platform.baseline, (tf) => tf.replace('sockets = 1', 'socket = 1'));
    const r = terraform(run, ['plan', '-input=false', '-no-color', '-lock=false'], { transition: 'start', parameters: defaults(rendered('kubevirt-vm')) });
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('Error: Manifest configuration incompatible with resource schema: Attribute not found in schema: Unable to find schema type for attribute: object.spec.template.spec.domain.cpu.socket');
  });
});
