// KubevirtWorkspace console: "vnc": an in-guest desktop behind noVNC, a Coder app, units the guest writes at every boot.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { CONSOLE_UNITS, DESKTOPS, DISTRO_KEYS, KubevirtWorkspace } from '../constructs/kubevirt';
import { openApiProblems } from '../src/simulator/apiserver';
import { synthTemplate } from './support/synth';
import { evaluate } from './support/terraform';
import { withTerraform } from './support/tools';

const DISTROS = ['ubuntu-24.04', 'debian-12', 'fedora-44', 'arch'] as const;
const withConsole = () => synthTemplate((t) => new KubevirtWorkspace(t, 'Workspace', { distros: [...DISTROS], console: 'vnc' }));

describe('a VM with console: "vnc"', () => {
  const { json, stack } = withConsole();
  const files = new Map(stack.renderFiles().map((f) => [f.path, f.content]));

  test('adds a Desktop app on a subdomain, owner only, with a healthcheck, counted on start_count', () => {
    expect(json.resource.coder_app.desktop).toEqual({
      count: '${data.coder_workspace.me.start_count}',
      agent_id: '${coder_agent.main.id}',
      slug: 'desktop',
      display_name: 'Desktop (VNC)',
      icon: '/icon/desktop.svg',
      url: 'http://localhost:6080/vnc.html?autoconnect=true&resize=remote&reconnect=true',
      subdomain: true,
      share: 'owner',
      order: 3,
      healthcheck: { url: 'http://localhost:6080/vnc.html', interval: 10, threshold: 30 },
    });
  });

  test("Provisioning installs each family's desktop, then enables the units", () => {
    for (const key of DISTROS) {
      const script = files.get(`provisioning/${key}.sh`)!;
      const wanted = /^wanted='(.*)'$/m.exec(script)![1].split(' ');
      expect(wanted).toEqual(expect.arrayContaining([...DESKTOPS[key]!.packages]));
      const enable = script.indexOf(`sudo systemctl enable --now ${CONSOLE_UNITS.join(' ')}`);
      expect(enable).toBeGreaterThan(script.indexOf('Installing:'));
      expect(enable).toBeLessThan(script.indexOf('| sudo tee "$marker"'));
    }
    expect(files.get('provisioning/fedora-44.sh')).toContain('tigervnc-server-minimal');
    expect(files.get('provisioning/arch.sh')).toContain('python-websockify');
  });

  test('the VM keeps its serial console and passes the KubeVirt OpenAPI schema', () => {
    const vm = json.resource.kubernetes_manifest.vm.manifest;
    expect(vm.spec.template.spec.domain.devices.autoattachSerialConsole).toBe(true);
    expect(openApiProblems(vm)).toEqual([]);
  });

  withTerraform('the user-data of every family passes `cloud-init schema`, and its script writes three valid units', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-console-'));
    try {
      for (const key of DISTROS) fs.writeFileSync(path.join(dir, `${key}.yaml.tftpl`), files.get(`cloud-init/${key}.yaml.tftpl`)!);
      // Terraform's own templatefile(), as at apply time: the unit text must survive it unchanged.
      const values = evaluate(
        DISTROS.map((key) => `templatefile("${key}.yaml.tftpl", { init_script_b64 = base64encode("echo") })`),
        dir,
      ) as string[];
      DISTROS.forEach((key, i) => {
        const file = path.join(dir, `${key}.yaml`);
        fs.writeFileSync(file, values[i]);
        const schema = spawnSync('cloud-init', ['schema', '--config-file', file], { encoding: 'utf8' });
        expect(`${schema.stdout}${schema.stderr}`).toMatch(/^Valid cloud-config/m);
        expect(schema.status).toBe(0);
        const bootcmd = parse(values[i]).bootcmd as (string | string[])[];
        const writer = bootcmd.find((c) => typeof c === 'string' && c.includes('cvmkit-vnc.service')) as string;
        // Run the bootcmd entry for real against a scratch folder, then check what it wrote.
        const units = path.join(dir, `units-${key}`);
        fs.mkdirSync(units);
        const run = spawnSync('sh', ['-eu', '-c', writer.replace(/\/etc\/systemd\/system/g, units)], { encoding: 'utf8' });
        expect(run.stderr).toBe('');
        expect(fs.readdirSync(units).sort()).toEqual([...CONSOLE_UNITS].sort());
        const vnc = fs.readFileSync(path.join(units, 'cvmkit-vnc.service'), 'utf8');
        expect(vnc).toMatch(/^User=coder$/m);
        expect(vnc).toContain("ExecStart=/bin/sh -c 'exec Xvnc :1 -localhost -rfbport 5901 -SecurityTypes None");
        const novnc = fs.readFileSync(path.join(units, 'cvmkit-novnc.service'), 'utf8');
        expect(novnc).toContain(`websockify --web ${DESKTOPS[key]!.novncDir} 127.0.0.1:6080 127.0.0.1:5901'`);
        expect(fs.readFileSync(path.join(units, 'cvmkit-desktop.service'), 'utf8')).toMatch(/^PartOf=cvmkit-vnc.service$/m);
        // systemd's own parser: unknown keys, bad sections or a missing binary are errors.
        const verify = spawnSync('systemd-analyze', ['verify', ...CONSOLE_UNITS.map((u) => path.join(units, u))], {
          encoding: 'utf8',
          env: { ...process.env, SYSTEMD_UNIT_PATH: `${units}:` },
        });
        expect(verify.stderr.split('\n').filter((l) => /cvmkit-/.test(l))).toEqual([]);
        // The job that (re)starts the units once Provisioning installed Xvnc.
        expect(bootcmd).toContainEqual(expect.arrayContaining(['systemd-run', '--unit=cvmkit-console-start', '--property=After=cloud-init.service']));
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('console "none" (the default) adds no app, no units and no desktop packages', () => {
  const { json, stack } = synthTemplate((t) => new KubevirtWorkspace(t, 'Workspace', { distros: ['debian-12'] }));
  expect(json.resource.coder_app.desktop).toBeUndefined();
  for (const f of stack.renderFiles()) expect(f.content).not.toMatch(/Xvnc|xfce|novnc/i);
});

test('fails when the console cannot work: a distribution without a desktop, an unknown console, a bad port', () => {
  const el = DISTRO_KEYS.filter((k) => DESKTOPS[k] === undefined);
  expect(el).toEqual(['almalinux-9', 'almalinux-10', 'centos-stream-9', 'centos-stream-10', 'rocky-9', 'rocky-10']);
  expect(() => synthTemplate((t) => new KubevirtWorkspace(t, 'Workspace', { distros: ['debian-12', 'rocky-9'], console: 'vnc' }))).toThrow(
    'test/Workspace/Console: invalid distros: a graphical console has no desktop packages on rocky-9 (Xfce and noVNC are not in their own repositories); offer other distributions or leave the console off',
  );
  expect(() => synthTemplate((t) => new KubevirtWorkspace(t, 'Workspace', { console: 'spice' as 'vnc' }))).toThrow(
    'test/Workspace: invalid console: "spice" must be "none" or "vnc"',
  );
});
