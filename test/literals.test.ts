// Inputs that reach the Terraform output as literals: template sequences refused (settings, props) or escaped (free text).
import { spawnSync } from 'child_process';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { CoderAgent } from '../constructs/core/agent';
import { CoderTemplate } from '../constructs/core/coder-template';
import { CvmkitValidationError } from '../constructs/core/errors';
import { literalProblem, literalText, templateSequence } from '../constructs/core/literals';
import { GvisorRuntimeClassPool } from '../constructs/gvisor';
import { KataRuntimeClass } from '../constructs/kata';
import { KubevirtWorkspace } from '../constructs/kubevirt';
import { PlatformStack } from '../constructs/platform';
import { SysboxWorkspace } from '../constructs/sysbox';
import { renderString } from '../src/hcl';
import { checkSettings } from '../src/settings';
import { synthTemplate } from './support/synth';
import { terraformEnv } from './support/terraform';
import { withTerraform } from './support/tools';

const FILE = '/org/cvmkit.config.yaml';
const REFUSED = 'which Terraform would evaluate as a template sequence; cvmkit writes this value as a literal and refuses "${" and "%{" in it';

function settingsError(value: unknown): string {
  try {
    checkSettings(value, FILE);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('settings were accepted');
}

function constructError(build: (t: CoderTemplate) => void): string {
  try {
    build(new CoderTemplate(Testing.app({ stackTraces: false }), 'tpl'));
  } catch (e) {
    expect(e).toBeInstanceOf(CvmkitValidationError);
    return (e as Error).message;
  }
  throw new Error('props were accepted');
}

describe('settings strings', () => {
  test('fails when an image mirror would make the provisioner read a file', () => {
    expect(settingsError({ imageMirrors: { 'https://cloud-images.ubuntu.com/': 'https://m.example/${file("/etc/hostname")}/' } })).toBe(
      `${FILE}: imageMirrors["https://cloud-images.ubuntu.com/"]: "https://m.example/\${file(\\"/etc/hostname\\")}/" contains "\${", ${REFUSED}`,
    );
  });

  test('fails when a mirror prefix (a key) holds a template directive', () => {
    expect(settingsError({ imageMirrors: { 'https://a/%{ if true }/': 'https://b/' } })).toBe(
      `${FILE}: imageMirrors: key "https://a/%{ if true }/" contains "%{", ${REFUSED}`,
    );
  });

  test('fails when node pools carry template sequences, naming each key', () => {
    expect(settingsError({ nodePools: { kubevirt: { nodeSelector: { kvm: '${var.x}' }, tolerations: [{ key: 'a', value: '%{x}' }] } } })).toBe(
      `${FILE}: nodePools.kubevirt.nodeSelector.kvm: "\${var.x}" contains "\${", ${REFUSED}; nodePools.kubevirt.tolerations[0].value: "%{x}" contains "%{", ${REFUSED}`,
    );
  });

  test('fails when the namespace holds a template sequence, without the pattern complaint about the same value', () => {
    expect(settingsError({ namespace: 'ws-${uuid()}' })).toBe(`${FILE}: namespace: "ws-\${uuid()}" contains "\${", ${REFUSED}`);
  });

  test('fails when a value has a line break (every setting is a single line)', () => {
    expect(settingsError({ imageMirrors: { 'https://a/': 'https://b/\nEOT\n' } })).toBe(
      `${FILE}: imageMirrors["https://a/"]: "https://b/\\nEOT\\n" contains a line break; the value must be a single line`,
    );
  });

  test('a "$" or "%" that opens no template sequence is fine', () => {
    expect(checkSettings({ imageMirrors: { 'https://a/': 'https://b/$web/100%/' }, nodePools: { sysbox: { nodeSelector: { a: 'b' } } } }, FILE)).toBeDefined();
  });
});

describe('construct props written as literals', () => {
  test('fails when a KubeVirt image URL holds a template sequence', () => {
    expect(constructError((t) => new KubevirtWorkspace(t, 'Workspace', { imageUrls: { 'debian-12': 'https://m/${file("/etc/passwd")}.qcow2' } }))).toBe(
      `tpl/Workspace: invalid imageUrls["debian-12"]: "https://m/\${file(\\"/etc/passwd\\")}.qcow2" contains "\${", ${REFUSED}`,
    );
  });

  test('fails when a storage class, package or annotation holds one', () => {
    expect(constructError((t) => new KubevirtWorkspace(t, 'Workspace', { storageClassName: 'ssd%{ if true }' }))).toBe(
      `tpl/Workspace: invalid storageClassName: "ssd%{ if true }" contains "%{", ${REFUSED}`,
    );
    expect(constructError((t) => new KubevirtWorkspace(t, 'Workspace', { packages: ['htop', '${x}'] }))).toBe(
      `tpl/Workspace: invalid packages[1]: "\${x}" contains "\${", ${REFUSED}`,
    );
    expect(constructError((t) => new KubevirtWorkspace(t, 'Workspace').addPackages('%{y}'))).toBe(
      `tpl/Workspace: invalid packages[0]: "%{y}" contains "%{", ${REFUSED}`,
    );
    expect(constructError((t) => new SysboxWorkspace(t, 'Workspace', { annotations: { team: 'a ${b}' } }))).toBe(
      `tpl/Workspace: invalid annotations.team: "a \${b}" contains "\${", ${REFUSED}`,
    );
  });

  test('fails when a toleration, node selector key or image holds one', () => {
    expect(constructError((t) => new SysboxWorkspace(t, 'Workspace', { tolerations: [{ key: 'k', value: '${v}' }] }))).toBe(
      `tpl/Workspace: invalid tolerations[0].value: "\${v}" contains "\${", ${REFUSED}`,
    );
    expect(constructError((t) => new SysboxWorkspace(t, 'Workspace', { nodeSelector: { '${k}': 'v' } }))).toBe(
      `tpl/Workspace: invalid nodeSelector: key "\${k}" contains "\${", ${REFUSED}`,
    );
    expect(constructError((t) => new SysboxWorkspace(t, 'Workspace', { image: 'ubuntu${file("x")}' }))).toBe(
      `tpl/Workspace: invalid image: "ubuntu\${file(\\"x\\")}" contains "\${", ${REFUSED}`,
    );
  });

  test('fails when a line break would end a single-line value', () => {
    expect(constructError((t) => new SysboxWorkspace(t, 'Workspace', { storageClassName: 'ssd\n  EOT' }))).toBe(
      'tpl/Workspace: invalid storageClassName: "ssd\\n  EOT" contains a line break; the value must be a single line',
    );
  });

  test('fails in the extension points: volumes, secret references, parameters', () => {
    expect(constructError((t) => new SysboxWorkspace(t, 'Workspace').workspace.addVolume({ name: 'v', mountPath: '/x/${y}', source: { emptyDir: {} } }))).toBe(
      `tpl/Workspace/Pod: invalid volume.mountPath: "/x/\${y}" contains "\${", ${REFUSED}`,
    );
    expect(constructError((t) => new SysboxWorkspace(t, 'Workspace').workspace.addEnv('TOKEN', { secretKeyRef: { name: '${s}', key: 'k' } }))).toBe(
      `tpl/Workspace/Pod: invalid env.TOKEN.secretKeyRef.name: "\${s}" contains "\${", ${REFUSED}`,
    );
    expect(constructError((t) => t.addParameter('p', { name: 'p', options: [{ name: 'A', value: '${a}' }] }))).toBe(
      `tpl/p: invalid options[0].value: "\${a}" contains "\${", ${REFUSED}`,
    );
    expect(constructError((t) => t.addParameter('p', { name: 'p', default: '%{d}' }))).toBe(`tpl/p: invalid default: "%{d}" contains "%{", ${REFUSED}`);
  });

  test('fails in platform constructs too', () => {
    const platform = () => new PlatformStack(Testing.app({ stackTraces: false }), 'platform');
    const error = (build: () => void) => {
      try {
        build();
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(error(() => new PlatformStack(Testing.app(), 'platform', { kubeconfig: '${file("/root/.kube/config")}' }))).toBe(
      `platform: invalid kubeconfig: "\${file(\\"/root/.kube/config\\")}" contains "\${", ${REFUSED}`,
    );
    expect(error(() => new GvisorRuntimeClassPool(platform(), 'Pool', { pool: 'gv', poolLabel: '${x}' }))).toBe(
      `platform/Pool: invalid poolLabel: "\${x}" contains "\${", ${REFUSED}`,
    );
    expect(error(() => new KataRuntimeClass(platform(), 'Kata', { nodeSelector: { a: '%{b}' } }))).toBe(
      `platform/Kata: invalid nodeSelector.a: "%{b}" contains "%{", ${REFUSED}`,
    );
  });

  test('Terraform references passed as tokens are not literals and pass', () => {
    const { json } = synthTemplate((t) => new SysboxWorkspace(t, 'Workspace', { storageClassName: `ssd-${t.namespace}` }));
    expect(json.resource.kubernetes_persistent_volume_claim_v1.home.spec.storage_class_name).toBe('ssd-${var.namespace}');
  });
});

describe('free text is escaped instead', () => {
  test('scripts, environment values and parameter text reach Terraform escaped; references stay references', () => {
    const { json } = synthTemplate((t) => {
      const agent = new CoderAgent(t, 'Agent', { gitIdentity: false, startupScript: `echo "\${HOME}" %{x} ${t.workspace.name}\n` });
      agent.addEnv('PS1', '${debian_chroot} $ ');
      agent.addMetadata({ key: 'k', displayName: 'Load ${1}', script: 'echo ${LOAD}' });
      t.addParameter('p', {
        name: 'p',
        displayName: 'Costs ${x}',
        description: 'a %{b}',
        options: [{ name: 'A ${a}', value: 'a', description: '${d}' }],
        validation: { regex: '^a$', error: 'not ${a}' },
      });
      new SysboxWorkspace(t, 'Workspace').workspace.addEnv('GREETING', 'hi ${USER}');
    });
    const agent = json.resource.coder_agent.main;
    expect(agent.startup_script).toBe('echo "$${HOME}" %%{x} ${data.coder_workspace.me.name}\n');
    expect(agent.env.PS1).toBe('$${debian_chroot} $ ');
    expect(agent.metadata.find((m: { key: string }) => m.key === 'k')).toMatchObject({ display_name: 'Load $${1}', script: 'echo $${LOAD}' });
    const p = json.data.coder_parameter.p;
    expect([p.display_name, p.description, p.option[0].name, p.option[0].description, p.validation.error]).toEqual([
      'Costs $${x}',
      'a %%{b}',
      'A $${a}',
      '$${d}',
      'not $${a}',
    ]);
    const pod = (
      Object.values(json.resource.kubernetes_deployment_v1)[0] as { spec: { template: { spec: { container: { env: { name: string; value?: string }[] }[] } } } }
    ).spec.template;
    expect(pod.spec.container[0].env.find((e) => e.name === 'GREETING')?.value).toBe('hi $${USER}');
  });

  withTerraform('property: escaped text reads back through terraform exactly as given', () => {
    const piece = fc.constantFrom('$', '%', '{', '}', '${', '%{', '$${', '%%{', 'a', ' ', '\n', '"', '\\');
    const values = fc.sample(
      fc.array(piece, { maxLength: 10 }).map((p) => p.join('')),
      { numRuns: 120, seed: 11 },
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-literal-text-'));
    fs.writeFileSync(path.join(dir, 'main.tf'), `locals {\n${values.map((v, i) => `v${i} = ${renderString(literalText(v))}`).join('\n')}\n}\n`);
    const r = spawnSync('terraform', ['console'], {
      cwd: dir,
      input: `base64encode(jsonencode([${values.map((_, i) => `local.v${i}`).join(', ')}]))\n`,
      env: terraformEnv(),
      encoding: 'utf8',
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).toBe('');
    expect(JSON.parse(Buffer.from(JSON.parse(r.stdout.trim().split('\n').pop()!) as string, 'base64').toString('utf8'))).toEqual(values);
  });

  test('property: a literal is refused exactly when it has "${", "%{" or a line break', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('$', '%', '{', '}', 'a', '\n', '\r') }), (s) => {
        const bad = /[$%]\{/.test(s) || /[\r\n]/.test(s);
        expect(literalProblem(s) !== undefined).toBe(bad);
        expect(templateSequence(s) !== undefined).toBe(/[$%]\{/.test(s));
      }),
      { numRuns: 500 },
    );
  });
});
