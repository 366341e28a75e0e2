// KubeVirt's VirtualMachine validating webhook (virt-api's VMsAdmitter), for what templates use; messages as its StatusCauses.
import { ApiObject } from './convert';
import { webhookDenied } from './errors';
import { dns1123Label, parseQuantity } from './names';
import type { ClusterView } from './cluster';

type Obj = Record<string, any>;

export const VM_WEBHOOK = 'virtualmachine-validator.kubevirt.io';
const RUN_STRATEGIES = ['Halted', 'Manual', 'Always', 'RerunOnFailure', 'Once'];
/** Interface binding methods (v1.InterfaceBindingMethod); `binding` names a network binding plugin instead. */
const BINDINGS = ['bridge', 'masquerade', 'sriov', 'slirp', 'macvtap', 'passt', 'passtBinding'];
const DISK_BUSES = ['virtio', 'scsi', 'sata', 'usb'];
const VOLUME_SOURCES = [
  'persistentVolumeClaim',
  'sysprep',
  'cloudInitNoCloud',
  'cloudInitConfigDrive',
  'containerDisk',
  'ephemeral',
  'emptyDisk',
  'hostDisk',
  'dataVolume',
  'configMap',
  'secret',
  'downwardAPI',
  'serviceAccount',
  'downwardMetrics',
  'memoryDump',
];
const CLOUD_INIT_USER_MAX = 2048;

