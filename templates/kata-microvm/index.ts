// Catalog entry: a workspace pod in a Kata Containers micro-VM (QEMU).
import { Construct } from '../../constructs/core/cdktf';
import { CoderTemplate } from '../../constructs/core/coder-template';
import { KataWorkspace } from '../../constructs/kata';
import { TemplateDefinition } from '../../src/definition';
import { OrganisationSettings, templateProps, workspaceProps } from '../../src/settings';

export const kataMicrovm: TemplateDefinition = {
  name: 'kata-microvm',
  displayName: 'Kata micro-VM',
  description: 'A container workspace in its own lightweight VM (Kata Containers on QEMU), with a persistent home.',
  icon: '/icon/kubernetes.svg',
  tags: ['kubernetes', 'kata', 'microvm', 'container'],
  backend: 'kata',
  isolation: 'hardware virtualization per pod (Kata micro-VM)',
  podSecurity: 'restricted',
  readme: 'templates/kata-microvm/README.md.hbs',
  platform: { kataHypervisors: ['qemu'] },
  build(scope: Construct, id: string, settings?: OrganisationSettings): CoderTemplate {
    const template = new CoderTemplate(scope, id, templateProps(settings, this));
    new KataWorkspace(template, 'Workspace', { ...workspaceProps(settings, 'kata'), hypervisor: 'qemu' });
    return template;
  },
};
