// One failing input per pod-spec validation rule of the API server, each with its exact message.
import { container, pod, refusals } from './support/apiserver';

const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const invalid = (detail: string) => [`Pod "dev" is invalid: ${detail}`];
const emptyDir = (name: string) => ({ name, emptyDir: {} });

describe('containers', () => {
  test('fails when two containers share a name', () => {
    expect(refusals(pod({ containers: [container(), container()] }))).toEqual(invalid('spec.containers[1].name: Duplicate value: "dev"'));
  });
  test('fails when a container name is not a DNS-1123 label', () => {
    expect(refusals(pod({ containers: [container({}, 'Dev')] }))).toEqual(invalid(`spec.containers[0].name: Invalid value: "Dev": ${LABEL}`));
  });
  test('fails when a container has no image', () => {
    expect(refusals(pod({ containers: [{ name: 'dev' }] }))).toEqual(invalid('spec.containers[0].image: Required value'));
  });
  test('fails when a pod has no containers', () => {
    expect(refusals(pod({ containers: [] }))).toEqual(invalid('spec.containers: Required value'));
  });
  test('fails when an init container and a container share a name', () => {
    expect(refusals(pod({ initContainers: [container()] }))).toEqual(invalid('spec.containers[0].name: Duplicate value: "dev"'));
  });
});

describe('volumes and mounts', () => {
  test('fails when two volumes share a name', () => {
    expect(refusals(pod({ volumes: [emptyDir('home'), emptyDir('home')] }))).toEqual(invalid('spec.volumes[1].name: Duplicate value: "home"'));
  });
  test('fails when a volume has no source', () => {
    expect(refusals(pod({ volumes: [{ name: 'home' }] }))).toEqual(invalid('spec.volumes[0]: Required value: must specify a volume type'));
  });
  test('fails when a volume has two sources', () => {
    expect(refusals(pod({ volumes: [{ name: 'home', hostPath: { path: '/home' }, emptyDir: {} }] }, { namespace: 'priv' }))).toEqual(
      invalid('spec.volumes[0].emptyDir: Forbidden: may not specify more than 1 volume type'),
    );
  });
  test('fails when a volume name is not a DNS-1123 label', () => {
    expect(refusals(pod({ volumes: [emptyDir('Home')] }))).toEqual(invalid(`spec.volumes[0].name: Invalid value: "Home": ${LABEL}`));
  });
  test('fails when a hostPath type is unknown', () => {
    expect(refusals(pod({ volumes: [{ name: 'src', hostPath: { path: '/usr/src', type: 'Folder' } }] }, { namespace: 'priv' }))).toEqual(
      invalid(
        'spec.volumes[0].hostPath.type: Unsupported value: "Folder": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
      ),
    );
  });
  test('fails when a mount names no declared volume', () => {
    expect(refusals(pod({ containers: [container({ volumeMounts: [{ name: 'home', mountPath: '/home/coder' }] })] }))).toEqual(
      invalid('spec.containers[0].volumeMounts[0].name: Not found: "home"'),
    );
  });
  test('fails when two mounts share a mount path', () => {
    const mounts = [
      { name: 'a', mountPath: '/home' },
      { name: 'b', mountPath: '/home' },
    ];
    expect(refusals(pod({ volumes: [emptyDir('a'), emptyDir('b')], containers: [container({ volumeMounts: mounts })] }))).toEqual(
      invalid('spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/home": must be unique'),
    );
  });
  test('fails when a subPath is absolute', () => {
    expect(refusals(pod({ volumes: [emptyDir('a')], containers: [container({ volumeMounts: [{ name: 'a', mountPath: '/x', subPath: '/etc' }] })] }))).toEqual(
      invalid('spec.containers[0].volumeMounts[0].subPath: Invalid value: "/etc": must be a relative path'),
    );
  });
  test('fails when a subPath climbs out of its volume', () => {
    expect(
      refusals(pod({ volumes: [emptyDir('a')], containers: [container({ volumeMounts: [{ name: 'a', mountPath: '/x', subPath: 'home/../..' }] })] })),
    ).toEqual(invalid('spec.containers[0].volumeMounts[0].subPath: Invalid value: "home/../..": must not contain \'..\''));
  });
  test('fails when an unprivileged container asks for Bidirectional propagation', () => {
    expect(
      refusals(
        pod({ volumes: [emptyDir('a')], containers: [container({ volumeMounts: [{ name: 'a', mountPath: '/x', mountPropagation: 'Bidirectional' }] })] }),
      ),
    ).toEqual(
      invalid('spec.containers[0].volumeMounts[0].mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers'),
    );
  });
});

