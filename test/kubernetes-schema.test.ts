// The committed hashicorp/kubernetes 2.38.0 schema: what the provider declares, checked against facts and the bindings.
import * as fs from 'fs';
import * as path from 'path';
import { KUBERNETES_SCHEMA_FILE, kubernetesSchemas } from '../src/simulator/kubernetes-schema';
import { projectPath } from '../src/paths';
import { CHECKS } from '../src/simulator/kubernetes-validations';
import { validationsByType } from '../src/simulator/provider-validation';

interface Attr {
  type: unknown;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
}
interface Block {
  attributes?: Record<string, Attr>;
  block_types?: Record<string, { nesting_mode: string; block: Block; min_items?: number; max_items?: number }>;
}

const doc = JSON.parse(fs.readFileSync(projectPath(KUBERNETES_SCHEMA_FILE), 'utf8'));
const provider = doc.provider_schemas['registry.terraform.io/hashicorp/kubernetes'];
const resource = (name: string): Block => provider.resource_schemas[name].block;
const nested = (b: Block, ...names: string[]): Block => names.reduce((x, n) => x.block_types![n].block, b);
const blockType = (b: Block, ...names: string[]) => nested(b, ...names.slice(0, -1)).block_types![names[names.length - 1]];

describe('the schema file', () => {
  test('has the shape of terraform providers schema -json and every type of the bindings (82 resources, 26 data sources)', () => {
    expect(doc.format_version).toBe('1.0');
    expect(doc.cvmkit_provider_version).toBe('2.38.0');
    expect(Object.keys(provider.resource_schemas)).toHaveLength(82);
    expect(Object.keys(provider.data_source_schemas)).toHaveLength(26);
    expect(provider.resource_schemas.kubernetes_pod_v1).toEqual({ version: 1, block: expect.objectContaining({ description_kind: 'plain' }) });
  });

  test('kubernetes_pod_v1.metadata is a list block with min 1 and max 1; spec likewise', () => {
    expect(blockType(resource('kubernetes_pod_v1'), 'metadata')).toMatchObject({ nesting_mode: 'list', min_items: 1, max_items: 1 });
    expect(blockType(resource('kubernetes_pod_v1'), 'spec')).toMatchObject({ nesting_mode: 'list', min_items: 1, max_items: 1 });
  });

  test('a container image is optional (2.38), not computed; its name is required', () => {
    const container = nested(resource('kubernetes_pod_v1'), 'spec', 'container');
    expect(container.attributes!.image).toEqual({ type: 'string', description_kind: 'plain', optional: true });
    expect(container.attributes!.name).toMatchObject({ required: true });
    expect(blockType(resource('kubernetes_pod_v1'), 'spec', 'container')).toEqual(expect.objectContaining({ nesting_mode: 'list' }));
    expect(blockType(resource('kubernetes_pod_v1'), 'spec', 'container').max_items).toBeUndefined();
  });

  test('optional+computed only where the provider says Computed: metadata.name yes, namespace and dns_policy no', () => {
    const metadata = nested(resource('kubernetes_pod_v1'), 'metadata');
    expect(metadata.attributes!.name).toMatchObject({ optional: true, computed: true });
    expect(metadata.attributes!.namespace).toEqual({ type: 'string', description_kind: 'plain', optional: true });
    expect(metadata.attributes!.uid).toEqual({ type: 'string', description_kind: 'plain', computed: true });
    expect(nested(resource('kubernetes_pod_v1'), 'spec').attributes!.dns_policy).toEqual({ type: 'string', description_kind: 'plain', optional: true });
  });

  test('secret data is sensitive; data_wo is write-only', () => {
    expect(resource('kubernetes_secret_v1').attributes!.data).toMatchObject({ optional: true, computed: true, sensitive: true });
    expect(resource('kubernetes_secret_v1').attributes!.binary_data).toMatchObject({ sensitive: true });
    expect(resource('kubernetes_secret_v1').attributes!.data_wo).toMatchObject({ write_only: true });
    expect(provider.data_source_schemas.kubernetes_secret_v1.block.attributes.data).toMatchObject({ computed: true, sensitive: true });
  });

  test('a PVC: spec.resources is required with max 1; wait_until_bound is optional, not computed', () => {
    const pvc = resource('kubernetes_persistent_volume_claim_v1');
    expect(blockType(pvc, 'spec', 'resources')).toMatchObject({ nesting_mode: 'list', min_items: 1, max_items: 1 });
    expect(pvc.attributes!.wait_until_bound).toEqual({ type: 'bool', description_kind: 'plain', optional: true });
    expect(nested(pvc, 'spec').attributes!.access_modes).toEqual({ type: ['set', 'string'], description_kind: 'plain', required: true });
  });

  test('timeouts are a single block as the SDK exposes them; kubernetes_manifest keeps its own list block', () => {
    expect(blockType(resource('kubernetes_pod_v1'), 'timeouts')).toEqual({
      nesting_mode: 'single',
      block: expect.objectContaining({ attributes: { create: expect.anything(), delete: expect.anything() } }),
    });
    expect(blockType(resource('kubernetes_manifest'), 'timeouts')).toMatchObject({ nesting_mode: 'list', max_items: 1 });
    expect(resource('kubernetes_manifest').attributes!.manifest).toMatchObject({ type: 'dynamic', required: true });
    expect(resource('kubernetes_manifest').attributes!.id).toBeUndefined();
  });

  test('the simulator serves exactly this file', () => {
    const s = kubernetesSchemas();
    expect(Object.keys(s.resources)).toHaveLength(82);
    const container = s.resources.kubernetes_pod_v1.block_types
      .find((b) => b.type_name === 'spec')!
      .block.block_types.find((b) => b.type_name === 'container')!;
    expect(container.block.attributes.find((a) => a.name === 'image')).toEqual({
      name: 'image',
      type: 'string',
      optional: true,
      required: undefined,
      computed: undefined,
      sensitive: undefined,
    });
  });
});

