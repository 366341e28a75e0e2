// The converter from hashicorp/kubernetes typed-resource state to API objects: every attribute of every
// modelled resource maps to an API field, and the shapes the provider's expanders produce.
import { ConversionError, openApiProblems, toApiObject } from '../src/simulator/apiserver';
import { TYPED_RESOURCES } from '../src/simulator/apiserver/kinds';
import { kubernetesSchemas } from '../src/simulator/kubernetes-schema';
import { SchemaBlock } from '../src/simulator/schema-types';

type Obj = Record<string, any>;

/** A state with every attribute and block of the schema set (blocks once), numbers-as-strings parseable. */
function fullState(block: SchemaBlock, depth = 0): Obj {
  const sample = (t: unknown): unknown => (t === 'number' ? 1 : t === 'bool' ? true : Array.isArray(t) ? (t[0] === 'map' ? { a: '1' } : [sample(t[1])]) : '1');
  const out: Obj = Object.fromEntries(block.attributes.map((a) => [a.name, sample(a.type)]));
  for (const b of block.block_types)
    if (depth < 10) out[b.type_name] = b.nesting === 'single' ? fullState(b.block, depth + 1) : [fullState(b.block, depth + 1)];
  return out;
}

test.each(Object.keys(TYPED_RESOURCES))('every attribute of %s maps to a field of the API object (no unknown fields)', (type) => {
  const object = toApiObject(type, fullState(kubernetesSchemas().resources[type]));
  expect(openApiProblems(object).filter((p) => p.endsWith('unknown field'))).toEqual([]);
});

const podState = (spec: Obj, meta: Obj = {}) => ({
  id: 'ws/dev',
  metadata: [{ name: 'dev', namespace: 'ws', generate_name: '', uid: null, ...meta }],
  spec: [{ container: [{ name: 'dev', image: 'ubuntu', env: [], port: [] }], ...spec }],
  timeouts: { create: '10m' },
});

test('blocks become plural lists or single objects, strings become integers where the API has integers', () => {
  const o = toApiObject(
    'kubernetes_pod_v1',
    podState({
      security_context: [{ run_as_user: '1000', fs_group: '1000', supplemental_groups: [] }],
      toleration: [{ key: 'sysbox', operator: 'Exists', toleration_seconds: '' }],
      volume: [{ name: 'home', empty_dir: [{ medium: '', size_limit: '' }], host_path: [] }],
    }),
  );
  expect(o).toEqual({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'dev', namespace: 'ws' },
    spec: {
      containers: [{ name: 'dev', image: 'ubuntu' }],
      securityContext: { runAsUser: 1000, fsGroup: 1000, runAsNonRoot: false },
      tolerations: [{ key: 'sysbox', operator: 'Exists' }],
      volumes: [{ name: 'home', emptyDir: {} }],
    },
  });
});

test("a container security_context carries the provider's defaults (allowPrivilegeEscalation true, seccomp Unconfined)", () => {
  const o = toApiObject(
    'kubernetes_pod_v1',
    podState({ container: [{ name: 'dev', image: 'x', security_context: [{ privileged: true, seccomp_profile: [{ type: '', localhost_profile: '' }] }] }] }),
  );
  expect((o.spec as Obj).containers[0].securityContext).toEqual({
    privileged: true,
    allowPrivilegeEscalation: true,
    readOnlyRootFilesystem: false,
    runAsNonRoot: false,
    seccompProfile: { type: 'Unconfined' },
  });
});

test('service ports: target_port is an int-or-string, port names stay strings', () => {
  const o = toApiObject('kubernetes_service_v1', {
    metadata: [{ name: 'vm', namespace: 'ws' }],
    spec: [
      {
        cluster_ip: 'None',
        port: [
          { name: 'ssh', port: 22, target_port: '22' },
          { name: 'web', port: 80, target_port: 'http' },
        ],
      },
    ],
  });
  expect(o.spec).toEqual({
    clusterIP: 'None',
    ports: [
      { name: 'ssh', port: 22, targetPort: 22 },
      { name: 'web', port: 80, targetPort: 'http' },
    ],
  });
});

test('secret data is base64-encoded and binary_data passed through; file modes are octal', () => {
  const s = toApiObject('kubernetes_secret_v1', {
    metadata: [{ name: 'ci', namespace: 'ws' }],
    data: { userdata: '#cloud-config' },
    binary_data: { key: 'AAEC' },
    type: 'Opaque',
  });
  expect(s).toMatchObject({ data: { userdata: Buffer.from('#cloud-config').toString('base64'), key: 'AAEC' }, type: 'Opaque' });
  const p = toApiObject('kubernetes_pod_v1', podState({ volume: [{ name: 'ci', secret: [{ secret_name: 'ci', default_mode: '0644' }] }] }));
  expect((p.spec as Obj).volumes[0].secret).toEqual({ secretName: 'ci', defaultMode: 420 });
});

test('RBAC blocks: rule → rules, role_ref → roleRef, subject → subjects; an empty api group stays ""', () => {
  const role = toApiObject('kubernetes_role_v1', {
    metadata: [{ name: 'p', namespace: 'ws' }],
    rule: [{ api_groups: [''], resources: ['pods'], verbs: ['get'] }],
  });
  expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
  const rb = toApiObject('kubernetes_role_binding_v1', {
    metadata: [{ name: 'p', namespace: 'ws' }],
    role_ref: [{ api_group: 'rbac.authorization.k8s.io', kind: 'Role', name: 'p' }],
    subject: [{ api_group: '', kind: 'ServiceAccount', name: 'coder', namespace: 'coder' }],
  });
  expect(rb).toMatchObject({
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'p' },
    subjects: [{ kind: 'ServiceAccount', name: 'coder', namespace: 'coder' }],
  });
});

test('fails as the provider does when a numeric string does not parse', () => {
  expect(() => toApiObject('kubernetes_pod_v1', podState({ security_context: [{ run_as_user: 'root' }] }))).toThrow(
    new ConversionError('strconv.ParseInt: parsing "root": invalid syntax'),
  );
});

test('kubernetes_manifest bodies are API objects already (unknowns dropped)', () => {
  expect(
    toApiObject('kubernetes_manifest', {
      manifest: { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'kata', labels: null }, handler: 'kata-qemu' },
    }),
  ).toEqual({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'kata' }, handler: 'kata-qemu' });
});

test('fails for a resource type the API server does not model', () => {
  expect(() => toApiObject('kubernetes_job_v1', {})).toThrow('kubernetes_job_v1 is not modelled by the simulated API server');
});
