// Platform stacks: cluster-scoped objects kept out of templates, and RBAC exactly as wide as the catalog.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { provisionerNeeds } from '../constructs/platform';
import { CATALOG } from '../src/catalog';
import { TemplateDefinition } from '../src/definition';
import { CatalogTemplate, gvisorPools, PLATFORM } from '../src/platform';
import { catalogJson, renderPlatform, synthPlatform } from '../src/platform-synth';
import { fmtCheck } from './support/terraform';

const byName = (...names: string[]) => CATALOG.filter((d) => names.includes(d.name));
const rendered = (r: { files: ReadonlyMap<string, string> }) => r.files.get('main.tf')!;
const rulesOf = (json: Record<string, any>) =>
  Object.fromEntries(json.resource.kubernetes_role_v1.provisioner.rule.map((r: any) => [r.api_groups[0], [...r.resources].sort()]));

async function platformJson(definitions: readonly TemplateDefinition[]) {
  const templates = catalogJson(definitions);
  const { Testing } = require('cdktf');
  const out: Record<string, any> = {};
  for (const p of PLATFORM) {
    const stack = p.build(Testing.app({ stackTraces: false }), p.name, templates);
    if (stack) out[p.name] = JSON.parse(Testing.synth(stack, true));
  }
  return out;
}

