// Catalog entry: a Sysbox container-VM that boots systemd and runs Docker, without privileges.
import { Construct } from '../../constructs/core/cdktf';
import { CoderTemplate } from '../../constructs/core/coder-template';
import { SysboxWorkspace } from '../../constructs/sysbox';
import { TemplateDefinition } from '../../src/definition';
import { OrganisationSettings, templateProps, workspaceProps } from '../../src/settings';

export const sysboxCvm: TemplateDefinition = {
  name: 'sysbox-cvm',
  displayName: 'Sysbox container-VM',
  description: 'A container that behaves like a VM (systemd, Docker, kind) on the Sysbox runtime, with persistent home and Docker data.',
  icon: '/icon/docker.svg',
  tags: ['kubernetes', 'sysbox', 'container', 'docker', 'systemd'],
  backend: 'sysbox',
  isolation: 'user namespace + Sysbox syscall interception (shared kernel)',
  podSecurity: 'baseline',
  readme: 'templates/sysbox-cvm/README.md.hbs',
  build(scope: Construct, id: string, settings?: OrganisationSettings): CoderTemplate {
    const template = new CoderTemplate(scope, id, templateProps(settings, this));
    new SysboxWorkspace(template, 'Workspace', workspaceProps(settings, 'sysbox'));
    return template;
  },
};
