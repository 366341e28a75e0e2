// Catalog entry: a KubeVirt VM workspace whose distribution the workspace user chooses.
import { Construct } from '../../constructs/core/cdktf';
import { CoderTemplate } from '../../constructs/core/coder-template';
import { DISTRO_KEYS, DISTROS, KubevirtWorkspace, pinnedChecksums } from '../../constructs/kubevirt';
import { TemplateDefinition } from '../../src/definition';
import { mirrored, OrganisationSettings, templateProps, workspaceProps } from '../../src/settings';

export const kubevirtVm: TemplateDefinition = {
  name: 'kubevirt-vm',
  displayName: 'KubeVirt VM',
  description: 'A full Linux virtual machine on Kubernetes (KubeVirt) with a persistent root disk, Docker and systemd.',
  icon: '/icon/kubernetes.svg',
  tags: ['kubernetes', 'kubevirt', 'vm', 'docker', 'systemd'],
  backend: 'kubevirt',
  isolation: 'hardware virtualization (KVM)',
  podSecurity: 'baseline',
  readme: 'templates/kubevirt-vm/README.md.hbs',
  build(scope: Construct, id: string, settings?: OrganisationSettings): CoderTemplate {
    const template = new CoderTemplate(scope, id, templateProps(settings, this));
    const distros = settings?.distros ?? DISTRO_KEYS;
    const vm = new KubevirtWorkspace(template, 'Workspace', {
      ...workspaceProps(settings, 'kubevirt'),
      distros,
      imageUrls: Object.fromEntries(distros.map((d) => [d, mirrored(DISTROS[d].imageUrl, settings?.imageMirrors)])),
      // A mirror serves the same bytes: CDI verifies them against the pinned checksums.
      imageChecksums: pinnedChecksums(distros),
      // Golden images once the platform stack makes them: a clone in the cluster instead of a download per workspace.
      imageSource: settings?.imageSource ?? 'golden',
      goldenImageNamespace: settings?.goldenImageNamespace,
      instancetypes: settings?.instancetypes && Object.entries(settings.instancetypes).map(([name, size]) => ({ name, ...size })),
      permittedDevices: settings?.vmDevices?.permitted,
      gpus: settings?.vmDevices?.gpus,
      hostDevices: settings?.vmDevices?.hostDevices,
      nestedVirtualization: settings?.nestedVirtualization,
      console: settings?.vmConsole,
    });
    for (const share of settings?.sharedDisks ?? []) {
      vm.addSharedDisk(share.name, { mountPath: share.mountPath ?? `/shared/${share.name}`, readOnly: share.readOnly, accessMode: share.accessMode });
    }
    return template;
  },
};
