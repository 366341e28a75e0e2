// Pod spec validation (the API server's ValidatePodSpec, for what templates use): volumes, containers, scheduling, securityContext.
import { validateContainer, validateId, validateSeccomp } from './rules-container';
import { duplicate, FieldError, forbidden, invalid, required, unsupported } from './errors';
import { validateLabels } from './rules-meta';
import { dns1123Label, dns1123Subdomain, labelKey } from './names';

type Obj = Record<string, any>;

/** The volume sources of core/v1 Volume: exactly one per volume. */
const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];

function validateVolumes(volumes: Obj[], path: string): { errs: FieldError[]; byName: Map<string, Obj> } {
  const errs: FieldError[] = [];
  const byName = new Map<string, Obj>();
  volumes.forEach((v, i) => {
    const at = `${path}[${i}]`;
    if (!v.name) errs.push(required(`${at}.name`));
    else {
      for (const msg of dns1123Label(v.name)) errs.push(invalid(`${at}.name`, v.name, msg));
      if (byName.has(v.name)) errs.push(duplicate(`${at}.name`, v.name));
      byName.set(v.name, v);
    }
    const sources = VOLUME_SOURCES.filter((s) => v[s] !== undefined);
    if (sources.length === 0) errs.push(required(at, 'must specify a volume type'));
    for (const extra of sources.slice(1)) errs.push(forbidden(`${at}.${extra}`, 'may not specify more than 1 volume type'));
    if (v.hostPath !== undefined) {
      if (!v.hostPath.path) errs.push(required(`${at}.hostPath.path`));
      if (v.hostPath.type !== undefined && !HOST_PATH_TYPES.includes(v.hostPath.type))
        errs.push(unsupported(`${at}.hostPath.type`, v.hostPath.type, HOST_PATH_TYPES));
    }
    if (v.persistentVolumeClaim !== undefined && !v.persistentVolumeClaim.claimName) errs.push(required(`${at}.persistentVolumeClaim.claimName`));
    if (v.secret !== undefined && !v.secret.secretName) errs.push(required(`${at}.secret.secretName`));
  });
  return { errs, byName };
}

function validateTolerations(tolerations: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const at = `${path}[${i}]`;
    if (t.key) for (const msg of labelKey(t.key)) errs.push(invalid(`${at}.key`, t.key, msg));
    const operator = t.operator ?? 'Equal';
    if (!t.key && operator !== 'Exists')
      errs.push(invalid(`${at}.operator`, operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (!['Equal', 'Exists'].includes(operator)) errs.push(unsupported(`${at}.operator`, operator, ['Equal', 'Exists']));
    if (operator === 'Exists' && t.value) errs.push(invalid(`${at}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
    if (t.effect !== undefined && !EFFECTS.includes(t.effect)) errs.push(unsupported(`${at}.effect`, t.effect, EFFECTS));
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute')
      errs.push(invalid(`${at}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
  });
  return errs;
}

function validatePodSecurityContext(sc: Obj | undefined, path: string): FieldError[] {
  if (sc === undefined) return [];
  const errs = [
    ...validateId(sc.runAsUser, `${path}.runAsUser`),
    ...validateId(sc.runAsGroup, `${path}.runAsGroup`),
    ...validateId(sc.fsGroup, `${path}.fsGroup`),
    ...validateSeccomp(sc.seccompProfile, `${path}.seccompProfile`),
  ];
  ((sc.supplementalGroups ?? []) as unknown[]).forEach((g, i) => errs.push(...validateId(g, `${path}.supplementalGroups[${i}]`)));
  if (sc.fsGroupChangePolicy !== undefined && !['OnRootMismatch', 'Always'].includes(sc.fsGroupChangePolicy))
    errs.push(unsupported(`${path}.fsGroupChangePolicy`, sc.fsGroupChangePolicy, ['OnRootMismatch', 'Always']));
  ((sc.sysctls ?? []) as Obj[]).forEach((s, i) => {
    if (!s.name) errs.push(required(`${path}.sysctls[${i}].name`));
  });
  return errs;
}

/** A pod spec at `path` (`spec` for a Pod, `spec.template.spec` for a Deployment). */
export function validatePodSpec(spec: Obj | undefined, path: string, restartPolicies = RESTART_POLICIES): FieldError[] {
  if (spec === undefined) return [required(path)];
  const { errs, byName } = validateVolumes(spec.volumes ?? [], `${path}.volumes`);
  const containers = (spec.containers ?? []) as Obj[];
  if (containers.length === 0) errs.push(required(`${path}.containers`));
  const names = new Set<string>();
  const visit = (list: Obj[], field: string) =>
    list.forEach((c, i) => {
      errs.push(...validateContainer(c, `${path}.${field}[${i}]`, byName));
      if (c.name && names.has(c.name)) errs.push(duplicate(`${path}.${field}[${i}].name`, c.name));
      if (c.name) names.add(c.name);
    });
  visit(spec.initContainers ?? [], 'initContainers');
  visit(containers, 'containers');
  if (spec.restartPolicy !== undefined && !restartPolicies.includes(spec.restartPolicy))
    errs.push(unsupported(`${path}.restartPolicy`, spec.restartPolicy, restartPolicies));
  if (spec.dnsPolicy !== undefined && !DNS_POLICIES.includes(spec.dnsPolicy)) errs.push(unsupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  for (const field of ['hostname', 'subdomain'] as const)
    if (spec[field] !== undefined) for (const msg of dns1123Label(spec[field])) errs.push(invalid(`${path}.${field}`, spec[field], msg));
  if (spec.runtimeClassName !== undefined)
    for (const msg of dns1123Subdomain(spec.runtimeClassName)) errs.push(invalid(`${path}.runtimeClassName`, spec.runtimeClassName, msg));
  if (spec.serviceAccountName !== undefined)
    for (const msg of dns1123Subdomain(spec.serviceAccountName)) errs.push(invalid(`${path}.serviceAccountName`, spec.serviceAccountName, msg));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  errs.push(...validateTolerations(spec.tolerations ?? [], `${path}.tolerations`));
  errs.push(...validatePodSecurityContext(spec.securityContext, `${path}.securityContext`));
  if (spec.activeDeadlineSeconds !== undefined && !(spec.activeDeadlineSeconds > 0))
    errs.push(invalid(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'));
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0)
    errs.push(invalid(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  if (spec.hostNetwork === true) {
    containers.forEach((c, i) =>
      ((c.ports ?? []) as Obj[]).forEach((p, j) => {
        if (p.hostPort !== undefined && p.hostPort !== p.containerPort)
          errs.push(invalid(`${path}.containers[${i}].ports[${j}].containerPort`, p.containerPort, 'must match `hostPort` when `hostNetwork` is true'));
      }),
    );
  }
  return errs;
}
