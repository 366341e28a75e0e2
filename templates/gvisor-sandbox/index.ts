// Catalog entry: a workspace pod sandboxed by gVisor on a dedicated node pool.
import { Construct } from '../../constructs/core/cdktf';
import { CoderTemplate } from '../../constructs/core/coder-template';
import { GvisorPoolProps, GvisorWorkspace } from '../../constructs/gvisor';
import { TemplateDefinition } from '../../src/definition';
import { OrganisationSettings, templateProps, workspaceProps } from '../../src/settings';

/** The pool the template runs on; the `gvisor` platform stack creates its RuntimeClass. */
export const sandboxPool: GvisorPoolProps = {
  pool: 'sandbox',
  netRaw: true,
  tolerations: [{ key: 'sandbox', operator: 'Equal', value: 'gvisor', effect: 'NoSchedule' }],
  overhead: { cpu: '100m', memory: '64Mi' },
};

export const gvisorSandbox: TemplateDefinition = {
  name: 'gvisor-sandbox',
  displayName: 'gVisor sandbox',
  description: "A container workspace behind gVisor's user-space kernel, on a dedicated node pool, with a persistent home.",
  icon: '/icon/kubernetes.svg',
  tags: ['kubernetes', 'gvisor', 'sandbox', 'container'],
  backend: 'gvisor',
  isolation: 'user-space kernel (gVisor runsc)',
  podSecurity: 'restricted',
  readme: 'templates/gvisor-sandbox/README.md.hbs',
  platform: { gvisorPools: [sandboxPool] },
  build(scope: Construct, id: string, settings?: OrganisationSettings): CoderTemplate {
    const template = new CoderTemplate(scope, id, templateProps(settings, this));
    new GvisorWorkspace(template, 'Workspace', { ...workspaceProps(settings, 'gvisor'), pool: sandboxPool });
    return template;
  },
};
