// Field validation of the built-in kinds templates and platform stacks use (the API server's per-kind Validate… functions).
import { ApiObject } from './convert';
import { duplicate, FieldError, forbidden, invalid, required, tooLong, unsupported } from './errors';
import { configMapKey, dns1123Label, dns1123Subdomain, parseQuantity, portName, QUANTITY_ERROR } from './names';
import { validateResources } from './rules-container';
import { validateLabels, validateTemplateMetadata } from './rules-meta';
import { validatePodSpec } from './rules-pod';
import { validatePolicyRules, validateRoleBinding } from './rules-rbac';

type Obj = Record<string, any>;

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const MAX_DATA = 1024 * 1024;

function validateService(o: ApiObject): FieldError[] {
  const spec = (o.spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  const type = spec.type ?? 'ClusterIP';
  if (!SERVICE_TYPES.includes(type)) errs.push(unsupported('spec.type', type, SERVICE_TYPES));
  const headless = spec.clusterIP === 'None';
  const ports = (spec.ports ?? []) as Obj[];
  if (type === 'ExternalName') {
    if (!spec.externalName) errs.push(required('spec.externalName'));
  } else if (ports.length === 0 && !headless) errs.push(required('spec.ports'));
  if (headless && (type === 'NodePort' || type === 'LoadBalancer'))
    errs.push(invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(required(`${at}.name`));
    if (p.name) {
      for (const msg of dns1123Label(p.name)) errs.push(invalid(`${at}.name`, p.name, msg));
      if (names.has(p.name)) errs.push(duplicate(`${at}.name`, p.name));
      names.add(p.name);
    }
    if (!(p.port >= 1 && p.port <= 65535)) errs.push(invalid(`${at}.port`, p.port ?? 0, 'must be between 1 and 65535, inclusive'));
    if (p.protocol !== undefined && !['SCTP', 'TCP', 'UDP'].includes(p.protocol)) errs.push(unsupported(`${at}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
    if (typeof p.targetPort === 'number' && !(p.targetPort >= 1 && p.targetPort <= 65535))
      errs.push(invalid(`${at}.targetPort`, p.targetPort, 'must be between 1 and 65535, inclusive'));
    if (typeof p.targetPort === 'string') for (const msg of portName(p.targetPort)) errs.push(invalid(`${at}.targetPort`, p.targetPort, msg));
    if (p.nodePort !== undefined && type === 'ClusterIP') errs.push(forbidden(`${at}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
  });
  if (spec.sessionAffinity !== undefined && !['ClientIP', 'None'].includes(spec.sessionAffinity))
    errs.push(unsupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  return errs;
}

function validatePvc(o: ApiObject): FieldError[] {
  const spec = (o.spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  const modes = (spec.accessModes ?? []) as string[];
  if (modes.length === 0 && spec.dataSourceRef === undefined) errs.push(required('spec.accessModes', 'at least 1 access mode is required'));
  for (const m of modes) if (!ACCESS_MODES.includes(m)) errs.push(unsupported('spec.accessModes', m, ACCESS_MODES));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) errs.push(forbidden('spec.accessModes', 'may not use ReadWriteOncePod with other access modes'));
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) errs.push(required('spec.resources[storage]'));
  else if (parseQuantity(storage) === undefined) errs.push(invalid('spec.resources.requests[storage]', storage, QUANTITY_ERROR));
  else if (!(parseQuantity(storage)! > 0)) errs.push(invalid('spec.resources[storage]', storage, 'must be greater than zero'));
  if (spec.volumeMode !== undefined && !['Block', 'Filesystem'].includes(spec.volumeMode))
    errs.push(unsupported('spec.volumeMode', spec.volumeMode, ['Block', 'Filesystem']));
  if (spec.storageClassName !== undefined)
    for (const msg of dns1123Subdomain(spec.storageClassName)) errs.push(invalid('spec.storageClassName', spec.storageClassName, msg));
  return errs;
}

function validateData(maps: [string, Obj | undefined][], sizePath: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  const seen = new Set<string>();
  for (const [field, map] of maps) {
    for (const [key, value] of Object.entries(map ?? {})) {
      for (const msg of configMapKey(key)) errs.push(invalid(`${field}[${key}]`, key, msg));
      if (seen.has(key)) errs.push(invalid(field, key, `duplicate of key present in ${maps[0][0]}`));
      seen.add(key);
      size += Buffer.byteLength(String(value));
    }
  }
  if (size > MAX_DATA) errs.push(tooLong(sizePath, `must have at most ${MAX_DATA} bytes`));
  return errs;
}

function validateSecret(o: ApiObject): FieldError[] {
  const data = (o.data ?? {}) as Obj;
  // data values are base64 on the wire; the limit applies to the decoded bytes.
  const decoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString('latin1')]));
  const errs = validateData([['data', decoded]], 'data');
  const type = (o.type as string | undefined) ?? 'Opaque';
  const need = (key: string) => (data[key] === undefined ? [required(`data[${key}]`)] : []);
  if (type === 'kubernetes.io/tls') errs.push(...need('tls.crt'), ...need('tls.key'));
  if (type === 'kubernetes.io/dockerconfigjson') errs.push(...need('.dockerconfigjson'));
  if (type === 'kubernetes.io/service-account-token' && !o.metadata.annotations?.['kubernetes.io/service-account.name'])
    errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  return errs;
}

