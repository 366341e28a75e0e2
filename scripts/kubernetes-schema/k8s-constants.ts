// Values of the k8s.io/api constants the provider's enumerations name, as declared in k8s.io/api v0.28.6 (its go.mod version).
import { Value } from './go-eval';

/** Import path → constant name → value; the generator stops and names any constant missing here. */
const TABLE: Record<string, Record<string, string>> = {
  'k8s.io/api/core/v1': {
    ClusterIPNone: 'None',
    DNSClusterFirst: 'ClusterFirst', DNSClusterFirstWithHostNet: 'ClusterFirstWithHostNet', DNSDefault: 'Default', DNSNone: 'None',
    DoNotSchedule: 'DoNotSchedule', ScheduleAnyway: 'ScheduleAnyway',
    FSGroupChangeAlways: 'Always', FSGroupChangeOnRootMismatch: 'OnRootMismatch',
    IPFamilyPolicyPreferDualStack: 'PreferDualStack', IPFamilyPolicyRequireDualStack: 'RequireDualStack', IPFamilyPolicySingleStack: 'SingleStack',
    IPv4Protocol: 'IPv4', IPv6Protocol: 'IPv6',
    Linux: 'linux', Windows: 'windows',
    NodeInclusionPolicyHonor: 'Honor', NodeInclusionPolicyIgnore: 'Ignore',
    PodFailed: 'Failed', PodPending: 'Pending', PodRunning: 'Running', PodSucceeded: 'Succeeded', PodUnknown: 'Unknown',
    PersistentVolumeBlock: 'Block', PersistentVolumeFilesystem: 'Filesystem',
    PersistentVolumeReclaimDelete: 'Delete', PersistentVolumeReclaimRecycle: 'Recycle', PersistentVolumeReclaimRetain: 'Retain',
    PreemptLowerPriority: 'PreemptLowerPriority', PreemptNever: 'Never',
    ProtocolSCTP: 'SCTP', ProtocolTCP: 'TCP', ProtocolUDP: 'UDP',
    RestartPolicyAlways: 'Always', RestartPolicyNever: 'Never', RestartPolicyOnFailure: 'OnFailure',
    SeccompProfileTypeLocalhost: 'Localhost', SeccompProfileTypeRuntimeDefault: 'RuntimeDefault', SeccompProfileTypeUnconfined: 'Unconfined',
    ServiceAffinityClientIP: 'ClientIP', ServiceAffinityNone: 'None',
    ServiceExternalTrafficPolicyTypeCluster: 'Cluster', ServiceExternalTrafficPolicyTypeLocal: 'Local',
    ServiceInternalTrafficPolicyCluster: 'Cluster', ServiceInternalTrafficPolicyLocal: 'Local',
    ServiceTypeClusterIP: 'ClusterIP', ServiceTypeExternalName: 'ExternalName', ServiceTypeLoadBalancer: 'LoadBalancer', ServiceTypeNodePort: 'NodePort',
    StorageMediumDefault: '', StorageMediumHugePages: 'HugePages', StorageMediumHugePagesPrefix: 'HugePages-', StorageMediumMemory: 'Memory',
    TaintEffectNoExecute: 'NoExecute', TaintEffectNoSchedule: 'NoSchedule', TaintEffectPreferNoSchedule: 'PreferNoSchedule',
    TerminationMessageFallbackToLogsOnError: 'FallbackToLogsOnError', TerminationMessageReadFile: 'File',
    TolerationOpEqual: 'Equal', TolerationOpExists: 'Exists',
    URISchemeHTTP: 'HTTP', URISchemeHTTPS: 'HTTPS',
  },
  'k8s.io/api/admissionregistration/v1': {
    Connect: 'CONNECT', Create: 'CREATE', Delete: 'DELETE', Update: 'UPDATE', OperationAll: '*',
    Equivalent: 'Equivalent', Exact: 'Exact', Fail: 'Fail', Ignore: 'Ignore',
    IfNeededReinvocationPolicy: 'IfNeeded', NeverReinvocationPolicy: 'Never',
    SideEffectClassNone: 'None', SideEffectClassNoneOnDryRun: 'NoneOnDryRun', SideEffectClassSome: 'Some', SideEffectClassUnknown: 'Unknown',
  },
  'k8s.io/api/autoscaling/v2beta2': {
    ContainerResourceMetricSourceType: 'ContainerResource', ExternalMetricSourceType: 'External', ObjectMetricSourceType: 'Object',
    PodsMetricSourceType: 'Pods', ResourceMetricSourceType: 'Resource',
  },
  'k8s.io/api/batch/v1': { IndexedCompletion: 'Indexed', NonIndexedCompletion: 'NonIndexed' },
  'k8s.io/api/networking/v1': { PathTypeExact: 'Exact', PathTypeImplementationSpecific: 'ImplementationSpecific', PathTypePrefix: 'Prefix' },
  'k8s.io/api/storage/v1': { VolumeBindingImmediate: 'Immediate', VolumeBindingWaitForFirstConsumer: 'WaitForFirstConsumer' },
};

export const K8S_CONSTANTS: ReadonlyMap<string, Value> = new Map(
  Object.entries(TABLE).flatMap(([pkg, names]) => Object.entries(names).map(([name, value]): [string, Value] => [`${pkg}.${name}`, value])),
);