/** Causes of the VMI template's spec at `f` (ValidateVirtualMachineInstanceSpec, the parts templates touch). */
function vmiSpecCauses(spec: Obj, f: string): string[] {
  const causes: string[] = [];
  const devices = (spec.domain?.devices ?? {}) as Obj;
  const disks = (devices.disks ?? []) as Obj[];
  const interfaces = (devices.interfaces ?? []) as Obj[];
  const networks = (spec.networks ?? []) as Obj[];
  const volumes = (spec.volumes ?? []) as Obj[];
  if (spec.hostname !== undefined) {
    const errs = dns1123Label(spec.hostname);
    if (errs.length > 0) causes.push(`${f}.hostname does not conform to the kubernetes DNS_LABEL rules : ${errs.join(', ')}`);
  }
  const res = (spec.domain?.resources ?? {}) as Obj;
  for (const r of ['memory', 'cpu']) {
    const req = res.requests?.[r];
    const lim = res.limits?.[r];
    if (req !== undefined && lim !== undefined && (parseQuantity(req) ?? 0) > (parseQuantity(lim) ?? Infinity))
      causes.push(`${f}.domain.resources.requests.${r} '${req}' is greater than ${f}.domain.resources.limits.${r} '${lim}'`);
  }
  const guest = spec.domain?.memory?.guest;
  if (guest !== undefined && res.limits?.memory !== undefined && (parseQuantity(res.limits.memory) ?? 0) < (parseQuantity(guest) ?? 0))
    causes.push(
      `${f}.domain.memory.guest '${guest}' must be equal to or less than the memory limit ${f}.domain.resources.limits.memory '${res.limits.memory}'`,
    );
  // EFI boots with Secure Boot unless told otherwise, and Secure Boot needs SMM (on when `features.smm` is present and not disabled).
  const efi = spec.domain?.firmware?.bootloader?.efi;
  const smm = spec.domain?.features?.smm;
  if (efi !== undefined && efi.secureBoot !== false && (smm === undefined || smm.enabled === false))
    causes.push(`${f} has EFI SecureBoot enabled. SecureBoot requires SMM, which is currently disabled.`);
  // Networks and interfaces pair by name; each interface has one way of binding to its network.
  const networkByName = new Map(networks.map((n) => [n.name, n]));
  const interfaceNames = new Set(interfaces.map((i) => i.name));
  networks.forEach((n, i) => {
    if (!interfaceNames.has(n.name)) causes.push(`${f}.networks[${i}].name '${n.name}' not found.`);
  });
  interfaces.forEach((iface, i) => {
    const at = `${f}.domain.devices.interfaces[${i}]`;
    const network = networkByName.get(iface.name);
    if (network === undefined) causes.push(`${at}.name '${iface.name}' not found.`);
    const methods = BINDINGS.filter((b) => iface[b] !== undefined);
    if (iface.binding !== undefined && methods.length > 0)
      causes.push(`logical ${iface.name} interface cannot have both binding plugin and interface binding method`);
    else if (methods.length > 1) causes.push(`${at} must have exactly one binding method set, found ${methods.join(', ')}`);
    if (iface.masquerade !== undefined && network !== undefined && network.pod === undefined)
      causes.push('Masquerade interface only implemented with pod network');
  });
  // Disks need a volume of the same name (CD-ROMs may stay empty); names are unique.
  const volumeNames = new Set(volumes.map((v) => v.name));
  disks.forEach((d, i) => {
    const at = `${f}.domain.devices.disks[${i}]`;
    if (!volumeNames.has(d.name) && d.cdrom === undefined) causes.push(`${at}.Name '${d.name}' not found.`);
    const other = disks.findIndex((x) => x.name === d.name);
    if (other < i) causes.push(`${f}.domain.devices.disks[${i}] and ${f}.domain.devices.disks[${other}] must not have the same Name.`);
    const bus = d.disk?.bus ?? d.lun?.bus ?? d.cdrom?.bus;
    if (bus !== undefined && !DISK_BUSES.includes(bus))
      causes.push(`${f}.domain.devices.disks[${i}] is set with an unrecognized bus ${bus}, must be one of: [${DISK_BUSES.join(' ')}]`);
    if (d.bootOrder !== undefined && d.bootOrder < 1) causes.push(`${f}.domain.devices.disks[${i}] must have a boot order > 0, if supplied`);
  });
  volumes.forEach((v, i) => {
    const at = `${f}.volumes[${i}]`;
    const other = volumes.findIndex((x) => x.name === v.name);
    if (other < i) causes.push(`${at} and ${f}.volumes[${other}] must not have the same Name.`);
    if (VOLUME_SOURCES.filter((s) => v[s] !== undefined).length !== 1) causes.push(`${at} must have exactly one source type set`);
    for (const source of ['cloudInitNoCloud', 'cloudInitConfigDrive']) {
      const ci = v[source] as Obj | undefined;
      if (ci === undefined) continue;
      const inline =
        ci.userData !== undefined ? Buffer.byteLength(ci.userData) : ci.userDataBase64 !== undefined ? Buffer.from(ci.userDataBase64, 'base64').length : 0;
      // The user-data secret is `secretRef` on the wire (UserDataSecretRef in Go).
      const userSources = [ci.secretRef?.name, ci.userDataBase64, ci.userData].filter((x) => x !== undefined && x !== '').length;
      if (userSources > 1) causes.push(`${at}.${source} must have only one userdatasource set.`);
      if (inline > CLOUD_INIT_USER_MAX)
        causes.push(`${at}.${source} userdata exceeds ${CLOUD_INIT_USER_MAX} byte limit. Should use UserDataSecretRef for larger data.`);
      const networkSources = [ci.networkDataSecretRef?.name, ci.networkDataBase64, ci.networkData].filter((x) => x !== undefined && x !== '').length;
      if (userSources === 0 && networkSources === 0) causes.push(`${at}.${source} must have at least one userdatasource or one networkdatasource set.`);
    }
  });
  return causes;
}

/**
 * An instance type or preference the VM names must exist (cluster-wide kinds here), and the VM's
 * template may not set what the instance type sets (CPU and memory).
 */
