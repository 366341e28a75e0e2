// The built-in catalog: every template definition under templates/, in display order.
import { selectDefinitions, TemplateDefinition } from './definition';
import { envboxCvm } from '../templates/envbox-cvm';
import { gvisorSandbox } from '../templates/gvisor-sandbox';
import { kataMicrovm } from '../templates/kata-microvm';
import { kubevirtVm } from '../templates/kubevirt-vm';
import { kubevirtWindows } from '../templates/kubevirt-windows';
import { sysboxCvm } from '../templates/sysbox-cvm';

export { envboxCvm, gvisorSandbox, kataMicrovm, kubevirtVm, kubevirtWindows, sysboxCvm };

/** Every template in the catalog, in display order. */
export const CATALOG: readonly TemplateDefinition[] = [kubevirtVm, kubevirtWindows, sysboxCvm, envboxCvm, gvisorSandbox, kataMicrovm];

/** Looks templates up by name; throws naming the unknown ones. */
export function selectTemplates(names: readonly string[], catalog: readonly TemplateDefinition[] = CATALOG): TemplateDefinition[] {
  return selectDefinitions(names, catalog);
}
