// Catalog entry: a Windows VM on KubeVirt, cloned from the golden image the platform team provides.
import { Construct } from '../../constructs/core/cdktf';
import { CoderTemplate } from '../../constructs/core/coder-template';
import { DEFAULT_GOLDEN_IMAGE_NAMESPACE, KubevirtWindowsWorkspace } from '../../constructs/kubevirt';
import { TemplateDefinition } from '../../src/definition';
import { OrganisationSettings, templateProps, workspaceProps } from '../../src/settings';

/** The DataSource the catalog clones unless the settings name another (`windowsImage`). */
export const DEFAULT_WINDOWS_IMAGE = { name: 'windows' } as const;

export const kubevirtWindows: TemplateDefinition = {
  name: 'kubevirt-windows',
  displayName: 'KubeVirt Windows VM',
  description: 'A Windows virtual machine on Kubernetes (KubeVirt) with a persistent disk cloned from your golden image, reached over RDP.',
  icon: '/icon/windows.svg',
  tags: ['kubernetes', 'kubevirt', 'vm', 'windows', 'rdp'],
  backend: 'kubevirt',
  isolation: 'hardware virtualization (KVM)',
  podSecurity: 'baseline',
  readme: 'templates/kubevirt-windows/README.md.hbs',
  build(scope: Construct, id: string, settings?: OrganisationSettings): CoderTemplate {
    const template = new CoderTemplate(scope, id, templateProps(settings, this));
    // The Linux registry modules (code-server, JetBrains, dotfiles, git-clone) run shell scripts: not here.
    const { modules, ...placement } = workspaceProps(settings, 'kubevirt');
    new KubevirtWindowsWorkspace(template, 'Workspace', {
      ...placement,
      windowsImage: {
        namespace: settings?.windowsImage?.namespace ?? settings?.goldenImageNamespace ?? DEFAULT_GOLDEN_IMAGE_NAMESPACE,
        name: settings?.windowsImage?.name ?? DEFAULT_WINDOWS_IMAGE.name,
        diskSize: settings?.windowsImage?.diskSize,
      },
      modules: { windowsRdp: modules?.windowsRdp },
    });
    return template;
  },
};