function instancetypeCauses(spec: Obj, cluster: ClusterView): string[] {
  const causes: string[] = [];
  for (const [field, kind, resource] of [
    ['instancetype', 'VirtualMachineClusterInstancetype', 'virtualmachineclusterinstancetypes'],
    ['preference', 'VirtualMachineClusterPreference', 'virtualmachineclusterpreferences'],
  ] as const) {
    const ref = spec[field] as Obj | undefined;
    if (ref === undefined || ref.kind !== kind || cluster.openWorld) continue;
    if (cluster.get('instancetype.kubevirt.io/v1beta1', kind, undefined, String(ref.name)) === undefined)
      causes.push(`Failure to find ${field}: ${resource}.instancetype.kubevirt.io "${ref.name}" not found`);
  }
  if (spec.instancetype !== undefined) {
    const domain = (spec.template?.spec?.domain ?? {}) as Obj;
    const cpu = (domain.cpu ?? {}) as Obj;
    const conflicts = [
      ...['sockets', 'cores', 'threads'].filter((f) => cpu[f] !== undefined).map((f) => `spec.template.spec.domain.cpu.${f}`),
      domain.memory?.guest !== undefined ? 'spec.template.spec.domain.memory.guest' : undefined,
      domain.resources?.requests?.memory !== undefined ? 'spec.template.spec.domain.resources.requests.memory' : undefined,
    ].filter((c): c is string => c !== undefined);
    if (conflicts.length > 0) causes.push(`VM field(s) ${conflicts.join(', ')} conflicts with selected instance type`);
  }
  return causes;
}

/** KubeVirt's feature gate for virtiofs filesystems backed by storage (PVCs, DataVolumes). */
export const VIRTIOFS_STORAGE_GATE = 'EnableVirtioFsStorageVolumes';

/**
 * A virtiofs filesystem whose volume is a PVC or DataVolume needs the gate in the cluster's KubeVirt
 * configuration (validateFilesystemsWithVirtIOFSEnabled). Judged only when the cluster declares its
 * `KubeVirt` object (kubevirt.io/v1): without one, its configuration is unknown.
 */
function virtiofsCauses(spec: Obj, cluster: ClusterView): string[] {
  const filesystems = (spec.template?.spec?.domain?.devices?.filesystems ?? []) as Obj[];
  const kubevirt = cluster.openWorld ? undefined : cluster.list('kubevirt.io/v1', 'KubeVirt')[0];
  if (filesystems.length === 0 || kubevirt === undefined) return [];
  const gates = ((kubevirt.spec as Obj | undefined)?.configuration?.developerConfiguration?.featureGates ?? []) as string[];
  if (gates.includes(VIRTIOFS_STORAGE_GATE)) return [];
  const volumes = new Map(((spec.template?.spec?.volumes ?? []) as Obj[]).map((v) => [v.name, v]));
  const onStorage = filesystems.some((fs) => {
    const v = volumes.get(fs.name);
    return v !== undefined && (v.persistentVolumeClaim !== undefined || v.dataVolume !== undefined);
  });
  return onStorage ? ['virtiofs is not allowed: virtiofs feature gate is not enabled for PVC'] : [];
}

/** The webhook's answer for a VirtualMachine: undefined when admitted. */
export function admitVirtualMachine(vm: ApiObject, cluster?: ClusterView): string | undefined {
  const spec = (vm.spec ?? {}) as Obj;
  const causes: string[] = cluster === undefined ? [] : [...instancetypeCauses(spec, cluster), ...virtiofsCauses(spec, cluster)];
  if (spec.template === undefined) causes.push('missing virtual machine template.');
  else {
    causes.push(...vmiSpecCauses((spec.template.spec ?? {}) as Obj, 'spec.template.spec'));
    ((spec.dataVolumeTemplates ?? []) as Obj[]).forEach((dv, i) => {
      const name = dv.metadata?.name;
      if (!name) causes.push(`'name' field must not be empty for DataVolumeTemplate entry spec.dataVolumeTemplate[${i}].`);
      const volumes = (spec.template.spec?.volumes ?? []) as Obj[];
      if (!volumes.some((v) => v.dataVolume?.name === name || v.persistentVolumeClaim?.claimName === name))
        causes.push(`DataVolumeTemplate entry spec.dataVolumeTemplate[${i}] must be referenced in the VMI template's 'volumes' list`);
    });
  }
  const running = spec.running !== undefined;
  const strategy = spec.runStrategy !== undefined;
  if (running && strategy) causes.push('Running and RunStrategy are mutually exclusive');
  if (!running && !strategy) causes.push('One of Running or RunStrategy must be specified');
  if (strategy && !RUN_STRATEGIES.includes(spec.runStrategy)) causes.push(`Invalid RunStrategy (${spec.runStrategy})`);
  return causes.length > 0 ? webhookDenied(VM_WEBHOOK, causes.join(', ')) : undefined;
}
