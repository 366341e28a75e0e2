import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { DISTROS, DISTRO_KEYS, KubevirtWorkspace } from '../constructs/kubevirt';
import { only, synthTemplate } from './support/synth';

const START_COUNT = '${data.coder_workspace.me.start_count}';

describe('KubevirtWorkspace', () => {
  const { text, json, stack } = synthTemplate((t) => new KubevirtWorkspace(t, 'Workspace'));
  const vm = json.resource.kubernetes_manifest.vm;
  const disk = json.resource.kubernetes_manifest.root_disk;

  test('declares fully qualified providers with ~> constraints and no backend', () => {
    expect(json.terraform.required_providers).toEqual({
      coder: { source: 'coder/coder', version: expect.stringMatching(/^~> 2\./) },
      kubernetes: { source: 'hashicorp/kubernetes', version: '~> 2.38' },
    });
    expect(json.terraform.backend).toBeUndefined();
    expect(json.provider.kubernetes[0].config_path).toBe('${var.use_kubeconfig ? "~/.kube/config" : null}');
    expect(json.variable.namespace.default).toBe('coder-workspaces');
    expect(json.variable.use_kubeconfig.default).toBe(false);
  });

  test('reads the workspace and its owner from the non-deprecated data sources', () => {
    expect(Object.keys(json.data.coder_workspace)).toEqual(['me']);
    expect(Object.keys(json.data.coder_workspace_owner)).toEqual(['me']);
    expect(text).not.toMatch(/coder_workspace\.me\.owner/);
  });

  test('the root disk is a CDI DataVolume with the storage API, never counted on start_count', () => {
    expect(disk.count).toBeUndefined();
    const m = disk.manifest;
    expect(m.apiVersion).toBe('cdi.kubevirt.io/v1beta1');
    expect(m.kind).toBe('DataVolume');
    expect(m.spec.storage.resources.requests.storage).toBe('${data.coder_parameter.disk_size.value}Gi');
    expect(m.spec.pvc).toBeUndefined();
    expect(m.metadata.annotations['cdi.kubevirt.io/storage.deleteAfterCompletion']).toBe('false');
    // The distribution's pinned image and its checksum, which CDI verifies.
    expect(m.spec.source.http).toBe('${local.image_sources[data.coder_parameter.distro.value]}');
  });

  test('offers every distro with its pinned image URL and checksum as data, keyed by a stable value', () => {
    expect(json.locals.image_sources).toEqual(
      Object.fromEntries(DISTRO_KEYS.map((k) => [k, { url: DISTROS[k].imageUrl, checksum: DISTROS[k].imageChecksum }])),
    );
    for (const k of DISTRO_KEYS) expect(DISTROS[k].imageUrl).not.toMatch(/\/(current|latest)\/|-latest\.|\.latest\./);
    const distro = json.data.coder_parameter.distro;
    expect(distro.mutable).toBe(false);
    expect(distro.option.map((o: any) => o.value)).toEqual(DISTRO_KEYS);
    expect(distro.default).toBe('ubuntu-24.04');
  });

  test('the VM exists while the workspace runs (runStrategy Always, never spec.running), after its disk', () => {
    expect(vm.count).toBe(START_COUNT);
    expect(vm.manifest.spec.runStrategy).toBe('Always');
    expect(vm.manifest.spec.running).toBeUndefined();
    expect(vm.depends_on).toEqual(['kubernetes_manifest.root_disk']);
  });

  test("every build boots a new guest, which waits for a Secret made after it under this build's name", () => {
    expect(vm.lifecycle.replace_triggered_by).toEqual(['${terraform_data.build}']);
    expect(json.locals.build_id).toBe('${substr(sha1(plantimestamp()), 0, 8)}');
    expect(json.resource.terraform_data.build.triggers_replace).toEqual({ build: '${local.build_id}' });
    const secret = only(json, 'kubernetes_secret_v1');
    expect(secret.depends_on).toEqual(['kubernetes_manifest.vm']);
    expect(secret.metadata.name).toBe('${local.workspace_name}-cloudinit-${local.build_id}');
  });

  test('cloud-init sees the same instance on every boot: the firmware UUID is the workspace id', () => {
    expect(vm.manifest.spec.template.spec.domain.firmware).toEqual({ uuid: '${data.coder_workspace.me.id}' });
  });

  test('the root disk anchors the workspace: name, namespace and spec fixed at creation', () => {
    expect(disk.lifecycle.ignore_changes).toEqual(['manifest.metadata.name', 'manifest.metadata.namespace', 'manifest.spec']);
    expect(disk.manifest.metadata.name).toBe('${local.workspace_name}-root');
    expect(disk.manifest.metadata.namespace).toBe('${var.namespace}');
    expect(json.locals.workspace_namespace).toBe('${kubernetes_manifest.root_disk.manifest.metadata.namespace}');
    expect(vm.manifest.metadata.namespace).toBe('${local.workspace_namespace}');
    expect(vm.manifest.spec.template.spec.volumes[0].dataVolume.name).toBe('${local.root_disk_name}');
    expect(json.locals.root_disk_name).toBe('${kubernetes_manifest.root_disk.manifest.metadata.name}');
    expect(only(json, 'kubernetes_secret_v1').metadata.namespace).toBe('${local.workspace_namespace}');
    expect(only(json, 'kubernetes_service_v1').metadata.namespace).toBe('${local.workspace_namespace}');
  });

  test('the VM has cores (its CPU limit, half a core requested) and memory (requested as used), virtio disks and masquerade', () => {
    const spec = vm.manifest.spec.template.spec;
    expect(spec.domain.cpu.cores).toBe('${tonumber(data.coder_parameter.cpu.value)}');
    expect(spec.domain.resources.requests).toEqual({ cpu: '500m', memory: '${data.coder_parameter.memory.value}Gi' });
    expect(spec.domain.resources.limits).toEqual({ cpu: '${tonumber(data.coder_parameter.cpu.value)}', memory: '${data.coder_parameter.memory.value}Gi' });
    expect(() => synthTemplate((t) => new KubevirtWorkspace(t, 'Workspace', { cpuRequest: '2' }))).toThrow(
      'test/Workspace: invalid cpuRequest: 2 exceeds the fewest cores a user may choose (1)',
    );
    expect(spec.domain.devices.disks.every((d: any) => d.disk.bus === 'virtio')).toBe(true);
    expect(spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {} }]);
    expect(spec.networks).toEqual([{ name: 'default', pod: {} }]);
    const cloudInit = spec.volumes.find((v: any) => v.cloudInitNoCloud);
    expect(Object.keys(cloudInit.cloudInitNoCloud)).toEqual(['secretRef']);
    expect(JSON.stringify(spec)).not.toMatch(/enp1s0|eth0|networkData/);
  });

  test('user-data is in a Secret counted on start_count and referenced by secretRef', () => {
    const secret = only(json, 'kubernetes_secret_v1');
    expect(secret.count).toBe(START_COUNT);
    expect(secret.data.userdata).toContain('templatefile(format("%s/cloud-init/%s.yaml.tftpl", path.module, data.coder_parameter.distro.value)');
    expect(secret.data.userdata).toContain('{"init_script_b64" = base64encode(coder_agent.main.init_script)}');
    const ref = vm.manifest.spec.template.spec.volumes.find((v: any) => v.cloudInitNoCloud).cloudInitNoCloud.secretRef.name;
    expect(ref).toBe(secret.metadata.name);
  });

  test('the token is not in the user-data but a Secret key the VM gets as a disk with a known serial', () => {
    const secret = only(json, 'kubernetes_secret_v1');
    expect(secret.data.userdata).not.toContain('token');
    expect(secret.data['agent.env']).toBe('${format("CODER_AGENT_TOKEN=%s\\n", coder_agent.main.token)}');
    const spec = vm.manifest.spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'agentdisk', secret: { secretName: secret.metadata.name } });
    expect(spec.domain.devices.disks).toContainEqual({ name: 'agentdisk', disk: { bus: 'virtio' }, serial: 'cvmkit-agent' });
  });

  test('a Provisioning script, run by the agent on start, installs packages and Docker without blocking logins', () => {
    expect(json.resource.coder_script.provisioning).toEqual(
      expect.objectContaining({
        agent_id: '${coder_agent.main.id}',
        display_name: 'Provisioning',
        run_on_start: true,
        start_blocks_login: false,
        script: '${file(format("%s/provisioning/%s.sh", path.module, data.coder_parameter.distro.value))}',
      }),
    );
    const debian = stack.renderFiles().find((f) => f.path === 'provisioning/debian-12.sh')!.content;
    expect(debian).toContain("wanted='qemu-guest-agent git curl ca-certificates sudo docker.io'");
    expect(debian).toContain('sudo systemctl enable --now docker');
  });

  test('the agent belongs to the VM: the VM references it', () => {
    expect(vm.manifest.metadata.annotations['com.coder.agent.id']).toBe('${coder_agent.main.id}');
    expect(only(json, 'coder_agent').count).toBeUndefined();
  });

  test('objects are named from the workspace id; a headless Service named coder-<owner>-<workspace> selects the VM by id', () => {
    expect(stack).toBeDefined();
    expect(json.locals.workspace_name).toBe('coder-${lower(data.coder_workspace.me.id)}');
    expect(vm.manifest.metadata.name).toBe('${local.workspace_name}');
    const svc = only(json, 'kubernetes_service_v1');
    expect(svc.spec.cluster_ip).toBe('None');
    expect(svc.metadata.name).toBe('${local.dns_service_name}');
    expect(json.locals.dns_service_base).toBe(
      '${replace(lower(join("-", ["coder", replace(lower(data.coder_workspace_owner.me.name), "-", "--"), data.coder_workspace.me.name])), "/[^a-z0-9-]/", "-")}',
    );
    expect(svc.spec.selector).toEqual({ 'app.kubernetes.io/instance': '${local.workspace_name}' });
    expect(vm.manifest.spec.template.metadata.labels).toBe('${local.workspace_labels}');
    expect(json.locals.workspace_labels['app.kubernetes.io/instance']).toBe('${local.workspace_name}');
  });

  test('parameters: cpu and memory mutable within bounds, disk immutable', () => {
    const p = json.data.coder_parameter;
    expect(p.cpu).toMatchObject({ type: 'number', mutable: true, default: '2', validation: { min: 1, max: 8 } });
    expect(p.memory).toMatchObject({ type: 'number', mutable: true, default: '4', validation: { min: 2, max: 32 } });
    expect(p.disk_size).toMatchObject({ type: 'number', mutable: false, default: '16', validation: { min: 16, max: 256 } });
    expect(p.disk_size.validation.monotonic).toBeUndefined();
  });

  test('code-server runs from a start script and has a health-checked app', () => {
    expect(json.resource.coder_app.code_server).toMatchObject({
      slug: 'code-server',
      agent_id: '${coder_agent.main.id}',
      healthcheck: { url: 'http://localhost:13337/healthz', interval: 5, threshold: 6 },
    });
    expect(json.resource.coder_script.code_server.script).toMatch(/if \[ ! -x "\$CODE_SERVER" \]/);
  });

  test('the agent reports CPU, memory and disk and shows the usual apps', () => {
    const agent = only(json, 'coder_agent');
    expect(agent.metadata.map((m: any) => m.key)).toEqual(['cpu', 'memory', 'disk']);
    expect(agent.display_apps).toEqual({ vscode: true, vscode_insiders: false, web_terminal: true, ssh_helper: true, port_forwarding_helper: true });
  });

  test('cdktf matchers see the typed resources', () => {
    expect(text).toHaveResourceWithProperties(ServiceV1, { spec: expect.objectContaining({ cluster_ip: 'None' }) });
    expect(text).toHaveResourceWithProperties(SecretV1, { type: 'Opaque' });
    expect(text).toHaveResource(Manifest);
  });

  test('one cloud-init template and one provisioning script per offered distro', () => {
    expect(stack.renderFiles().map((f) => f.path)).toEqual(
      [...DISTRO_KEYS.map((k) => `cloud-init/${k}.yaml.tftpl`), ...DISTRO_KEYS.map((k) => `provisioning/${k}.sh`)].sort(),
    );
  });
});