/** The arguments of the installed bindings (generated from the same provider), from their jsii assembly. */
function bindingsProblems(): { resources: number; dataSources: number; problems: string[] } {
  const jsii = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('@cdktf/provider-kubernetes/package.json')), '.jsii'), 'utf8'));
  const types = jsii.types as Record<
    string,
    {
      kind: string;
      datatype?: boolean;
      docs?: { summary?: string };
      properties?: { name: string; static?: boolean; immutable?: boolean }[];
      interfaces?: string[];
    }
  >;
  const problems: string[] = [];
  const snake = (p: any) =>
    /#(\w+) /.exec(`${p.docs?.remarks ?? ''} ${p.docs?.summary ?? ''}`)?.[1] ?? p.name.replace(/[A-Z]/g, (c: string) => `_${c.toLowerCase()}`);
  const structOf = (t: any): { fqn: string; many: boolean } | undefined => {
    if (t.fqn && types[t.fqn]?.datatype) return { fqn: t.fqn, many: false };
    for (const u of t.union?.types ?? [t])
      if (u.collection?.elementtype?.fqn && types[u.collection.elementtype.fqn]?.datatype) return { fqn: u.collection.elementtype.fqn, many: true };
    return undefined;
  };
  const compare = (where: string, fqn: string, block: Block, top: boolean) => {
    const props: any[] = [];
    const collect = (fq: string) => {
      props.push(...(types[fq].properties ?? []));
      for (const i of types[fq].interfaces ?? []) if (types[i]) collect(i);
    };
    collect(fqn);
    const seen = new Set<string>();
    for (const p of props) {
      const name = snake(p);
      if (top && ['depends_on', 'count', 'provider', 'lifecycle', 'provisioners', 'connection', 'for_each'].includes(name)) continue;
      seen.add(name);
      const s = structOf(p.type);
      const a = block.attributes?.[name];
      const b = block.block_types?.[name];
      // The bindings render object-typed attributes (kubernetes_manifest's wait_for) as structs too.
      if (s && a && Array.isArray(a.type) && a.type[0] === 'object') continue;
      if (s && !b) problems.push(`${where}.${name}: a block in the bindings, ${a ? 'an attribute' : 'missing'} in the schema`);
      else if (!s && !a) problems.push(`${where}.${name}: an attribute in the bindings, ${b ? 'a block' : 'missing'} in the schema`);
      else if (s && b) {
        if ((b.max_items === 1 || b.nesting_mode === 'single') === s.many)
          problems.push(`${where}.${name}: max_items ${b.max_items} but the bindings take ${s.many ? 'a list' : 'one'}`);
        if (!p.optional !== (b.min_items ?? 0) > 0) problems.push(`${where}.${name}: min_items ${b.min_items} but required=${!p.optional} in the bindings`);
        compare(`${where}.${name}`, s.fqn, b.block, false);
      } else if (a && !p.optional !== !!a.required) problems.push(`${where}.${name}: required=${!!a.required} but ${!p.optional} in the bindings`);
    }
    for (const [n, a] of Object.entries(block.attributes ?? {}))
      if ((a.optional || a.required) && !seen.has(n)) problems.push(`${where}.${n}: argument missing from the bindings`);
    for (const n of Object.keys(block.block_types ?? {})) if (!seen.has(n)) problems.push(`${where}.${n}: block missing from the bindings`);
  };
  let resources = 0;
  let dataSources = 0;
  for (const [fqn, t] of Object.entries(types)) {
    const m = t.kind === 'class' ? /\/docs\/(resources|data-sources)\/\w+ (\w+)\}/.exec(t.docs?.summary ?? '') : null;
    if (!m) continue;
    const data = m[1] === 'data-sources';
    const schema = (data ? provider.data_source_schemas : provider.resource_schemas)[m[2]];
    if (!schema) {
      problems.push(`${m[2]}: missing from the schema`);
      continue;
    }
    if (data) dataSources++;
    else resources++;
    compare(`${data ? 'data.' : ''}${m[2]}`, `${fqn}Config`, schema.block, true);
    // Computed-only attributes are the class's getters without a setter.
    for (const p of t.properties ?? []) {
      const a = schema.block.attributes?.[p.name.replace(/[A-Z]/g, (c: string) => `_${c.toLowerCase()}`)] as Attr | undefined;
      if (!a || p.static || (Array.isArray(a.type) && a.type[0] === 'object')) continue;
      if (!!p.immutable !== !!(a.computed && !a.optional && !a.required))
        problems.push(`${m[2]}.${p.name}: ${p.immutable ? 'read-only' : 'settable'} in the bindings, ${JSON.stringify(a)} in the schema`);
    }
  }
  return { resources, dataSources, problems };
}

