// What every KubeVirt VM workspace is made of, Linux or Windows: checked sizes, the size parameters, the
// root disk anchoring the workspace, the per-build trigger, the DNS Service, the network policy and the info.
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { Metadata } from '../../.gen/providers/coder/metadata';
import { Construct, DataResource, ref, Token } from '../core/cdktf';
import { CoderTemplate } from '../core/coder-template';
import { DATA_VOLUME_CREATION_FIELDS } from '../core/disks';
import { check } from '../core/errors';
import { serviceBaseValue, WorkspaceIdentity } from '../core/identity';
import { checkMetadata } from '../core/labels';
import { namedLocal } from '../core/locals';
import { dnsNameValue } from '../core/names';
import { SameOwnerIngress } from '../core/network-policy';
import { rangeParameterProps as rangeParameter, WorkspaceParameter } from '../core/parameter';
import { cpuCores } from '../core/pod-spec';
import { checkCountRange, checkGibibyteRange, CheckedRange, Range } from '../core/range';
import { checkNodeSelector, checkTolerations, Toleration } from '../core/scheduling';
import { Size } from '../core/size';
import { dataVolumeManifest, HttpImport } from './manifests';
import { KubevirtVmProps } from './props';

/** A backend's defaults for the sizes the user picks. */
export interface VmSizeDefaults {
  readonly cpu: Range<number>;
  readonly memory: Range<Size | string>;
  readonly rootDiskSize: Range<Size | string>;
}

/** {@link KubevirtVmProps} checked, with the backend's defaults filled in. */
export interface CheckedVmProps {
  readonly cpu: CheckedRange;
  readonly memory: CheckedRange;
  readonly disk: CheckedRange;
  readonly cpuRequest: string;
  readonly grace: number;
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: readonly Toleration[];
}

/** Checks the props every VM workspace shares; errors name the construct path and the prop. */
export function checkVmProps(scope: Construct, props: KubevirtVmProps, defaults: VmSizeDefaults): CheckedVmProps {
  const cpu = checkCountRange(scope, 'cpu', props.cpu ?? defaults.cpu);
  const memory = checkGibibyteRange(scope, 'memory', props.memory ?? defaults.memory);
  const disk = checkGibibyteRange(scope, 'rootDiskSize', props.rootDiskSize ?? defaults.rootDiskSize);
  checkMetadata(scope, 'labels', props.labels, 'labels');
  checkMetadata(scope, 'annotations', props.annotations, 'annotations');
  const nodeSelector = checkNodeSelector(scope, 'nodeSelector', props.nodeSelector);
  const tolerations = checkTolerations(scope, 'tolerations', props.tolerations);
  check(props.accessModes === undefined || props.accessModes.length > 0, scope, 'accessModes', 'must not be empty when given');
  const cpuRequest = props.cpuRequest ?? '500m';
  const requestedCores = cpuCores(cpuRequest);
  check(requestedCores !== undefined && requestedCores > 0, scope, 'cpuRequest', `"${cpuRequest}" is not a CPU quantity such as "500m" or "1"`);
  check(requestedCores <= cpu.min, scope, 'cpuRequest', `${cpuRequest} exceeds the fewest cores a user may choose (${cpu.min})`);
  const grace = props.terminationGracePeriodSeconds ?? 60;
  check(Number.isInteger(grace) && grace >= 0, scope, 'terminationGracePeriodSeconds', `${grace} must be a whole number of seconds`);
  return { cpu, memory, disk, cpuRequest, grace, nodeSelector, tolerations };
}

/** The mutable `cpu` and `memory` parameters, at `order` and `order + 1`. */
export function cpuMemoryParameters(template: CoderTemplate, sizes: CheckedVmProps, order: number): { cpu: WorkspaceParameter; memory: WorkspaceParameter } {
  return {
    cpu: template.addParameter(
      'cpu',
      rangeParameter('cpu', 'CPU cores', 'vCPU cores of the VM; takes effect at the next start.', sizes.cpu, order, '/icon/memory.svg'),
    ),
    memory: template.addParameter(
      'memory',
      rangeParameter('memory', 'Memory (GiB)', 'Guest memory in GiB; takes effect at the next start.', sizes.memory, order + 1, '/icon/memory.svg'),
    ),
  };
}

/** The immutable `disk_size` parameter: a DataVolume's spec cannot change. */
export function rootDiskParameter(template: CoderTemplate, disk: CheckedRange, order: number): WorkspaceParameter {
  return template.addParameter('disk_size', {
    ...rangeParameter(
      'disk_size',
      'Root disk (GiB)',
      'Size of the persistent root disk in GiB. Fixed once the workspace exists.',
      disk,
      order,
      '/icon/database.svg',
    ),
    mutable: false,
  });
}

/** What the root disk is cloned or imported from. */
export type RootDiskSource = { readonly sourceRef: { readonly name: string; readonly namespace: string } } | { readonly http: HttpImport };

/** The root disk and the names every other object takes from it. */
export interface VmRootDisk {
  /** The DataVolume (`kubernetes_manifest.root_disk`). */
  readonly rootDisk: Manifest;
  /** `local.workspace_namespace`: the disk's namespace, fixed at creation. */
  readonly namespace: string;
  /** `local.root_disk_name`. */
  readonly diskName: string;
}

/**
 * The root disk (id `RootDisk`, `kubernetes_manifest.root_disk`): never counted on start_count, named
 * from the workspace id, its name, namespace and spec what they were at creation whatever later
 * template versions say. It anchors the workspace: every other object uses its namespace.
 */
