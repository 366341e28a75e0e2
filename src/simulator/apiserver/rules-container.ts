// Container validation from the API server's pod rules: names, ports, env, mounts, resources, securityContext.
import { duplicate, FieldError, forbidden, invalid, notFound, required, unsupported } from './errors';
import { dns1123Label, envVarName, labelKey, parseQuantity, portName, QUANTITY_ERROR } from './names';

type Obj = Record<string, any>;

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PROPAGATION = ['Bidirectional', 'HostToContainer', 'None'];
const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage']);
const FIELD_RESOURCES = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];
const MAX_ID = 4294967295;

/** A user or group id: 0..2^32-1. */
export function validateId(value: unknown, path: string): FieldError[] {
  if (value === undefined) return [];
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= MAX_ID ? [] : [invalid(path, value, `must be between 0 and ${MAX_ID}, inclusive`)];
}

/** Seccomp profile shape, shared by pod and container security contexts. */
export function validateSeccomp(profile: Obj | undefined, path: string): FieldError[] {
  if (profile === undefined) return [];
  const errs: FieldError[] = [];
  if (!['Localhost', 'RuntimeDefault', 'Unconfined'].includes(profile.type))
    errs.push(unsupported(`${path}.type`, profile.type, ['Localhost', 'RuntimeDefault', 'Unconfined']));
  if (profile.type === 'Localhost' && !profile.localhostProfile) errs.push(required(`${path}.localhostProfile`, 'must be set when seccomp type is Localhost'));
  if (profile.type !== 'Localhost' && profile.localhostProfile)
    errs.push(invalid(`${path}.localhostProfile`, profile.localhostProfile, 'can only be set when seccomp type is Localhost'));
  return errs;
}

/** Resource names and quantities, and requests not above limits (ValidateResourceRequirements). */
export function validateResources(resources: Obj | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits = (resources?.limits ?? {}) as Obj;
  const requests = (resources?.requests ?? {}) as Obj;
  for (const [which, map] of [
    ['limits', limits],
    ['requests', requests],
  ] as const) {
    for (const [name, q] of Object.entries(map)) {
      const at = `${path}.${which}[${name}]`;
      if (!STANDARD_RESOURCES.has(name) && !name.startsWith('hugepages-') && (labelKey(name).length > 0 || !name.includes('/')))
        errs.push(invalid(at, name, 'must be a standard resource type or fully qualified'));
      const value = parseQuantity(q);
      if (value === undefined) errs.push(invalid(at, q, QUANTITY_ERROR));
      else if (value < 0) errs.push(invalid(at, q, 'must be greater than or equal to 0'));
    }
  }
  for (const [name, q] of Object.entries(requests)) {
    const limit = limits[name];
    const r = parseQuantity(q);
    const l = parseQuantity(limit);
    if (limit !== undefined && r !== undefined && l !== undefined && r > l)
      errs.push(invalid(`${path}.requests`, String(q), `must be less than or equal to ${name} limit of ${limit}`));
  }
  return errs;
}

function validatePorts(ports: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const at = `${path}[${i}]`;
    if (p.name !== undefined) {
      for (const msg of portName(p.name)) errs.push(invalid(`${at}.name`, p.name, msg));
      if (names.has(p.name)) errs.push(duplicate(`${at}.name`, p.name));
      names.add(p.name);
    }
    if (p.containerPort === undefined) errs.push(required(`${at}.containerPort`));
    else if (!(p.containerPort >= 1 && p.containerPort <= 65535))
      errs.push(invalid(`${at}.containerPort`, p.containerPort, 'must be between 1 and 65535, inclusive'));
    if (p.hostPort !== undefined && !(p.hostPort >= 1 && p.hostPort <= 65535))
      errs.push(invalid(`${at}.hostPort`, p.hostPort, 'must be between 1 and 65535, inclusive'));
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) errs.push(unsupported(`${at}.protocol`, p.protocol, PROTOCOLS));
  });
  return errs;
}

