// Admission that depends on what the cluster has: namespaces, RuntimeClasses, CRDs (also at plan time, as the
// provider reads them), and what is reported as skipped when nothing is declared or the specs are missing.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { baselineAfter, clusterView, namespace, planManifest, readBaseline, runtimeClass, skippedChecks, writeBaseline } from '../src/simulator/apiserver';
import { PROJECT_ROOT } from '../src/paths';
import { cluster, container, object, pod, refusals, vm } from './support/apiserver';

test('fails when the namespace does not exist', () => {
  expect(refusals(pod({}, { namespace: 'coder-workspaces' }))).toEqual(['namespaces "coder-workspaces" not found']);
});

test('a typed resource without a namespace lands in default, which every cluster has', () => {
  expect(refusals(pod({}, { namespace: undefined }))).toEqual([]);
});

test('fails when a pod names a RuntimeClass that does not exist', () => {
  expect(refusals(pod({ runtimeClassName: 'sysbox' }))).toEqual(['pods "dev" is forbidden: pod rejected: RuntimeClass "sysbox" not found']);
  expect(refusals(pod({ runtimeClassName: 'sysbox-runc' }))).toEqual([]);
});

test('a Deployment whose pods name a missing RuntimeClass never becomes available', () => {
  const d = object(
    'apps/v1',
    'Deployment',
    {
      spec: {
        selector: { matchLabels: { app: 'dev' } },
        template: { metadata: { labels: { app: 'dev' } }, spec: { runtimeClassName: 'kata', containers: [container()] } },
      },
    },
    { name: 'web' },
  );
  expect(refusals(d)[0]).toMatch(
    /^Deployment\.apps "web" never becomes available: ReplicaSet "web-\w+" FailedCreate: Error creating: pods "web-\w+-" is forbidden: pod rejected: RuntimeClass "kata" not found$/,
  );
});

test('fails when the CRD of a custom resource is not installed', () => {
  expect(refusals(vm(), undefined, cluster([], []))).toEqual(['no matches for kind "VirtualMachine" in version "kubevirt.io/v1"']);
});

describe('kubernetes_manifest at plan time (the provider reads the CRD to build the type)', () => {
  test('fails when the CRD is not installed', () => {
    expect(planManifest(vm(), cluster([], []))).toEqual([
      'API did not recognize GroupVersionKind from manifest (CRD may not be installed): no matches for kind "VirtualMachine" in version "kubevirt.io/v1"',
    ]);
  });
  test('fails on an attribute the schema does not have', () => {
    const o = vm({}, { domain: { cpu: { coress: 2 }, devices: {} } });
    expect(planManifest(o, cluster())).toEqual([
      'Manifest configuration incompatible with resource schema: Attribute not found in schema: Unable to find schema type for attribute: object.spec.template.spec.domain.cpu.coress',
    ]);
  });
  test('a valid manifest plans', () => {
    expect(planManifest(vm(), cluster())).toEqual([]);
  });
});

describe('the cluster baseline', () => {
  test('objects created by a platform run become the next run’s baseline', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-baseline-'));
    writeBaseline(dir, { objects: [runtimeClass('sysbox-runc')] });
    fs.writeFileSync(
      path.join(dir, 'cluster.json'),
      JSON.stringify({
        a: { type: 'kubernetes_namespace_v1', state: {}, object: namespace('coder-workspaces', { 'pod-security.kubernetes.io/enforce': 'baseline' }) },
      }),
    );
    const next = baselineAfter(dir);
    expect(next.objects?.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['RuntimeClass/sysbox-runc', 'Namespace/coder-workspaces']);
    expect(readBaseline(dir)?.objects).toHaveLength(1);
    const view = clusterView(next, () => []);
    expect(
      refusals(
        pod({ runtimeClassName: 'sysbox-runc', containers: [container({ securityContext: { privileged: true } })] }, { namespace: 'coder-workspaces' }),
        undefined,
        view,
      ),
    ).toEqual(['pods "dev" is forbidden: violates PodSecurity "baseline:latest": privileged (container "dev" must not set securityContext.privileged=true)']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('with nothing declared, existence checks are skipped and said so; field validation still runs', () => {
    const open = clusterView(undefined, () => []);
    expect(refusals(pod({ runtimeClassName: 'nope' }, { namespace: 'nowhere' }), undefined, open)).toEqual([]);
    expect(refusals(pod({ hostname: 'A_B' }, { namespace: 'nowhere' }), undefined, open)[0]).toMatch(
      /^Pod "dev" is invalid: spec.hostname: Invalid value: "A_B"/,
    );
    expect(skippedChecks(open)).toEqual([
      'existence checks skipped (namespaces, RuntimeClasses, CRDs, DataSources): no cluster baseline was declared for this run',
    ]);
    expect(skippedChecks(cluster())).toEqual([]);
  });
});

test('without the OpenAPI specs the check is reported as skipped, and typed resources are checked for metadata only', () => {
  const script = `
    const api = require(${JSON.stringify(path.join(PROJECT_ROOT, 'lib/src/simulator/apiserver'))});
    const view = api.clusterView({ objects: [api.namespace('ws')] }, () => []);
    const pod = api.toApiObject('kubernetes_pod_v1', { metadata: [{ name: 'Dev_Box', namespace: 'ws' }], spec: [{ container: [{ name: 'dev', image: 'x' }] }] });
    console.log(JSON.stringify({ status: api.openApiStatus(), skipped: api.skippedChecks(view), refusals: api.admit('CREATE', pod, undefined, view) }));`;
  const out = JSON.parse(
    execFileSync(process.execPath, ['-e', script], { env: { ...process.env, CVMKIT_OPENAPI_DIR: '/nonexistent/schemas' }, encoding: 'utf8' }),
  );
  const reason =
    'OpenAPI check skipped: kubernetes-release-1.36-swagger.json not found in CVMKIT_OPENAPI_DIR=/nonexistent/schemas (set CVMKIT_OPENAPI_DIR to a folder with the Kubernetes 1.36, KubeVirt v1.9.0 and CDI v1.66.0 swagger.json files)';
  expect(out.status).toEqual({ available: false, reason });
  expect(out.skipped).toEqual([`${reason}; typed resources are checked for metadata only`]);
  expect(out.refusals[0]).toMatch(/^Pod "Dev_Box" is invalid: metadata.name: Invalid value: "Dev_Box": a lowercase RFC 1123 subdomain/);
});

describe('OpenAPI validation of built-in kinds (strict decoding)', () => {
  test('fails on an unknown field of a Pod', () => {
    expect(refusals(pod({ containers: [container({ imagee: 'ubuntu' })] }))).toEqual([
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"',
    ]);
  });
  test('fails on a value of the wrong type', () => {
    expect(refusals(object('v1', 'Service', { spec: { ports: [{ port: '22' }] } }, { name: 'vm' }))).toEqual([
      'Service "vm" is invalid: spec.ports[0].port: Invalid value: "string": spec.ports[0].port in body must be of type integer: "string"',
    ]);
  });
  test('int-or-string and quantities accept numbers', () => {
    expect(refusals(object('v1', 'Service', { spec: { ports: [{ port: 22, targetPort: 22 }] } }, { name: 'vm' }))).toEqual([]);
    expect(refusals(pod({ containers: [container({ resources: { limits: { cpu: 2 } } })] }))).toEqual([]);
  });
});
