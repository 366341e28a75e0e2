// The published catalog: every template definition under templates/ (`cvmkit init` adds entries here).
import { TemplateDefinition } from './definition';
import { envboxCvm } from '../templates/envbox-cvm';
import { gvisorSandbox } from '../templates/gvisor-sandbox';
import { kataMicrovm } from '../templates/kata-microvm';
import { kubevirtVm } from '../templates/kubevirt-vm';
import { sysboxCvm } from '../templates/sysbox-cvm';

/** Every template in the catalog, in display order. */
export const CATALOG: readonly TemplateDefinition[] = [
  kubevirtVm,
  sysboxCvm,
  envboxCvm,
  gvisorSandbox,
  kataMicrovm,
];

/** Looks templates up by name; throws naming the unknown ones. */
export function selectTemplates(names: readonly string[], catalog: readonly TemplateDefinition[] = CATALOG): TemplateDefinition[] {
  if (names.length === 0) return [...catalog];
  const unknown = names.filter((n) => !catalog.some((d) => d.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown template(s): ${unknown.join(', ')}; the catalog has ${catalog.map((d) => d.name).join(', ')}`);
  }
  return names.map((n) => catalog.find((d) => d.name === n)!);
}
