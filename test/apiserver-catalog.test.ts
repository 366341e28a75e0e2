// The catalog against a declared cluster, platform stacks first (through real terraform): the platform makes one
// namespace per Pod Security level, each template's pods meet exactly the level of the namespace it uses, and
// broken templates are refused at plan or apply with the API server's (or the provider's) own message.
// (Every build of every template's lifecycle also runs against this cluster: test/simulator.test.ts.)
import { admit, ApiObject, Baseline, clusterView, namespace, storedObjects } from '../src/simulator/apiserver';
import { CATALOG } from '../src/catalog';
import { INSTALLED, platformBaseline } from '../src/simulator/cluster-setup';
import { prepareRun, removeRuns, SimulationRun, terraform } from '../src/simulator/harness';
import { writeBaseline } from '../src/simulator/apiserver';
import { cleanOutput } from '../src/simulator/lifecycle';
import { renderTemplate, RenderedTemplate } from '../src/synth';

jest.setTimeout(600_000);
afterAll(removeRuns);

const APPLY = ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve'];
const PLAN = ['plan', '-input=false', '-no-color', '-lock=false'];
const LEVELS = ['privileged', 'baseline', 'restricted'] as const;

const rendered = new Map<string, Promise<RenderedTemplate>>();
const renderedOf = (name: string) => {
  if (!rendered.has(name))
    rendered.set(
      name,
      renderTemplate(
        CATALOG.find((d) => d.name === name)!,
        'hcl',
      ),
    );
  return rendered.get(name)!;
};

/** A template folder (optionally with main.tf edited) wired to a cluster with `baseline`. */
async function templateRun(name: string, baseline: Baseline, edit?: (tf: string) => string): Promise<SimulationRun> {
  const files = new Map((await renderedOf(name)).files);
  if (edit !== undefined) {
    const tf = edit(files.get('main.tf')!);
    expect(tf).not.toBe(files.get('main.tf'));
    files.set('main.tf', tf);
  }
  const run = await prepareRun(files);
  writeBaseline(run.simDir, baseline);
  return run;
}

let platform: Baseline;
let created: ApiObject[];
beforeAll(async () => {
  platform = await platformBaseline([{}]);
  created = platform.objects!.slice(INSTALLED.objects!.length);
});

test('the platform makes one namespace per Pod Security level (enforce, warn and audit), each with the provisioner Role and NetworkPolicies', () => {
  for (const level of LEVELS) {
    const ns = created.find((o) => o.kind === 'Namespace' && o.metadata.name === `coder-workspaces-${level}`);
    expect(ns?.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': level,
      'pod-security.kubernetes.io/warn': level,
      'pod-security.kubernetes.io/audit': level,
    });
    const inside = created
      .filter((o) => o.metadata.namespace === `coder-workspaces-${level}`)
      .map((o) => `${o.kind}/${o.metadata.name}`)
      .sort();
    expect(inside).toEqual([
      'NetworkPolicy/workspaces-deny-ingress',
      'NetworkPolicy/workspaces-egress-without-metadata',
      'Role/coder-provisioner',
      'RoleBinding/coder-provisioner',
    ]);
  }
});

// Each container template's pod (the Deployment's template) against a namespace of each level, as Pod Security admission judges it.
describe.each([
  ['kata-microvm', 'restricted'],
  ['gvisor-sandbox', 'restricted'],
  ['sysbox-cvm', 'baseline'],
  ['envbox-cvm', 'privileged'],
] as const)('%s', (name, level) => {
  test(`is created in coder-workspaces-${level} and its pods meet ${level}, not the stricter levels`, async () => {
    const run = await templateRun(name, platform);
    const r = await terraform(run, APPLY);
    expect(cleanOutput(r)).not.toContain('Error');
    const deployment = storedObjects(run.simDir).find((o) => o.kind === 'Deployment')!;
    expect(deployment.metadata.namespace).toBe(`coder-workspaces-${level}`);
    const at = (l: string) => {
      const view = clusterView(
        {
          ...platform,
          objects: [
            ...platform.objects!.filter((o) => !(o.kind === 'Namespace' && o.metadata.name === 'coder-workspaces-x')),
            namespace('coder-workspaces-x', { 'pod-security.kubernetes.io/enforce': l }),
          ],
        },
        () => [],
      );
      return admit('CREATE', { ...deployment, metadata: { ...deployment.metadata, namespace: 'coder-workspaces-x', uid: undefined } }, undefined, view);
    };
    const stricter = LEVELS.slice(LEVELS.indexOf(level) + 1);
    for (const l of LEVELS.slice(0, LEVELS.indexOf(level) + 1)) expect({ level: l, errors: at(l) }).toEqual({ level: l, errors: [] });
    for (const l of stricter)
      expect(at(l)[0]).toMatch(new RegExp(`FailedCreate: Error creating: pods ".*" is forbidden: violates PodSecurity "${l}:latest": `));
  });
});

test('Envbox at baseline is refused for its host paths and its privileged container', async () => {
  const run = await templateRun('envbox-cvm', platform, (tf) => tf.replace(/coder-workspaces-privileged/g, 'coder-workspaces-baseline'));
  const r = await terraform(run, APPLY);
  expect(r.status).toBe(1);
  expect(cleanOutput(r)).toMatch(
    /violates PodSecurity "baseline:latest": hostPath volumes \(volumes "[^)]*"\), privileged \(container "dev" must not set securityContext\.privileged=true\)/,
  );
});

describe('broken templates are refused by the simulated API server through terraform', () => {
  test('a pod naming a RuntimeClass the cluster does not have never starts', async () => {
    const run = await templateRun('sysbox-cvm', platform, (tf) =>
      tf.replace('runtime_class_name               = "sysbox-runc"', 'runtime_class_name               = "sysbox"'),
    );
    const r = await terraform(run, APPLY);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toMatch(/FailedCreate: Error creating: pods ".*" is forbidden: pod rejected: RuntimeClass "sysbox" not found/);
  });

  test('a template applied before the platform stacks is refused: its namespace does not exist', async () => {
    const run = await templateRun('kata-microvm', INSTALLED);
    const r = await terraform(run, APPLY);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain('Error: namespaces "coder-workspaces-restricted" not found');
  });

  test('a KubeVirt template on a cluster without KubeVirt and CDI fails at plan, as the provider reads the CRD', async () => {
    const run = await templateRun('kubevirt-vm', { objects: platform.objects });
    const r = await terraform(run, PLAN);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain(
      'Error: API did not recognize GroupVersionKind from manifest (CRD may not be installed): no matches for kind "DataVolume" in version "cdi.kubevirt.io/v1beta1"',
    );
  });

  test('a misspelt VirtualMachine field fails at plan', async () => {
    const run = await templateRun('kubevirt-vm', platform, (tf) => tf.replace('sockets = 1', 'socket = 1'));
    const r = await terraform(run, PLAN);
    expect(r.status).toBe(1);
    expect(cleanOutput(r)).toContain(
      'Error: Manifest configuration incompatible with resource schema: Attribute not found in schema: Unable to find schema type for attribute: object.spec.template.spec.domain.cpu.socket',
    );
  });
});
