// The kubernetes provider's own configuration checks as the simulator applies them (no terraform here; see
// simulator-provider-validation.test.ts for the same through terraform).
import * as fc from 'fast-check';
import * as f from '../src/simulator/kubernetes-formats';
import { CHECKS } from '../src/simulator/kubernetes-validations';
import { validateKubernetesConfig } from '../src/simulator/provider-validation';
import { UNKNOWN } from '../src/simulator/values';

/** A pod configuration as the simulator decodes it (blocks are lists), with `spec` overrides. */
function pod(spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'ws' }) {
  return { metadata: [metadata], spec: [{ container: [{ name: 'dev', image: 'ubuntu' }], ...spec }] };
}
const summaries = (type: string, config: Record<string, unknown>, data = false) => validateKubernetesConfig(type, config, data).map((d) => d.summary);

describe('provider checks of a kubernetes_pod_v1', () => {
  test('fails when restart_policy is not one of the enumeration, naming the SDK flat key and the attribute path', () => {
    expect(validateKubernetesConfig('kubernetes_pod_v1', pod({ restart_policy: 'Sometimes' }))).toEqual([
      {
        severity: 1,
        summary: 'expected spec.0.restart_policy to be one of ["Always" "OnFailure" "Never"], got Sometimes',
        detail: '',
        attribute: { steps: [{ attribute_name: 'spec' }, { element_key_int: 0 }, { attribute_name: 'restart_policy' }] },
      },
    ]);
  });

  test('accepts a valid pod, and values that are null or not known yet', () => {
    expect(summaries('kubernetes_pod_v1', pod({ restart_policy: 'Never', dns_policy: null }))).toEqual([]);
    expect(summaries('kubernetes_pod_v1', pod({ restart_policy: UNKNOWN }))).toEqual([]);
    expect(summaries('kubernetes_pod_v1', { metadata: [{ name: UNKNOWN }], spec: UNKNOWN })).toEqual([]);
  });

  test("fails on nested blocks at their index: the second container's port protocol, a toleration operator", () => {
    const config = pod({
      container: [{ name: 'a' }, { name: 'b', port: [{ container_port: 22, protocol: 'SCTP' }] }],
      toleration: [{ operator: 'Exist' }],
    });
    expect(validateKubernetesConfig('kubernetes_pod_v1', config).map((d) => [d.summary, d.attribute.steps.length])).toEqual(
      expect.arrayContaining([
        ['expected spec.0.container.1.port.0.protocol to be one of ["TCP" "UDP"], got SCTP', 7],
        ['expected spec.0.toleration.0.operator to be one of ["Exists" "Equal"], got Exist', 5],
      ]),
    );
  });

  test('fails when a port is out of range or a run_as_user is not an integer', () => {
    const config = pod({ container: [{ name: 'a', port: [{ container_port: 70000 }] }], security_context: [{ run_as_user: 'root' }] });
    expect(summaries('kubernetes_pod_v1', config).sort()).toEqual([
      'spec.0.container.0.port.0.container_port must be between 1 and 65535, inclusive',
      'spec.0.security_context.0.run_as_user: cannot parse \'root\' as int: strconv.ParseInt: parsing "root": invalid syntax',
    ]);
  });

  test('fails when metadata.name is not a DNS-1123 subdomain or a label key is not a qualified name', () => {
    const got = summaries('kubernetes_pod_v1', pod({}, { name: 'Coder_Alice', labels: { 'bad key': 'x' } }));
    expect(got).toContainEqual(expect.stringMatching(/^metadata\.0\.name a lowercase RFC 1123 subdomain must be/));
    expect(got).toContainEqual(expect.stringMatching(/^metadata\.0\.labels \("bad key"\) name part must be alphanumeric/));
  });

  test('checks each element of a list: dns_config nameservers must be IP addresses', () => {
    expect(summaries('kubernetes_pod_v1', pod({ dns_config: [{ nameservers: ['10.0.0.10', 'dns.local'] }] }))).toEqual([
      'expected spec.0.dns_config.0.nameservers.1 to contain a valid IP, got: dns.local',
    ]);
  });

  test('fails when an emptyDir size_limit is not a quantity', () => {
    expect(summaries('kubernetes_pod_v1', pod({ volume: [{ name: 'v', empty_dir: [{ size_limit: '2 Gi' }] }] }))).toEqual([
      "spec.0.volume.0.empty_dir.0.size_limit.2 Gi : quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
  });
});

describe('provider checks of other types', () => {
  test('fails when a PVC access mode is unknown to the provider (each element of the set)', () => {
    const pvc = {
      metadata: [{ name: 'home' }],
      spec: [{ access_modes: ['ReadWriteOnce', 'ReadWriteEverywhere'], resources: [{ requests: { storage: '10Gi' } }] }],
    };
    expect(summaries('kubernetes_persistent_volume_claim_v1', pvc)).toEqual([
      'expected spec.0.access_modes.1 to be one of ["ReadWriteOnce" "ReadOnlyMany" "ReadWriteMany" "ReadWriteOncePod"], got ReadWriteEverywhere',
    ]);
  });

  test('fails when a cluster-scoped object sets both name and generate_name (ConflictsWith metadata.0.name)', () => {
    const d = validateKubernetesConfig('kubernetes_runtime_class_v1', { metadata: [{ name: 'kata', generate_name: 'kata-' }], handler: 'kata' });
    expect(d.map((x) => [x.summary, x.detail])).toEqual(
      expect.arrayContaining([
        ['Conflicting configuration arguments', '"metadata.0.generate_name": conflicts with metadata.0.name'],
        ['Conflicting configuration arguments', '"metadata.0.name": conflicts with metadata.0.generate_name'],
      ]),
    );
  });

  test('fails when a write-only revision comes without its value (RequiredWith), and kubernetes_env without a container (ExactlyOneOf)', () => {
    expect(validateKubernetesConfig('kubernetes_secret_v1', { metadata: [{ name: 's' }], data_wo_revision: 1 }).map((d) => d.detail)).toEqual([
      '"data_wo_revision": all of `data_wo,data_wo_revision` must be specified',
    ]);
    expect(
      validateKubernetesConfig('kubernetes_env', { api_version: 'v1', kind: 'Pod', metadata: [{ name: 'p' }], env: [{ name: 'A' }] }).map((d) => d.detail),
    ).toEqual(['"container": one of `container,init_container` must be specified', '"init_container": one of `container,init_container` must be specified']);
  });

  test('validates data sources under their own entries', () => {
    expect(summaries('kubernetes_secret_v1', { metadata: [{ name: 'Bad_Name' }] }, true)).toEqual([
      expect.stringMatching(/^metadata\.0\.name a lowercase RFC 1123 subdomain/),
    ]);
  });
});

describe('check implementations', () => {
  test('StringInSlice words its message as the SDK does; Any passes when one alternative passes', () => {
    expect(CHECKS.StringInSlice('x', 'k', [['A', 'B'], false])).toEqual(['expected k to be one of ["A" "B"], got x']);
    expect(CHECKS.StringInSlice('a', 'k', [['A'], true])).toEqual([]);
    const anyOf = [{ check: 'StringInSlice', args: [['None'], false] }, { check: 'IsIPAddress' }];
    expect(CHECKS.Any('None', 'k', anyOf)).toEqual([]);
    expect(CHECKS.Any('10.1.2.3', 'k', anyOf)).toEqual([]);
    expect(CHECKS.Any('x', 'k', anyOf)).toEqual(['expected k to be one of ["None"], got x', 'expected k to contain a valid IP, got: x']);
  });

  test('mode bits, relative paths, nullable ints, int-or-percent and cron expressions', () => {
    expect(CHECKS.validateModeBits('0644', 'm', [])).toEqual([]);
    expect(CHECKS.validateModeBits('644', 'm', [])).toEqual(["m: value 644 should start with '0' (octal numeral)"]);
    expect(CHECKS.validateModeBits('01777', 'm', [])).toEqual(['m (01777) expects octal notation (a value between 0 and 0777)']);
    expect(CHECKS.validatePath('../etc', 'p', [])).toEqual(['"p" must not contain ".."']);
    expect(CHECKS.validatePath('/etc', 'p', [])).toEqual(['must be a relative path']);
    expect(CHECKS.validateTypeStringNullableInt('', 'u', [])).toEqual([]);
    expect(CHECKS.validateTypeStringNullableIntOrPercent('120%', 'r', [])).toEqual(["r: '120%' is not between 0% and 100%"]);
    expect(CHECKS.validateCronExpression('*/5 * * * MON-FRI', 's', [])).toEqual([]);
    expect(CHECKS.validateCronExpression('every day', 's', [])).toEqual(['"s" should be an valid Cron expression']);
  });
});

describe('kubernetes formats', () => {
  const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);

  test('every DNS-1123 label is a valid subdomain, label, qualified name and label value', () => {
    fc.assert(
      fc.property(
        label,
        (s) => f.dns1123Label(s).length === 0 && f.dns1123Subdomain(s).length === 0 && f.qualifiedName(s).length === 0 && f.labelValue(s).length === 0,
      ),
    );
  });

  test('a name with an upper-case letter or an underscore is never a DNS-1123 subdomain', () => {
    fc.assert(fc.property(label, fc.constantFrom('A', '_', 'Z'), label, (a, bad, b) => f.dns1123Subdomain(`${a}${bad}${b}`).length > 0));
  });

  test('quantities: numbers with SI, binary or exponent suffixes parse; others do not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom('', 'm', 'k', 'M', 'G', 'Ki', 'Mi', 'Gi', 'Ti', 'e3', 'E-2'),
        (n, s) => f.quantityError(`${n}${s}`) === undefined,
      ),
    );
    expect(f.quantityError('2ki')).toBe("unable to parse quantity's suffix");
    expect(f.quantityError('2GB')).toMatch(/^quantities must match/);
    expect(f.quantityError('lots')).toMatch(/^quantities must match/);
  });

  test('generate_name may end in a dash; a port name needs a letter and at most 15 characters', () => {
    expect(f.dns1123Label('ws-', true)).toEqual([]);
    expect(f.dns1123Label('ws-')).not.toEqual([]);
    expect(f.portName('ssh')).toEqual([]);
    expect(f.portName('8080')).toEqual(['must contain at least one letter (a-z)']);
    expect(f.portName('a-very-long-port-name')).toEqual(['must be no more than 15 characters']);
  });
});
