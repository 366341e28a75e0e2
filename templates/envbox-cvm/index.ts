// Catalog entry: an Envbox container-VM (no node runtime to install; privileged outer container).
import { Construct } from '../../constructs/core/cdktf';
import { CoderTemplate } from '../../constructs/core/coder-template';
import { EnvboxWorkspace } from '../../constructs/envbox';
import { TemplateDefinition } from '../../src/definition';
import { OrganisationSettings, templateProps, workspaceProps } from '../../src/settings';

export const envboxCvm: TemplateDefinition = {
  name: 'envbox-cvm',
  displayName: 'Envbox container-VM',
  description: 'Docker and systemd in a workspace on any node: an inner Sysbox container inside a privileged Envbox pod.',
  icon: '/icon/docker.svg',
  tags: ['kubernetes', 'envbox', 'sysbox', 'container', 'docker'],
  backend: 'envbox',
  isolation: 'inner Sysbox container in a privileged outer container (shared kernel)',
  podSecurity: 'privileged',
  readme: 'templates/envbox-cvm/README.md.hbs',
  build(scope: Construct, id: string, settings?: OrganisationSettings): CoderTemplate {
    const template = new CoderTemplate(scope, id, templateProps(settings, this));
    new EnvboxWorkspace(template, 'Workspace', workspaceProps(settings, 'envbox'));
    return template;
  },
};
