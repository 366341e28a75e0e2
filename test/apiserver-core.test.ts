// One failing input per API server validation rule (metadata, Service, PVC, Secret, ConfigMap, RBAC, NetworkPolicy,
// RuntimeClass, Deployment, immutable fields), each with the exact message a Kubernetes 1.36 API server returns.
import { clusterView } from '../src/simulator/apiserver';
import { cluster, object, pod, refusals } from './support/apiserver';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const KEY_NAME =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const headless = { spec: { clusterIP: 'None', selector: { app: 'dev' } } };
const pvcSpec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } };

describe('metadata', () => {
  test('fails when a pod name is not a DNS-1123 subdomain', () => {
    expect(refusals(pod({}, { name: 'Dev_Box' }))).toEqual([`Pod "Dev_Box" is invalid: metadata.name: Invalid value: "Dev_Box": ${SUBDOMAIN}`]);
  });
  test('fails when a namespace name is not a DNS-1123 label', () => {
    expect(refusals(object('v1', 'Namespace', {}, { name: 'team.a', namespace: undefined }))).toEqual([
      'Namespace "team.a" is invalid: metadata.name: Invalid value: "team.a": must not contain dots',
    ]);
  });
  test('fails when a Service name is not a DNS-1035 label (it becomes a DNS name)', () => {
    expect(refusals(object('v1', 'Service', headless, { name: '1st-vm' }))).toEqual([
      `Service "1st-vm" is invalid: metadata.name: Invalid value: "1st-vm": ${DNS1035}`,
    ]);
  });
  test('fails when a name is longer than 253 bytes', () => {
    const name = 'a'.repeat(254);
    expect(refusals(pod({}, { name }))).toEqual([`Pod "${name}" is invalid: metadata.name: Invalid value: "${name}": must be no more than 253 bytes`]);
  });
  test('fails when neither name nor generateName is set', () => {
    expect(refusals(pod({}, { name: undefined }))).toEqual(['Pod "" is invalid: metadata.name: Required value: name or generateName is required']);
  });
  test('fails when metadata.namespace is not a DNS-1123 label', () => {
    expect(
      refusals(
        pod({}, { namespace: 'Team' }),
        undefined,
        clusterView(undefined, () => []),
      ),
    ).toEqual([`Pod "dev" is invalid: metadata.namespace: Invalid value: "Team": ${LABEL}`]);
  });
  test('fails when a label key is not a qualified name', () => {
    expect(refusals(pod({}, { labels: { '-bad': 'x' } }))).toEqual([`Pod "dev" is invalid: metadata.labels: Invalid value: "-bad": ${KEY_NAME}`]);
  });
  test('fails when a label value is longer than 63 bytes', () => {
    const v = 'a'.repeat(64);
    expect(refusals(pod({}, { labels: { owner: v } }))).toEqual([
      `Pod "dev" is invalid: metadata.labels: Invalid value: "${v}": must be no more than 63 bytes`,
    ]);
  });
  test('fails when an annotation key is not a qualified name', () => {
    expect(refusals(pod({}, { annotations: { 'bad key': 'x' } }))).toEqual([
      `Pod "dev" is invalid: metadata.annotations: Invalid value: "bad key": ${KEY_NAME}`,
    ]);
  });
  test('fails when all annotations together exceed 256 KiB', () => {
    expect(refusals(pod({}, { annotations: { big: 'x'.repeat(262144) } }))).toEqual([
      'Pod "dev" is invalid: metadata.annotations: Too long: must have at most 262144 bytes',
    ]);
  });
});