describe('KubevirtWorkspace props', () => {
  test('a platform team picks the distros, a mirror, storage and placement', () => {
    const { json, stack } = synthTemplate((t) => {
      const ws = new KubevirtWorkspace(t, 'Workspace', {
        distros: ['debian-12', 'rocky-9'],
        imageUrls: { 'rocky-9': 'https://mirror.example.com/rocky.qcow2' },
        storageClassName: 'fast',
        accessModes: ['ReadWriteMany'],
        volumeMode: 'Block',
        nodeSelector: { 'kubevirt.io/schedulable': 'true' },
        tolerations: [{ key: 'kvm', operator: 'Exists', effect: 'NoSchedule' }],
        labels: { team: 'platform' },
        codeServer: false,
        cpu: { default: 4, min: 2, max: 16 },
        memory: { default: '8Gi', min: '4Gi', max: '64Gi' },
      });
      ws.addPackages('htop');
    });
    const m = json.resource.kubernetes_manifest;
    expect(m.root_disk.manifest.spec.storage).toMatchObject({ storageClassName: 'fast', accessModes: ['ReadWriteMany'], volumeMode: 'Block' });
    // An overridden URL is another file: no pinned checksum unless imageChecksums gives one.
    expect(json.locals.image_sources).toEqual({
      'debian-12': { url: DISTROS['debian-12'].imageUrl, checksum: DISTROS['debian-12'].imageChecksum },
      'rocky-9': { url: 'https://mirror.example.com/rocky.qcow2' },
    });
    expect(m.vm.manifest.spec.template.spec.nodeSelector).toEqual({ 'kubevirt.io/schedulable': 'true' });
    expect(m.vm.manifest.spec.template.spec.tolerations).toEqual([{ key: 'kvm', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(json.locals.workspace_labels.team).toBe('platform');
    expect(json.resource.coder_app).toBeUndefined();
    expect(json.data.coder_parameter.cpu).toMatchObject({ default: '4', validation: { min: 2, max: 16 } });
    expect(json.data.coder_parameter.memory).toMatchObject({ default: '8', validation: { min: 4, max: 64 } });
    expect(stack.renderFiles().map((f) => f.path)).toEqual([
      'cloud-init/debian-12.yaml.tftpl',
      'cloud-init/rocky-9.yaml.tftpl',
      'provisioning/debian-12.sh',
      'provisioning/rocky-9.sh',
    ]);
    expect(stack.renderFiles()[3].content).toMatch(/^wanted='.* htop docker-ce /m);
  });
});