describe('ports and env', () => {
  test('fails when two container ports share a name', () => {
    expect(
      refusals(
        pod({
          containers: [
            container({
              ports: [
                { name: 'http', containerPort: 80 },
                { name: 'http', containerPort: 8080 },
              ],
            }),
          ],
        }),
      ),
    ).toEqual(invalid('spec.containers[0].ports[1].name: Duplicate value: "http"'));
  });
  test('fails when a container port name is not an IANA service name', () => {
    expect(refusals(pod({ containers: [container({ ports: [{ name: 'web_ui', containerPort: 80 }] })] }))).toEqual(
      invalid('spec.containers[0].ports[0].name: Invalid value: "web_ui": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'),
    );
  });
  test('fails when a container port is out of range', () => {
    expect(refusals(pod({ containers: [container({ ports: [{ containerPort: 70000 }] })] }))).toEqual(
      invalid('spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'),
    );
  });
  test("fails when an env var name contains '='", () => {
    expect(refusals(pod({ containers: [container({ env: [{ name: 'A=B', value: '1' }] })] }))).toEqual(
      invalid(
        'spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
      ),
    );
  });
  test('fails when an env var has both a value and valueFrom', () => {
    expect(
      refusals(pod({ containers: [container({ env: [{ name: 'CPUS', value: '2', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } }] })] })),
    ).toEqual(invalid('spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty'));
  });
  test('fails when a resourceFieldRef names an unknown resource', () => {
    expect(refusals(pod({ containers: [container({ env: [{ name: 'CPUS', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } }] })] }))).toEqual(
      invalid(
        'spec.containers[0].env[0].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"',
      ),
    );
  });
});

describe('resources', () => {
  test('fails when a quantity does not parse', () => {
    expect(refusals(pod({ containers: [container({ resources: { limits: { cpu: '2 cores' } } })] }))).toEqual(
      invalid(
        'spec.containers[0].resources.limits[cpu]: Invalid value: "2 cores": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
      ),
    );
  });
  test('fails when a request is above its limit', () => {
    expect(refusals(pod({ containers: [container({ resources: { requests: { cpu: '4' }, limits: { cpu: '2' } } })] }))).toEqual(
      invalid('spec.containers[0].resources.requests: Invalid value: "4": must be less than or equal to cpu limit of 2'),
    );
  });
  test('compares quantities, not strings', () => {
    expect(refusals(pod({ containers: [container({ resources: { requests: { memory: '1024Mi' }, limits: { memory: '1Gi' } } })] }))).toEqual([]);
  });
  test('fails on a resource name that is neither standard nor qualified', () => {
    expect(refusals(pod({ containers: [container({ resources: { limits: { gpu: '1' } } })] }))).toEqual(
      invalid('spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified'),
    );
  });
});

describe('security context', () => {
  test('fails when runAsUser is negative', () => {
    expect(refusals(pod({ securityContext: { runAsUser: -1 } }))).toEqual(
      invalid('spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 4294967295, inclusive'),
    );
  });
  test('fails on an unknown fsGroupChangePolicy', () => {
    expect(refusals(pod({ securityContext: { fsGroupChangePolicy: 'Sometimes' } }))).toEqual(
      invalid('spec.securityContext.fsGroupChangePolicy: Unsupported value: "Sometimes": supported values: "OnRootMismatch", "Always"'),
    );
  });
  test('fails when a privileged container forbids privilege escalation', () => {
    expect(
      refusals(pod({ containers: [container({ securityContext: { privileged: true, allowPrivilegeEscalation: false } })] }, { namespace: 'priv' })),
    ).toEqual(invalid('spec.containers[0].securityContext: Invalid value: "": cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
  });
  test('fails when a Localhost seccomp profile names no file', () => {
    expect(refusals(pod({ securityContext: { seccompProfile: { type: 'Localhost' } } }))).toEqual(
      invalid('spec.securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost'),
    );
  });
  test('fails on an unknown procMount', () => {
    expect(refusals(pod({ containers: [container({ securityContext: { procMount: 'Masked' } })] }, { namespace: 'priv' }))).toEqual(
      invalid('spec.containers[0].securityContext.procMount: Unsupported value: "Masked": supported values: "Default", "Unmasked"'),
    );
  });
});

describe('pod-level fields', () => {
  test('fails on an unknown restartPolicy', () => {
    expect(refusals(pod({ restartPolicy: 'Sometimes' }))).toEqual(
      invalid('spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'),
    );
  });
  test('fails when the hostname is not a DNS-1123 label', () => {
    expect(refusals(pod({ hostname: 'Dev_Box' }))).toEqual(invalid(`spec.hostname: Invalid value: "Dev_Box": ${LABEL}`));
  });
  test('fails when a toleration with operator Exists has a value', () => {
    expect(refusals(pod({ tolerations: [{ key: 'sysbox', operator: 'Exists', value: 'x' }] }))).toEqual(
      invalid('spec.tolerations[0].operator: Invalid value: "x": value must be empty when `operator` is \'Exists\''),
    );
  });
  test('fails when tolerationSeconds is set for an effect other than NoExecute', () => {
    expect(refusals(pod({ tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }] }))).toEqual(
      invalid('spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set'),
    );
  });
  test('fails when a nodeSelector value is not a label value', () => {
    expect(refusals(pod({ nodeSelector: { kvm: 'yes please' } }))).toEqual(invalid(`spec.nodeSelector: Invalid value: "yes please": ${LABEL_VALUE}`));
  });
  test('fails on an unknown dnsPolicy', () => {
    expect(refusals(pod({ dnsPolicy: 'Cluster' }))).toEqual(
      invalid('spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'),
    );
  });
});
