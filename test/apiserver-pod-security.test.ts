// Pod Security admission by the namespace's enforce label: one failing pod per Pod Security Standards check,
// with the exact message (check order and wording of k8s.io/pod-security-admission).
import { namespace } from '../src/simulator/apiserver';
import { cluster, container, object, pod, refusals } from './support/apiserver';

const baseline = (detail: string) => [`pods "dev" is forbidden: violates PodSecurity "baseline:latest": ${detail}`];
const restricted = (detail: string) => [`pods "dev" is forbidden: violates PodSecurity "restricted:latest": ${detail}`];
/** A container that meets the restricted level on its own. */
const hardened = (extra: Record<string, unknown> = {}) =>
  container({
    securityContext: {
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
      ...extra,
    },
  });

describe('baseline', () => {
  test('fails for a privileged container', () => {
    expect(refusals(pod({ containers: [container({ securityContext: { privileged: true } })] }))).toEqual(
      baseline('privileged (container "dev" must not set securityContext.privileged=true)'),
    );
  });
  test('fails for host namespaces', () => {
    expect(refusals(pod({ hostNetwork: true, hostPID: true }))).toEqual(baseline('host namespaces (hostNetwork=true, hostPID=true)'));
  });
  test('fails for hostPath volumes', () => {
    const volumes = [
      { name: 'usr-src', hostPath: { path: '/usr/src' } },
      { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
    ];
    expect(refusals(pod({ volumes }))).toEqual(baseline('hostPath volumes (volumes "usr-src", "lib-modules")'));
  });
  test('fails for host ports', () => {
    expect(refusals(pod({ containers: [container({ ports: [{ containerPort: 8080, hostPort: 8080 }] })] }))).toEqual(
      baseline('hostPort (container "dev" uses hostPort 8080)'),
    );
  });
  test('fails for capabilities beyond the default set', () => {
    expect(refusals(pod({ containers: [container({ securityContext: { capabilities: { add: ['SYS_ADMIN', 'NET_ADMIN', 'CHOWN'] } } })] }))).toEqual(
      baseline('non-default capabilities (container "dev" must not include "NET_ADMIN", "SYS_ADMIN" in securityContext.capabilities.add)'),
    );
  });
  test('fails for an unconfined AppArmor profile', () => {
    expect(refusals(pod({}, { annotations: { 'container.apparmor.security.beta.kubernetes.io/dev': 'unconfined' } }))).toEqual(
      baseline('forbidden AppArmor profile (container.apparmor.security.beta.kubernetes.io/dev="unconfined")'),
    );
  });
  test('fails for a forbidden SELinux type', () => {
    expect(refusals(pod({ securityContext: { seLinuxOptions: { type: 'spc_t' } } }))).toEqual(
      baseline('seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "spc_t")'),
    );
  });
  test('fails for an Unconfined seccomp profile', () => {
    expect(refusals(pod({ securityContext: { seccompProfile: { type: 'Unconfined' } } }))).toEqual(
      baseline('seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")'),
    );
  });
  test('fails for an unmasked /proc', () => {
    expect(refusals(pod({ containers: [container({ securityContext: { procMount: 'Unmasked' } })] }))).toEqual(
      baseline('procMount (container "dev" must not set securityContext.procMount to "Unmasked")'),
    );
  });
  test('fails for unsafe sysctls', () => {
    expect(
      refusals(
        pod({
          securityContext: {
            sysctls: [
              { name: 'kernel.msgmax', value: '65536' },
              { name: 'net.ipv4.ip_local_port_range', value: '1024 65535' },
            ],
          },
        }),
      ),
    ).toEqual(baseline('forbidden sysctls (kernel.msgmax)'));
  });
  test('fails for a probe that targets another host', () => {
    expect(refusals(pod({ containers: [container({ livenessProbe: { httpGet: { host: 'example.com', port: 80 } } })] }))).toEqual(
      baseline('probe or lifecycle host (container "dev" uses probe or lifecycle host "example.com")'),
    );
  });
  test('reports every violation in the admission plugin’s order (Envbox’s pod)', () => {
    const volumes = [
      { name: 'usr-src', hostPath: { path: '/usr/src' } },
      { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
    ];
    expect(refusals(pod({ volumes, containers: [container({ securityContext: { privileged: true } })] }))).toEqual(
      baseline('hostPath volumes (volumes "usr-src", "lib-modules"), privileged (container "dev" must not set securityContext.privileged=true)'),
    );
  });
  test('names the pinned policy version', () => {
    const view = cluster([namespace('pinned', { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.30' })]);
    expect(refusals(pod({ hostIPC: true }, { namespace: 'pinned' }), undefined, view)).toEqual([
      'pods "dev" is forbidden: violates PodSecurity "baseline:v1.30": host namespaces (hostIPC=true)',
    ]);
  });
  test('a namespace without the label (privileged) admits anything', () => {
    expect(refusals(pod({ hostNetwork: true, containers: [container({ securityContext: { privileged: true } })] }, { namespace: 'priv' }))).toEqual([]);
  });
});

describe('restricted', () => {
  test('fails for a pod that sets nothing', () => {
    expect(refusals(pod({}, { namespace: 'strict' }))).toEqual(
      restricted(
        'allowPrivilegeEscalation != false (container "dev" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "dev" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "dev" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "dev" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
      ),
    );
  });
  test('admits a hardened pod', () => {
    expect(refusals(pod({ containers: [hardened()] }, { namespace: 'strict' }))).toEqual([]);
  });
  test('fails for volume types other than the restricted set', () => {
    expect(refusals(pod({ containers: [hardened()], volumes: [{ name: 'src', hostPath: { path: '/usr/src' } }] }, { namespace: 'strict' }))).toEqual(
      restricted('restricted volume types (volume "src" uses restricted volume type "hostPath")'),
    );
  });
  test('fails for runAsUser=0', () => {
    expect(refusals(pod({ securityContext: { runAsUser: 0 }, containers: [hardened()] }, { namespace: 'strict' }))).toEqual(
      restricted('runAsUser=0 (pod must not set runAsUser=0)'),
    );
  });
  test('fails for added capabilities other than NET_BIND_SERVICE', () => {
    expect(
      refusals(pod({ containers: [hardened({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SYS_PTRACE'] } })] }, { namespace: 'strict' })),
    ).toEqual(restricted('unrestricted capabilities (container "dev" must not include "SYS_PTRACE" in securityContext.capabilities.add)'));
  });
  test('fails for an explicit runAsNonRoot=false (what the provider sends for a pod security_context block without it)', () => {
    expect(
      refusals(
        pod({ securityContext: { runAsNonRoot: false, runAsUser: 1000 }, containers: [hardened({ runAsNonRoot: undefined })] }, { namespace: 'strict' }),
      ),
    ).toEqual(restricted('runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)'));
  });
  test('user namespaces (hostUsers: false) relax runAsNonRoot and runAsUser', () => {
    expect(
      refusals(pod({ hostUsers: false, securityContext: { runAsUser: 0 }, containers: [hardened({ runAsNonRoot: undefined })] }, { namespace: 'strict' })),
    ).toEqual([]);
  });
});

test("a Deployment's pod template is checked as the pods its ReplicaSet creates", () => {
  const deployment = object(
    'apps/v1',
    'Deployment',
    {
      spec: {
        selector: { matchLabels: { app: 'dev' } },
        template: { metadata: { labels: { app: 'dev' } }, spec: { containers: [container({ securityContext: { privileged: true } })] } },
      },
    },
    { name: 'web' },
  );
  const [message] = refusals(deployment);
  expect(message).toMatch(
    /^Deployment\.apps "web" never becomes available: ReplicaSet "web-[bcdfghjklmnpqrstvwxz2456789]+" FailedCreate: Error creating: pods "web-[bcdfghjklmnpqrstvwxz2456789]+-" is forbidden: violates PodSecurity "baseline:latest": privileged \(container "dev" must not set securityContext.privileged=true\)$/,
  );
  expect(refusals({ ...deployment, spec: { ...(deployment.spec as object), replicas: 0 } })).toEqual([]);
});