describe('platform stacks of the whole catalog', () => {
  let templates: CatalogTemplate[];
  let stacks: Record<string, any>;
  beforeAll(async () => {
    templates = catalogJson(CATALOG);
    stacks = await platformJson(CATALOG);
  });

  test('templates never create cluster-scoped objects; platform stacks never touch Coder', () => {
    for (const t of templates) {
      const types = Object.keys(t.json.resource);
      expect(types).not.toEqual(expect.arrayContaining(['kubernetes_namespace_v1']));
      expect(types.filter((x) => /role|namespace/.test(x))).toEqual([]);
      for (const m of Object.values(t.json.resource.kubernetes_manifest ?? {}) as any[]) expect(m.manifest.kind).not.toBe('RuntimeClass');
    }
    for (const json of Object.values(stacks)) {
      expect(json.provider.coder).toBeUndefined();
      expect(json.data?.coder_workspace).toBeUndefined();
      expect(json.terraform.backend).toBeUndefined();
      expect(json.terraform.required_providers).toEqual({ kubernetes: { source: 'hashicorp/kubernetes', version: '~> 2.38' } });
    }
  });

  test('the provisioner Role lists exactly what the catalog creates, in the workspace namespace', () => {
    const access = stacks['workspace-access'];
    expect(rulesOf(access)).toEqual({
      '': ['persistentvolumeclaims', 'pods', 'secrets', 'services'],
      'cdi.kubevirt.io': ['datavolumes'],
      'kubevirt.io': ['virtualmachines'],
    });
    expect(access.resource.kubernetes_role_v1.provisioner.metadata.namespace).toBe('${kubernetes_namespace_v1.workspaces.metadata[0].name}');
    expect(access.resource.kubernetes_namespace_v1.workspaces.metadata.name).toBe(templates[0].json.variable.namespace.default);
    // kubernetes_manifest reads CRDs at plan time: the only cluster-wide permission.
    expect(access.resource.kubernetes_cluster_role_v1.crd_reader.rule).toEqual([{ api_groups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list', 'watch'] }]);
    // Envbox mounts host paths and runs privileged: the namespace must allow it.
    expect(access.resource.kubernetes_namespace_v1.workspaces.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('one RuntimeClass per gVisor pool and per Kata hypervisor the templates use, none for Sysbox (its installer makes it)', () => {
    const names = (json: any) => Object.values(json.resource.kubernetes_manifest).map((m: any) => m.manifest.metadata.name);
    expect(names(stacks.gvisor)).toEqual(['gvisor-sandbox']);
    expect(names(stacks.kata)).toEqual(['kata-qemu']);
    const podClasses = templates.flatMap((t) => Object.values(t.json.resource.kubernetes_pod_v1 ?? {}).map((p: any) => p.spec.runtime_class_name));
    expect(podClasses.sort()).toEqual(['gvisor-sandbox', 'kata-qemu', 'sysbox-runc', undefined].sort());
  });

  test('synth writes every platform stack formatted, with its Gardener snippet, atomically beside the templates', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-platform-'));
    fs.mkdirSync(path.join(out, 'stale-kata-leftover'));
    const written = await synthPlatform(templates, out);
    expect(written.map((w) => w.definition.name)).toEqual(['workspace-access', 'gvisor', 'kata']);
    expect(fs.readdirSync(path.join(out, 'gvisor')).sort()).toEqual(['.cvmkit-generated', 'README.md', 'gardener', 'main.tf']);
    // A folder cvmkit did not write is neither replaced nor removed.
    expect(fs.existsSync(path.join(out, 'stale-kata-leftover'))).toBe(true);
    expect(parse(fs.readFileSync(path.join(out, 'gvisor', 'gardener', 'sandbox.yaml'), 'utf8')).cri.containerRuntimes[0].type).toBe('gvisor');
    const fmt = fmtCheck(out);
    expect(fmt.output).toBe('');
    expect(fmt.ok).toBe(true);
    fs.rmSync(out, { recursive: true, force: true });
  });
});

describe('RBAC follows the catalog', () => {
  test('without the KubeVirt template: no kubevirt.io, no cdi.kubevirt.io, no secrets or services', async () => {
    const stacks = await platformJson(byName('sysbox-cvm', 'envbox-cvm', 'gvisor-sandbox', 'kata-microvm'));
    expect(rulesOf(stacks['workspace-access'])).toEqual({ '': ['persistentvolumeclaims', 'pods'] });
    expect(stacks['workspace-access'].resource.kubernetes_cluster_role_v1).toBeUndefined();
  });

  test('without Envbox the namespace is baseline; without gVisor or Kata templates those stacks are not written', async () => {
    const onlyVm = await renderPlatform(catalogJson(byName('kubevirt-vm')));
    expect(onlyVm.map((r) => r.definition.name)).toEqual(['workspace-access']);
    expect(rendered(onlyVm[0])).toContain('"pod-security.kubernetes.io/enforce" = "baseline"');
  });

  test('an unknown Kubernetes resource type is an error, not a silent gap', () => {
    expect(() => provisionerNeeds([{ resource: { kubernetes_daemonset: { x: {} } } }])).toThrow('RBAC: no API resource known for Terraform type kubernetes_daemonset');
  });

  test('two templates declaring the same gVisor RuntimeClass differently are refused', () => {
    const { Testing } = require('cdktf');
    const a = { ...CATALOG.find((d) => d.name === 'gvisor-sandbox')!, name: 'a', platform: { gvisorPools: [{ pool: 'sandbox' }] } };
    const b = { ...a, name: 'b', platform: { gvisorPools: [{ pool: 'sandbox', netRaw: true }] } };
    expect(() => gvisorPools.build(Testing.app(), 'gvisor', [{ definition: a, json: {} }, { definition: b, json: {} }])).toThrow(
      'b: invalid platform.gvisorPools: RuntimeClass gvisor-sandbox is declared differently by a',
    );
  });
});

test('`cvmkit synth` of the whole catalog writes the platform stacks; a named subset leaves them alone', () => {
  const cli = path.join(__dirname, '..', 'lib', 'src', 'cli.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-cli-platform-'));
  const args = ['--out', path.join(dir, 'templates'), '--platform-out', path.join(dir, 'platform'), '--page', path.join(dir, 'index.html')];
  const partial = spawnSync(process.execPath, [cli, 'synth', 'kata-microvm', ...args], { encoding: 'utf8' });
  expect(partial.status).toBe(0);
  expect(fs.existsSync(path.join(dir, 'platform'))).toBe(false);
  const whole = spawnSync(process.execPath, [cli, 'synth', ...args], { encoding: 'utf8' });
  expect(whole.status).toBe(0);
  expect(fs.readdirSync(path.join(dir, 'platform')).sort()).toEqual(['gvisor', 'kata', 'workspace-access']);
  expect(fs.readdirSync(path.join(dir, 'templates')).sort()).toEqual(CATALOG.map((d) => d.name).sort());
  fs.rmSync(dir, { recursive: true, force: true });
});