export function vmRootDisk(
  scope: Construct,
  props: KubevirtVmProps,
  args: { labels: Record<string, string>; annotations: Record<string, string>; source: RootDiskSource; storage: string },
): VmRootDisk {
  const template = CoderTemplate.of(scope);
  const rootDisk = new Manifest(scope, 'RootDisk', {
    manifest: dataVolumeManifest({
      name: WorkspaceIdentity.of(scope).objectName('-root'),
      namespace: template.namespace,
      labels: args.labels,
      annotations: args.annotations,
      ...args.source,
      storage: args.storage,
      storageClassName: props.storageClassName,
      accessModes: props.accessModes,
      volumeMode: props.volumeMode,
    }),
    lifecycle: { ignoreChanges: [...DATA_VOLUME_CREATION_FIELDS] },
  });
  rootDisk.overrideLogicalId('root_disk');
  return {
    rootDisk,
    namespace: namedLocal(scope, 'workspace_namespace', rootDisk.getStringAttribute('manifest.metadata.namespace')),
    diskName: namedLocal(scope, 'root_disk_name', rootDisk.getStringAttribute('manifest.metadata.name')),
  };
}

/**
 * `terraform_data.build`, replaced on every build. Every build issues a new agent token and a
 * running guest never rereads its user-data, so the VM is replaced with it: a start build of a
 * running workspace boots a new guest. It does not depend on the agent, so the VM stays the
 * agent's only closest resource. Also returns the name of this build's user-data Secret: a new
 * name every build, so the guest can only find the Secret made for it, after it.
 */
export function perBuildTrigger(scope: Construct): { build: DataResource; userDataSecret: string } {
  const identity = WorkspaceIdentity.of(scope);
  const build = new DataResource(scope, 'Build', { triggersReplace: { build: identity.buildId } });
  build.overrideLogicalId('build');
  return { build, userDataSecret: `${identity.objectName('-cloudinit')}-${identity.buildId}` };
}

/** A port the DNS Service names (documentation for clients; a headless Service forwards nothing). */
export interface VmServicePort {
  readonly name: string;
  readonly port: number;
}

/**
 * The headless Service `kubernetes_service_v1.vm_dns` giving the VM its cluster DNS name, and the
 * NetworkPolicy letting its owner's other workspaces in (both select the virt-launcher pod, which
 * carries the VM's labels). Returns `<service>.<namespace>.svc.cluster.local`.
 */
export function vmDnsService(
  scope: Construct,
  props: KubevirtVmProps,
  args: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string>; ports?: readonly VmServicePort[] },
): { service: ServiceV1; serviceName: string; dnsName: string } {
  const template = CoderTemplate.of(scope);
  const serviceBase = namedLocal(scope, 'dns_service_base', serviceBaseValue(template.owner.name, template.workspace.name));
  const serviceName = namedLocal(scope, 'dns_service_name', dnsNameValue(serviceBase, '', true));
  const { labels, annotations, namespace } = args;
  const service = new ServiceV1(scope, 'Service', {
    metadata: { name: serviceName, namespace, labels, annotations },
    spec: {
      clusterIp: 'None',
      selector: { 'app.kubernetes.io/instance': args.name },
      publishNotReadyAddresses: true,
      ...(args.ports?.length ? { port: args.ports.map((p) => ({ name: p.name, port: p.port, targetPort: String(p.port), protocol: 'TCP' })) } : {}),
    },
  });
  service.overrideLogicalId('vm_dns');
  if (props.networkPolicy ?? true) new SameOwnerIngress(scope, 'Ingress', { name: args.name, namespace, labels, annotations });
  return { service, serviceName, dnsName: `${serviceName}.${namespace}.svc.cluster.local` };
}

/** `coder_metadata.vm_info`: attached by Coder to the closest resource it depends on, so it reads only the VM. */
export function vmInfo(scope: Construct, serviceName: string, items: readonly { key: string; value: string; sensitive?: boolean }[]): Metadata {
  const info = new Metadata(scope, 'Info', {
    count: CoderTemplate.of(scope).startCount,
    resourceId: Token.asString(ref('kubernetes_manifest.vm[0].object.metadata.uid')),
    icon: '/icon/kubernetes.svg',
    item: [
      ...items,
      { key: 'dns name', value: `${serviceName}.${Token.asString(ref('kubernetes_manifest.vm[0].manifest.metadata.namespace'))}.svc.cluster.local` },
    ],
  });
  info.overrideLogicalId('vm_info');
  return info;
}

/** What {@link vmSpecBase} makes the VM from. */
export interface VmSpecBaseArgs {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** The agent's id: its annotation makes the VM the resource Coder attaches the agent to (its closest dependent). */
  readonly agentId: string;
  readonly rootDataVolume: string;
  /** This build's Secret, holding the user-data and the agent's token. */
  readonly userDataSecret: string;
  readonly sized: CheckedVmProps;
}

/** The parts of the VirtualMachine every VM workspace writes alike: identity, disks, secrets, scheduling. */
export function vmSpecBase(scope: Construct, props: KubevirtVmProps, args: VmSpecBaseArgs) {
  return {
    name: args.name,
    namespace: args.namespace,
    hostname: WorkspaceIdentity.of(scope).hostname,
    labels: args.labels,
    annotations: { ...args.annotations, 'com.coder.agent.id': args.agentId },
    firmwareUuid: CoderTemplate.of(scope).workspace.id,
    // A drained node live-migrates the VM only when its disk is shared; else KubeVirt stops it and runStrategy Always starts it elsewhere.
    evictionStrategy: props.accessModes?.includes('ReadWriteMany') ? ('LiveMigrate' as const) : ('None' as const),
    rootDataVolume: args.rootDataVolume,
    cloudInitSecret: args.userDataSecret,
    agentSecret: args.userDataSecret,
    nodeSelector: args.sized.nodeSelector,
    tolerations: args.sized.tolerations,
    terminationGracePeriodSeconds: args.sized.grace,
  };
}
