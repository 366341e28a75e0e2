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
import { OrganisationSettings } from '../src/settings';
import { withTerraform } from './support/tools';

const byName = (...names: string[]) => CATALOG.filter((d) => names.includes(d.name));
const rendered = (r: { files: ReadonlyMap<string, string> }) => r.files.get('main.tf')!;
const rulesOf = (json: Record<string, any>, role = 'provisioner') =>
  Object.fromEntries(
    json.resource.kubernetes_role_v1[role].rule.filter((r: any) => !r.resources.includes('events')).map((r: any) => [r.api_groups[0], [...r.resources].sort()]),
  );

async function platformJson(definitions: readonly TemplateDefinition[], settings: OrganisationSettings = {}) {
  const templates = catalogJson(definitions, settings);
  const { Testing } = require('cdktf');
  const out: Record<string, any> = {};
  for (const p of PLATFORM) {
    const stack = p.build(Testing.app({ stackTraces: false }), p.name, templates, settings);
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

  test("one namespace per Pod Security level the catalog needs, plus cvmkit 0.1's, none of which Terraform may destroy", () => {
    const ns = stacks['workspace-access'].resource.kubernetes_namespace_v1;
    const level = (n: any) => n.metadata.labels['pod-security.kubernetes.io/enforce'];
    expect(Object.fromEntries(Object.values(ns).map((n: any) => [n.metadata.name, level(n)]))).toEqual({
      'coder-workspaces': 'privileged',
      'coder-workspaces-baseline': 'baseline',
      'coder-workspaces-restricted': 'restricted',
      'coder-workspaces-privileged': 'privileged',
    });
    // cvmkit 0.1's namespace keeps its address (a new one would destroy it and every disk in it).
    expect(ns.workspaces.metadata.name).toBe('coder-workspaces');
    for (const n of Object.values(ns) as any[]) {
      expect(n.lifecycle).toEqual({ prevent_destroy: true });
      expect(n.metadata.labels['pod-security.kubernetes.io/warn']).toBe(level(n));
    }
    // Every template's namespace is one of them, at the level its definition declares.
    for (const t of templates)
      expect(level(Object.values(ns).find((n: any) => n.metadata.name === t.json.variable.namespace.default))).toBe(t.definition.podSecurity);
  });

  test('the provisioner Role in each namespace lists exactly what the catalog creates, with the verbs the provider uses, and events to read', () => {
    const access = stacks['workspace-access'];
    for (const role of ['provisioner', 'provisioner_baseline', 'provisioner_restricted', 'provisioner_privileged']) {
      expect(rulesOf(access, role)).toEqual({
        '': ['persistentvolumeclaims', 'secrets', 'services'],
        apps: ['deployments'],
        'cdi.kubevirt.io': ['datavolumes'],
        'kubevirt.io': ['virtualmachines'],
        'networking.k8s.io': ['networkpolicies'],
      });
      const rules = access.resource.kubernetes_role_v1[role].rule;
      for (const r of rules.filter((x: any) => !x.resources.includes('events'))) expect(r.verbs).toEqual(['create', 'delete', 'get', 'patch', 'update']);
      expect(rules).toContainEqual({ api_groups: [''], resources: ['events'], verbs: ['get', 'list'] });
    }
    expect(access.resource.kubernetes_role_v1.provisioner.metadata.namespace).toBe('${kubernetes_namespace_v1.workspaces.metadata[0].name}');
    // kubernetes_manifest reads CRDs at plan time: the only cluster-wide permission.
    expect(access.resource.kubernetes_cluster_role_v1.crd_reader.rule).toEqual([
      { api_groups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  test("each workspace namespace denies ingress and the cloud metadata endpoint; each workspace lets its owner's workspaces in", () => {
    const policies = stacks['workspace-access'].resource.kubernetes_network_policy_v1;
    expect(policies.deny_ingress_baseline.spec).toEqual({ pod_selector: {}, policy_types: ['Ingress'] });
    expect(policies.egress_without_metadata_restricted.spec.egress[0].to).toEqual([
      { ip_block: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } },
      { ip_block: { cidr: '::/0', except: ['fd00:ec2::254/128'] } },
    ]);
    for (const t of templates) {
      const own = t.json.resource.kubernetes_network_policy_v1.same_owner;
      expect(own.spec.pod_selector).toEqual({ match_labels: { 'app.kubernetes.io/instance': '${local.workspace_name}' } });
      expect(own.spec.ingress[0].from[0]).toEqual({
        pod_selector: { match_labels: { 'com.coder.user.id': '${data.coder_workspace_owner.me.id}' } },
        namespace_selector: { match_labels: { 'app.kubernetes.io/managed-by': 'cvmkit', 'app.kubernetes.io/part-of': 'coder' } },
      });
    }
  });

  test("the installers' RuntimeClasses are used: no Kata stack and no second gvisor class by default; managed on request", async () => {
    expect(stacks.kata).toBeUndefined();
    const names = (json: any) => Object.values(json.resource?.kubernetes_manifest ?? {}).map((m: any) => m.manifest.metadata.name);
    expect(names(stacks.gvisor)).toEqual(['gvisor-sandbox']); // cvmkit 0.1's class, kept for old template versions
    const podClasses = templates.flatMap((t) =>
      Object.values(t.json.resource.kubernetes_deployment_v1 ?? {}).map((d: any) => d.spec.template.spec.runtime_class_name),
    );
    expect(podClasses.sort()).toEqual(['gvisor', 'kata-qemu', 'sysbox-runc', undefined].sort());
    const managed = await platformJson(CATALOG, { platform: { manageRuntimeClasses: true } });
    expect(names(managed.kata)).toEqual(['kata-qemu']);
    expect(names(managed.gvisor)).toEqual(['gvisor']);
  });

  withTerraform('synth writes every platform stack formatted, with its Gardener snippet, atomically beside the templates', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-platform-'));
    fs.mkdirSync(path.join(out, 'stale-kata-leftover'));
    const written = await synthPlatform(templates, out);
    expect(written.map((w) => w.definition.name)).toEqual(['workspace-access', 'gvisor', 'golden-images']);
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
  test('without the KubeVirt template: no kubevirt.io, no cdi.kubevirt.io, no services, no CRD reader', async () => {
    const stacks = await platformJson(byName('sysbox-cvm', 'envbox-cvm', 'gvisor-sandbox', 'kata-microvm'));
    expect(rulesOf(stacks['workspace-access'])).toEqual({
      '': ['persistentvolumeclaims', 'secrets'],
      apps: ['deployments'],
      'networking.k8s.io': ['networkpolicies'],
    });
    expect(stacks['workspace-access'].resource.kubernetes_cluster_role_v1).toBeUndefined();
  });

  test('without Envbox no namespace is privileged; without gVisor templates that stack is not written', async () => {
    const onlyVm = await renderPlatform(catalogJson(byName('kubevirt-vm')));
    expect(onlyVm.map((r) => r.definition.name)).toEqual(['workspace-access', 'golden-images']);
    expect(rendered(onlyVm[0])).toContain('"pod-security.kubernetes.io/enforce" = "baseline"');
    expect(rendered(onlyVm[0])).not.toContain('"pod-security.kubernetes.io/enforce" = "privileged"');
  });

  test('an unknown Kubernetes resource type is an error, not a silent gap', () => {
    expect(() => provisionerNeeds([{ resource: { kubernetes_daemonset: { x: {} } } }])).toThrow(
      'RBAC: no API resource known for Terraform type kubernetes_daemonset',
    );
  });

  test('two templates declaring the same gVisor RuntimeClass differently are refused', () => {
    const { Testing } = require('cdktf');
    const a = { ...CATALOG.find((d) => d.name === 'gvisor-sandbox')!, name: 'a', platform: { gvisorPools: [{ pool: 'sandbox' }] } };
    const b = { ...a, name: 'b', platform: { gvisorPools: [{ pool: 'sandbox', netRaw: true }] } };
    expect(() =>
      gvisorPools.build(Testing.app(), 'gvisor', [
        { definition: a, json: {} },
        { definition: b, json: {} },
      ]),
    ).toThrow('b: invalid platform.gvisorPools: pool sandbox is declared differently by a');
  });
});

test('`cvmkit synth` of the whole catalog writes the platform stacks; a named subset leaves them alone', () => {
  const cli = path.join(__dirname, '..', 'lib', 'src', 'launcher.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-cli-platform-'));
  const args = ['--out', path.join(dir, 'templates'), '--platform-out', path.join(dir, 'platform'), '--page', path.join(dir, 'index.html')];
  const partial = spawnSync(process.execPath, [cli, 'synth', 'kata-microvm', ...args], { encoding: 'utf8' });
  expect(partial.status).toBe(0);
  expect(fs.existsSync(path.join(dir, 'platform'))).toBe(false);
  const whole = spawnSync(process.execPath, [cli, 'synth', ...args], { encoding: 'utf8' });
  expect(whole.status).toBe(0);
  expect(fs.readdirSync(path.join(dir, 'platform')).sort()).toEqual(['golden-images', 'gvisor', 'workspace-access']);
  expect(fs.readdirSync(path.join(dir, 'templates')).sort()).toEqual(CATALOG.map((d) => d.name).sort());
  fs.rmSync(dir, { recursive: true, force: true });
});
