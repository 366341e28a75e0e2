// Generated catalogs for the scaling benchmark: the real definitions, repeated under new names.
import { CATALOG } from '../src/catalog';
import { TemplateDefinition } from '../src/definition';

/** `n` templates cycling through the catalog, named `<name>-<i>` so every folder is distinct. */
export function catalogOfSize(n: number, catalog: readonly TemplateDefinition[] = CATALOG): TemplateDefinition[] {
  return Array.from({ length: n }, (_, i) => {
    const base = catalog[i % catalog.length];
    return { ...base, name: `${base.name}-${i + 1}` };
  });
}
