// Workspace parameters as people read them (READMEs, the catalog page, `cvmkit list`), bounds included.
import { CoderTemplate } from '../constructs/core/coder-template';

/** A workspace parameter as people read it. */
export interface ParameterRow {
  readonly name: string;
  readonly displayName: string;
  readonly type: string;
  readonly default: string | number | boolean;
  readonly mutable: boolean;
  /** Labels of the options, in order (empty without options). */
  readonly options: readonly string[];
  /** Smallest accepted number, when the parameter has one. */
  readonly min?: number;
  /** Largest accepted number, when the parameter has one. */
  readonly max?: number;
  /** What may be chosen, in a few characters: `1–8`, `≥ 16`, `3 options`… (empty when anything goes). */
  readonly bounds: string;
}

/** The bounds of a parameter in a few characters: `1–8` for numbers, the count of its options (their labels may hold commas and parentheses). */
export function parameterBounds(p: { readonly min?: number; readonly max?: number; readonly options: readonly string[] }): string {
  if (p.options.length > 0) return p.options.length === 1 ? '1 option' : `${p.options.length} options`;
  if (p.min !== undefined && p.max !== undefined) return `${p.min}–${p.max}`;
  if (p.min !== undefined) return `≥ ${p.min}`;
  if (p.max !== undefined) return `≤ ${p.max}`;
  return '';
}

/** The workspace parameters of a built template, in order. */
export function parameterRows(stack: CoderTemplate): ParameterRow[] {
  return stack.workspaceParameters.map((p) => {
    const row = {
      name: p.props.name,
      displayName: p.props.displayName ?? p.props.name,
      type: p.props.type ?? 'string',
      default: p.props.default ?? '(none)',
      mutable: p.props.mutable ?? false,
      options: p.props.options?.map((o) => o.name) ?? [],
      ...(p.props.validation?.min !== undefined ? { min: p.props.validation.min } : {}),
      ...(p.props.validation?.max !== undefined ? { max: p.props.validation.max } : {}),
    };
    return { ...row, bounds: parameterBounds(row) };
  });
}
