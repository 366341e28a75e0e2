// Field errors and the status messages the API server builds from them (k8s.io/apimachinery's field.Error shapes).

/** One field error, as `field.ErrorList` holds it. */
export interface FieldError {
  readonly path: string;
  readonly type: 'Invalid value' | 'Required value' | 'Unsupported value' | 'Duplicate value' | 'Forbidden' | 'Not found' | 'Too long';
  /** The offending value (printed for Invalid, Unsupported, Duplicate and Not found). */
  readonly value?: unknown;
  readonly detail?: string;
}

/** Go's %q-like rendering of a value inside an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export const invalid = (path: string, value: unknown, detail: string): FieldError => ({ path, type: 'Invalid value', value, detail });
export const required = (path: string, detail = ''): FieldError => ({ path, type: 'Required value', detail });
export const forbidden = (path: string, detail: string): FieldError => ({ path, type: 'Forbidden', detail });
export const duplicate = (path: string, value: unknown): FieldError => ({ path, type: 'Duplicate value', value });
export const notFound = (path: string, value: unknown): FieldError => ({ path, type: 'Not found', value });
export const tooLong = (path: string, detail: string): FieldError => ({ path, type: 'Too long', detail });

/** `Unsupported value: "x": supported values: "a", "b"` */
export function unsupported(path: string, value: unknown, supported: readonly string[]): FieldError {
  return { path, type: 'Unsupported value', value, detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` };
}

/** One error as the API server prints it: `path: Type: value: detail`. */
export function formatFieldError(e: FieldError): string {
  const parts = [`${e.path}: ${e.type}`];
  if (e.value !== undefined && e.type !== 'Required value' && e.type !== 'Forbidden' && e.type !== 'Too long') parts.push(show(e.value));
  if (e.detail) parts.push(e.detail);
  return parts.join(': ');
}

/** The kind as a StatusError names it: `Pod`, `Deployment.apps`, `VirtualMachine.kubevirt.io`. */
export function qualifiedKind(apiVersion: string, kind: string): string {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return group === '' ? kind : `${kind}.${group}`;
}

/** `<Kind> "<name>" is invalid: <one error>` or `… is invalid: [<e1>, <e2>]`, as apierrors.NewInvalid words it. */
export function invalidStatus(apiVersion: string, kind: string, name: string, errors: readonly FieldError[]): string {
  // Like field.ErrorList.ToAggregate, identical messages are reported once.
  const messages = [...new Set(errors.map(formatFieldError))];
  const body = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  return `${qualifiedKind(apiVersion, kind)} ${JSON.stringify(name)} is invalid: ${body}`;
}

/** `<resource> "<name>" is forbidden: <reason>`, as apierrors.NewForbidden words it. */
export function forbiddenStatus(resource: string, name: string, reason: string): string {
  return `${resource} ${JSON.stringify(name)} is forbidden: ${reason}`;
}

/** An admission webhook's denial as the API server relays it. */
export function webhookDenied(webhook: string, message: string): string {
  return `admission webhook ${JSON.stringify(webhook)} denied the request: ${message}`;
}