function validateDeployment(o: ApiObject): FieldError[] {
  const spec = (o.spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  const selector = spec.selector as Obj | undefined;
  const matchLabels = (selector?.matchLabels ?? {}) as Obj;
  const expressions = (selector?.matchExpressions ?? []) as Obj[];
  if (selector === undefined) errs.push(required('spec.selector'));
  else if (Object.keys(matchLabels).length === 0 && expressions.length === 0)
    errs.push(invalid('spec.selector', selector, 'empty selector is invalid for deployment'));
  errs.push(...validateLabels(matchLabels, 'spec.selector.matchLabels'));
  const labels = (spec.template?.metadata?.labels ?? {}) as Obj;
  const matches =
    Object.entries(matchLabels).every(([k, v]) => labels[k] === v) &&
    expressions.every((e) =>
      e.operator === 'Exists'
        ? k(labels, e.key)
        : e.operator === 'DoesNotExist'
          ? !k(labels, e.key)
          : e.operator === 'In'
            ? (e.values ?? []).includes(labels[e.key])
            : !(e.values ?? []).includes(labels[e.key]),
    );
  if (selector !== undefined && !matches) errs.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  if (spec.replicas !== undefined && spec.replicas < 0) errs.push(invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  const strategy = (spec.strategy ?? {}) as Obj;
  if (strategy.type !== undefined && !['Recreate', 'RollingUpdate'].includes(strategy.type))
    errs.push(unsupported('spec.strategy.type', strategy.type, ['Recreate', 'RollingUpdate']));
  if (strategy.type === 'Recreate' && strategy.rollingUpdate !== undefined)
    errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  errs.push(...validateTemplateMetadata(spec.template?.metadata, 'spec.template.metadata'));
  errs.push(...validatePodSpec(spec.template?.spec, 'spec.template.spec', ['Always']));
  return errs;
}
const k = (labels: Obj, key: string) => Object.prototype.hasOwnProperty.call(labels, key);

function validateNetworkPolicy(o: ApiObject): FieldError[] {
  const spec = (o.spec ?? {}) as Obj;
  const errs: FieldError[] = [...validateLabels(spec.podSelector?.matchLabels, 'spec.podSelector.matchLabels')];
  ((spec.policyTypes ?? []) as string[]).forEach((t, i) => {
    if (!['Ingress', 'Egress'].includes(t)) errs.push(unsupported(`spec.policyTypes[${i}]`, t, ['Egress', 'Ingress']));
  });
  for (const [dir, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    ((spec[dir] ?? []) as Obj[]).forEach((rule, i) => {
      ((rule.ports ?? []) as Obj[]).forEach((p, j) => {
        const at = `spec.${dir}[${i}].ports[${j}]`;
        if (typeof p.port === 'number' && !(p.port >= 1 && p.port <= 65535)) errs.push(invalid(`${at}.port`, p.port, 'must be between 1 and 65535, inclusive'));
        if (p.endPort !== undefined && (typeof p.port !== 'number' || p.endPort < p.port))
          errs.push(
            invalid(
              `${at}.endPort`,
              p.endPort,
              typeof p.port !== 'number' ? 'may not be specified when `port` is non-numeric' : 'must be greater than or equal to `port`',
            ),
          );
      });
      ((rule[peers] ?? []) as Obj[]).forEach((peer, j) => {
        const cidr = peer.ipBlock?.cidr as string | undefined;
        if (peer.ipBlock !== undefined && (!cidr || !/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(cidr)))
          errs.push(invalid(`spec.${dir}[${i}].${peers}[${j}].ipBlock.cidr`, cidr ?? '', 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
      });
    });
  }
  return errs;
}

function validateRuntimeClass(o: ApiObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!o.handler) errs.push(required('handler'));
  else for (const msg of dns1123Label(String(o.handler))) errs.push(invalid('handler', o.handler, msg));
  errs.push(
    ...validateResources({ limits: (o.overhead as Obj | undefined)?.podFixed }, 'overhead.podFixed').map((e) => ({
      ...e,
      path: e.path.replace('overhead.podFixed.limits', 'overhead.podFixed'),
    })),
  );
  const scheduling = (o.scheduling ?? {}) as Obj;
  errs.push(...validateLabels(scheduling.nodeSelector, 'scheduling.nodeSelector'));
  return errs;
}

/** Field errors of an object's body by kind (metadata is validated separately). */
export function validateKind(o: ApiObject): FieldError[] {
  switch (`${o.apiVersion}/${o.kind}`) {
    case 'v1/Pod':
      return validatePodSpec(o.spec as Obj | undefined, 'spec');
    case 'apps/v1/Deployment':
      return validateDeployment(o);
    case 'v1/Service':
      return validateService(o);
    case 'v1/PersistentVolumeClaim':
      return validatePvc(o);
    case 'v1/Secret':
      return validateSecret(o);
    case 'v1/ConfigMap':
      // A ConfigMap's size error has an empty field path in the real message.
      return validateData(
        [
          ['data', o.data as Obj],
          ['binaryData', o.binaryData as Obj],
        ],
        '',
      );
    case 'rbac.authorization.k8s.io/v1/Role':
      return validatePolicyRules(o, true);
    case 'rbac.authorization.k8s.io/v1/ClusterRole':
      return validatePolicyRules(o, false);
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      return validateRoleBinding(o);
    case 'networking.k8s.io/v1/NetworkPolicy':
      return validateNetworkPolicy(o);
    case 'node.k8s.io/v1/RuntimeClass':
      return validateRuntimeClass(o);
    default:
      return [];
  }
}