describe('the schema agrees with the installed @cdktf/provider-kubernetes 12.1.1 bindings', () => {
  test('every resource and data source, every argument name, required-ness, block-ness, single (max 1) blocks and top-level computed-only attributes', () => {
    const { resources, dataSources, problems } = bindingsProblems();
    expect({ resources, dataSources }).toEqual({ resources: 82, dataSources: 26 });
    expect(problems).toEqual([]);
  });
});

describe('the validation table', () => {
  const doc = JSON.parse(fs.readFileSync(projectPath('.gen/schema/kubernetes-validations.json'), 'utf8'));

  test('every check it names is implemented by the simulator', () => {
    const combinations = ['ConflictsWith', 'RequiredWith', 'ExactlyOneOf', 'AtLeastOneOf'];
    const names = new Set<string>(
      doc.validations.flatMap((v: { check: string; args?: { check?: string }[] }) => [v.check, ...(v.check === 'Any' ? v.args!.map((a) => a.check!) : [])]),
    );
    expect([...names].filter((n) => !CHECKS[n] && !combinations.includes(n))).toEqual([]);
  });

  test('every path it names exists in the schema of each of its types', () => {
    const missing: string[] = [];
    for (const v of doc.validations as { types: string[]; path: string }[]) {
      for (const t of v.types) {
        let b: Block = t.startsWith('data.') ? provider.data_source_schemas[t.slice(5)].block : resource(t);
        const names = v.path.split('.');
        for (const n of names.slice(0, -1)) b = b.block_types?.[n]?.block ?? ({} as Block);
        if (!b.attributes?.[names[names.length - 1]]) missing.push(`${t} ${v.path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('holds nothing the provider does not check: 2.38 leaves image_pull_policy and container resources to the API server', () => {
    const paths = validationsByType()
      .get('kubernetes_pod_v1')!
      .map((e) => e.path);
    expect(paths).not.toContain('spec.container.image_pull_policy');
    expect(paths.filter((p) => p.startsWith('spec.container.resources'))).toEqual([]);
    expect(
      validationsByType()
        .get('kubernetes_resource_quota_v1')!
        .find((e) => e.path === 'spec.hard'),
    ).toMatchObject({ check: 'validateResourceList' });
  });

  test('holds the enumerations and formats our templates can hit', () => {
    const pod = validationsByType().get('kubernetes_pod_v1')!;
    const find = (p: string) => pod.filter((e) => e.path === p).map((e) => ({ check: e.check, args: e.args }));
    expect(find('spec.restart_policy')).toEqual([{ check: 'StringInSlice', args: [['Always', 'OnFailure', 'Never'], false] }]);
    expect(find('spec.dns_policy')[0].args![0]).toEqual(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']);
    expect(find('spec.toleration.operator')[0].args![0]).toEqual(['Exists', 'Equal']);
    expect(find('spec.container.port.container_port')).toEqual([{ check: 'validatePortNumOrName', args: undefined }]);
    expect(find('spec.volume.empty_dir.size_limit')).toEqual([{ check: 'validateResourceQuantity', args: undefined }]);
    expect(find('spec.security_context.run_as_user')).toEqual([{ check: 'validateTypeStringNullableInt', args: undefined }]);
    // The namespaced form names `metadata.name` without an index, which the SDK never finds: a dead rule, kept as declared.
    expect(find('metadata.name')).toEqual([
      { check: 'validateName', args: undefined },
      { check: 'ConflictsWith', args: [['metadata.generate_name']] },
    ]);
    const pvc = validationsByType().get('kubernetes_persistent_volume_claim_v1')!;
    expect(pvc.find((e) => e.path === 'spec.access_modes')).toMatchObject({ check: 'StringInSlice', each: true });
    expect(pvc.find((e) => e.path === 'spec.volume_mode')).toMatchObject({ args: [['Block', 'Filesystem'], false] });
    expect(
      validationsByType()
        .get('kubernetes_service_v1')!
        .find((e) => e.path === 'spec.type')!.args![0],
    ).toEqual(['ClusterIP', 'ExternalName', 'NodePort', 'LoadBalancer']);
    expect(
      validationsByType()
        .get('kubernetes_deployment_v1')!
        .find((e) => e.path === 'spec.strategy.type')!.args![0],
    ).toEqual(['RollingUpdate', 'Recreate']);
  });
});
