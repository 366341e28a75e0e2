// Catalog entry: a KubeVirt VM workspace whose distribution the workspace user chooses.
import { Construct } from '../../constructs/core/cdktf';
import { CoderTemplate } from '../../constructs/core/coder-template';
import { KubevirtWorkspace } from '../../constructs/kubevirt';
import { TemplateDefinition } from '../../src/definition';

export const kubevirtVm: TemplateDefinition = {
  name: 'kubevirt-vm',
  displayName: 'KubeVirt VM',
  description: 'A full Linux virtual machine on Kubernetes (KubeVirt) with a persistent root disk, Docker and systemd.',
  icon: '/icon/kubernetes.svg',
  tags: ['kubernetes', 'kubevirt', 'vm', 'docker', 'systemd'],
  backend: 'kubevirt',
  isolation: 'hardware virtualization (KVM)',
  readme: 'templates/kubevirt-vm/README.md.hbs',
  build(scope: Construct, id: string): CoderTemplate {
    const template = new CoderTemplate(scope, id);
    new KubevirtWorkspace(template, 'Workspace');
    return template;
  },
};