describe('Service', () => {
  test('fails when a port is out of range', () => {
    expect(refusals(object('v1', 'Service', { spec: { ports: [{ port: 70000 }] } }, { name: 'vm' }))).toEqual([
      'Service "vm" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ]);
  });
  test('fails when a Service that is not headless has no ports', () => {
    expect(refusals(object('v1', 'Service', { spec: { selector: { app: 'dev' } } }, { name: 'vm' }))).toEqual([
      'Service "vm" is invalid: spec.ports: Required value',
    ]);
  });
  test('fails when a LoadBalancer is headless', () => {
    expect(refusals(object('v1', 'Service', { spec: { type: 'LoadBalancer', clusterIP: 'None', ports: [{ port: 22 }] } }, { name: 'vm' }))).toEqual([
      'Service "vm" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services',
    ]);
  });
  test('fails when one of several ports has no name', () => {
    expect(refusals(object('v1', 'Service', { spec: { ports: [{ name: 'ssh', port: 22 }, { port: 80 }] } }, { name: 'vm' }))).toEqual([
      'Service "vm" is invalid: spec.ports[1].name: Required value',
    ]);
  });
  test('fails when two ports share a name', () => {
    expect(
      refusals(
        object(
          'v1',
          'Service',
          {
            spec: {
              ports: [
                { name: 'ssh', port: 22 },
                { name: 'ssh', port: 2222 },
              ],
            },
          },
          { name: 'vm' },
        ),
      ),
    ).toEqual(['Service "vm" is invalid: spec.ports[1].name: Duplicate value: "ssh"']);
  });
  test('fails when a numeric targetPort is out of range', () => {
    expect(refusals(object('v1', 'Service', { spec: { ports: [{ port: 22, targetPort: 0 }] } }, { name: 'vm' }))).toEqual([
      'Service "vm" is invalid: spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });
  test('fails when a selector value is not a label value', () => {
    expect(refusals(object('v1', 'Service', { spec: { clusterIP: 'None', selector: { app: 'dev box' } } }, { name: 'vm' }))).toEqual([
      `Service "vm" is invalid: spec.selector: Invalid value: "dev box": ${LABEL_VALUE}`,
    ]);
  });
});

describe('PersistentVolumeClaim', () => {
  test('fails without an access mode', () => {
    expect(refusals(object('v1', 'PersistentVolumeClaim', { spec: { resources: pvcSpec.resources } }))).toEqual([
      'PersistentVolumeClaim "x" is invalid: spec.accessModes: Required value: at least 1 access mode is required',
    ]);
  });
  test('fails with an unknown access mode', () => {
    expect(refusals(object('v1', 'PersistentVolumeClaim', { spec: { ...pvcSpec, accessModes: ['ReadWriteSometimes'] } }))).toEqual([
      'PersistentVolumeClaim "x" is invalid: spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    ]);
  });
  test('fails without a storage request', () => {
    expect(refusals(object('v1', 'PersistentVolumeClaim', { spec: { accessModes: ['ReadWriteOnce'] } }))).toEqual([
      'PersistentVolumeClaim "x" is invalid: spec.resources[storage]: Required value',
    ]);
  });
  test('fails with a zero storage request', () => {
    expect(refusals(object('v1', 'PersistentVolumeClaim', { spec: { ...pvcSpec, resources: { requests: { storage: '0' } } } }))).toEqual([
      'PersistentVolumeClaim "x" is invalid: spec.resources[storage]: Invalid value: "0": must be greater than zero',
    ]);
  });
});

describe('Secret and ConfigMap', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  test('fails when a data key is not a config key', () => {
    expect(refusals(object('v1', 'Secret', { data: { 'user data': b64('x') } }))).toEqual([
      "Secret \"x\" is invalid: data[user data]: Invalid value: \"user data\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });
  test('fails when the data is larger than 1 MiB', () => {
    expect(refusals(object('v1', 'Secret', { data: { userdata: b64('x'.repeat(1048577)) } }))).toEqual([
      'Secret "x" is invalid: data: Too long: must have at most 1048576 bytes',
    ]);
  });
  test('fails when a TLS secret lacks its key', () => {
    expect(refusals(object('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c') } }))).toEqual([
      'Secret "x" is invalid: data[tls.key]: Required value',
    ]);
  });
  test('fails when a ConfigMap key is in both data and binaryData', () => {
    expect(refusals(object('v1', 'ConfigMap', { data: { a: '1' }, binaryData: { a: b64('1') } }))).toEqual([
      'ConfigMap "x" is invalid: binaryData: Invalid value: "a": duplicate of key present in data',
    ]);
  });
});

describe('RBAC', () => {
  test('fails when a rule has no verbs', () => {
    expect(refusals(object('rbac.authorization.k8s.io/v1', 'Role', { rules: [{ apiGroups: [''], resources: ['pods'] }] }))).toEqual([
      'Role.rbac.authorization.k8s.io "x" is invalid: rules[0].verbs: Required value: verbs must contain at least one value',
    ]);
  });
  test('fails when a resource rule has no api group', () => {
    expect(refusals(object('rbac.authorization.k8s.io/v1', 'Role', { rules: [{ resources: ['pods'], verbs: ['get'] }] }))).toEqual([
      'Role.rbac.authorization.k8s.io "x" is invalid: rules[0].apiGroups: Required value: resource rules must supply at least one api group',
    ]);
  });
  test('fails when a Role names non-resource URLs', () => {
    expect(refusals(object('rbac.authorization.k8s.io/v1', 'Role', { rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }))).toEqual([
      'Role.rbac.authorization.k8s.io "x" is invalid: rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
    ]);
  });
  test('fails when a ClusterRoleBinding refers to a Role', () => {
    const crb = object(
      'rbac.authorization.k8s.io/v1',
      'ClusterRoleBinding',
      {
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
        subjects: [{ kind: 'ServiceAccount', name: 'coder', namespace: 'coder' }],
      },
      { namespace: undefined },
    );
    expect(refusals(crb)).toEqual([
      'ClusterRoleBinding.rbac.authorization.k8s.io "x" is invalid: roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
    ]);
  });
  test('fails when a ServiceAccount subject of a ClusterRoleBinding has no namespace', () => {
    const crb = object(
      'rbac.authorization.k8s.io/v1',
      'ClusterRoleBinding',
      { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'coder' }] },
      { namespace: undefined },
    );
    expect(refusals(crb)).toEqual(['ClusterRoleBinding.rbac.authorization.k8s.io "x" is invalid: subjects[0].namespace: Required value']);
  });
  test('fails when a ServiceAccount subject has the RBAC api group', () => {
    const rb = object('rbac.authorization.k8s.io/v1', 'RoleBinding', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
      subjects: [{ kind: 'ServiceAccount', name: 'coder', namespace: 'coder', apiGroup: 'rbac.authorization.k8s.io' }],
    });
    expect(refusals(rb)).toEqual([
      'RoleBinding.rbac.authorization.k8s.io "x" is invalid: subjects[0].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""',
    ]);
  });
});

describe('NetworkPolicy, RuntimeClass, Deployment', () => {
  test('fails with an unknown policy type', () => {
    expect(refusals(object('networking.k8s.io/v1', 'NetworkPolicy', { spec: { podSelector: {}, policyTypes: ['Inbound'] } }))).toEqual([
      'NetworkPolicy.networking.k8s.io "x" is invalid: spec.policyTypes[0]: Unsupported value: "Inbound": supported values: "Egress", "Ingress"',
    ]);
  });
  test('fails when an ipBlock is not a CIDR', () => {
    expect(
      refusals(object('networking.k8s.io/v1', 'NetworkPolicy', { spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1' } }] }] } })),
    ).toEqual([
      'NetworkPolicy.networking.k8s.io "x" is invalid: spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.1": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
  });
  test('fails when a RuntimeClass handler is not a DNS-1123 label', () => {
    expect(refusals(object('node.k8s.io/v1', 'RuntimeClass', { handler: 'kata_qemu' }, { name: 'kata', namespace: undefined }))).toEqual([
      `RuntimeClass.node.k8s.io "kata" is invalid: handler: Invalid value: "kata_qemu": ${LABEL}`,
    ]);
  });
  test('fails when a RuntimeClass overhead is not a quantity', () => {
    expect(
      refusals(
        object('node.k8s.io/v1', 'RuntimeClass', { handler: 'runsc', overhead: { podFixed: { cpu: 'lots' } } }, { name: 'gvisor', namespace: undefined }),
      ),
    ).toEqual([
      'RuntimeClass.node.k8s.io "gvisor" is invalid: overhead.podFixed[cpu]: Invalid value: "lots": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
    ]);
  });
  const deployment = (spec: Record<string, unknown>) =>
    object('apps/v1', 'Deployment', {
      spec: {
        selector: { matchLabels: { app: 'dev' } },
        template: { metadata: { labels: { app: 'dev' } }, spec: { containers: [{ name: 'dev', image: 'ubuntu' }] } },
        ...spec,
      },
    });
  test('fails when the selector does not match the template labels', () => {
    expect(refusals(deployment({ selector: { matchLabels: { app: 'web' } } }))).toEqual([
      'Deployment.apps "x" is invalid: spec.template.metadata.labels: Invalid value: {"app":"dev"}: `selector` does not match template `labels`',
    ]);
  });
  test('fails when the pod template restarts other than Always', () => {
    expect(
      refusals(
        deployment({ template: { metadata: { labels: { app: 'dev' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'dev', image: 'ubuntu' }] } } }),
      ),
    ).toEqual(['Deployment.apps "x" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  });
});

describe('immutable fields on update', () => {
  const pvc = (storage: string, storageClassName?: string) =>
    object('v1', 'PersistentVolumeClaim', { spec: { ...pvcSpec, storageClassName, resources: { requests: { storage } } } });
  test('a PVC may grow', () => {
    expect(refusals(pvc('20Gi'), pvc('10Gi'))).toEqual([]);
  });
  test('fails when a PVC shrinks', () => {
    expect(refusals(pvc('5Gi'), pvc('10Gi'))).toEqual([
      'PersistentVolumeClaim "x" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity',
    ]);
  });
  test('fails when a PVC changes anything else in its spec', () => {
    expect(refusals(pvc('10Gi', 'fast'), pvc('10Gi', 'slow'))).toEqual([
      'PersistentVolumeClaim "x" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    ]);
  });
  test("fails when a Service's clusterIP changes", () => {
    const svc = (clusterIP: string) => object('v1', 'Service', { spec: { clusterIP, ports: [{ port: 22 }] } }, { name: 'vm' });
    expect(refusals(svc('10.96.0.10'), svc('None'))).toEqual([
      'Service "vm" is invalid: spec.clusterIPs[0]: Invalid value: "10.96.0.10": may not change once set',
    ]);
  });
  test("fails when a Deployment's selector changes", () => {
    const d = (app: string) =>
      object('apps/v1', 'Deployment', {
        spec: { selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'dev', image: 'ubuntu' }] } } },
      });
    expect(refusals(d('web'), d('dev'))).toEqual([
      'Deployment.apps "x" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"web"}}: field is immutable',
    ]);
  });
  test("a pod's image may change, its resources may not", () => {
    const p = (image: string, cpu: string) => pod({ containers: [{ name: 'dev', image, resources: { limits: { cpu } } }] });
    expect(refusals(p('ubuntu:24.04', '1'), p('ubuntu:22.04', '1'))).toEqual([]);
    expect(refusals(p('ubuntu', '2'), p('ubuntu', '1'))).toEqual([
      'Pod "dev" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ]);
  });
  test("fails when a RuntimeClass's handler changes", () => {
    const rc = (handler: string) => object('node.k8s.io/v1', 'RuntimeClass', { handler }, { name: 'kata', namespace: undefined });
    expect(refusals(rc('kata-clh'), rc('kata-qemu'))).toEqual([
      'RuntimeClass.node.k8s.io "kata" is invalid: handler: Invalid value: "kata-clh": field is immutable',
    ]);
  });
  test("fails when a binding's roleRef changes", () => {
    const rb = (name: string) =>
      object('rbac.authorization.k8s.io/v1', 'RoleBinding', {
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name: 'coder', namespace: 'coder' }],
      });
    expect(refusals(rb('b'), rb('a'))).toEqual([
      'RoleBinding.rbac.authorization.k8s.io "x" is invalid: roleRef: Invalid value: {"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"b"}: cannot change roleRef',
    ]);
  });
});

test('every error of one object is reported together, as the API server aggregates them', () => {
  expect(refusals(pod({ restartPolicy: 'Sometimes', containers: [{ name: 'dev' }] }))).toEqual([
    'Pod "dev" is invalid: [spec.containers[0].image: Required value, spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"]',
  ]);
  expect(cluster().openWorld).toBe(false);
});