function validateEnv(env: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  env.forEach((e, i) => {
    const at = `${path}[${i}]`;
    if (!e.name) errs.push(required(`${at}.name`));
    else for (const msg of envVarName(e.name)) errs.push(invalid(`${at}.name`, e.name, msg));
    if (e.valueFrom === undefined) return;
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'].filter((k) => e.valueFrom[k] !== undefined);
    if (e.value) errs.push(invalid(`${at}.valueFrom`, '', 'may not be specified when `value` is not empty'));
    if (sources.length === 0)
      errs.push(invalid(`${at}.valueFrom`, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    if (sources.length > 1) errs.push(invalid(`${at}.valueFrom`, '', 'may not have more than one field specified at a time'));
    const rf = e.valueFrom.resourceFieldRef;
    if (rf !== undefined && !FIELD_RESOURCES.includes(rf.resource) && !/^(limits|requests)\.hugepages-/.test(rf.resource))
      errs.push(unsupported(`${at}.valueFrom.resourceFieldRef.resource`, rf.resource, FIELD_RESOURCES));
  });
  return errs;
}

function validateMounts(mounts: Obj[], volumes: Map<string, Obj>, privileged: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  mounts.forEach((m, i) => {
    const at = `${path}[${i}]`;
    if (!m.name) errs.push(required(`${at}.name`));
    else if (!volumes.has(m.name)) errs.push(notFound(`${at}.name`, m.name));
    if (!m.mountPath) errs.push(required(`${at}.mountPath`));
    else if (paths.has(m.mountPath)) errs.push(invalid(`${at}.mountPath`, m.mountPath, 'must be unique'));
    paths.add(m.mountPath);
    for (const key of ['subPath', 'subPathExpr'] as const) {
      const sub = m[key] as string | undefined;
      if (sub === undefined) continue;
      if (sub.startsWith('/')) errs.push(invalid(`${at}.${key}`, sub, 'must be a relative path'));
      if (sub.split('/').includes('..')) errs.push(invalid(`${at}.${key}`, sub, "must not contain '..'"));
    }
    if (m.subPath !== undefined && m.subPathExpr !== undefined)
      errs.push(invalid(`${at}.subPathExpr`, m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
    if (m.mountPropagation !== undefined) {
      if (!PROPAGATION.includes(m.mountPropagation)) errs.push(unsupported(`${at}.mountPropagation`, m.mountPropagation, PROPAGATION));
      else if (m.mountPropagation === 'Bidirectional' && !privileged)
        errs.push(forbidden(`${at}.mountPropagation`, 'Bidirectional mount propagation is available only to privileged containers'));
    }
  });
  return errs;
}

function validateSecurityContext(sc: Obj | undefined, path: string): FieldError[] {
  if (sc === undefined) return [];
  const errs = [
    ...validateId(sc.runAsUser, `${path}.runAsUser`),
    ...validateId(sc.runAsGroup, `${path}.runAsGroup`),
    ...validateSeccomp(sc.seccompProfile, `${path}.seccompProfile`),
  ];
  if (sc.allowPrivilegeEscalation === false && sc.privileged === true)
    errs.push(invalid(path, '', 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
  const adds = ((sc.capabilities?.add ?? []) as string[]).map((c) => c.replace(/^CAP_/, ''));
  if (sc.allowPrivilegeEscalation === false && adds.includes('SYS_ADMIN'))
    errs.push(invalid(path, '', 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
  if (sc.procMount !== undefined && !['Default', 'Unmasked'].includes(sc.procMount))
    errs.push(unsupported(`${path}.procMount`, sc.procMount, ['Default', 'Unmasked']));
  return errs;
}

/** One container (or init container) of a pod spec at `path`. */
export function validateContainer(c: Obj, path: string, volumes: Map<string, Obj>, image = true): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(`${path}.name`));
  else for (const msg of dns1123Label(c.name)) errs.push(invalid(`${path}.name`, c.name, msg));
  if (image && !c.image) errs.push(required(`${path}.image`));
  errs.push(...validatePorts(c.ports ?? [], `${path}.ports`));
  errs.push(...validateEnv(c.env ?? [], `${path}.env`));
  errs.push(...validateMounts(c.volumeMounts ?? [], volumes, c.securityContext?.privileged === true, `${path}.volumeMounts`));
  errs.push(...validateResources(c.resources, `${path}.resources`));
  errs.push(...validateSecurityContext(c.securityContext, `${path}.securityContext`));
  if (c.imagePullPolicy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy))
    errs.push(unsupported(`${path}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']));
  return errs;
}
