// What the API server knows about each kind templates use: group, resource name, scope, name rule.

/** How a kind's metadata.name is validated (apimachinery's NameIsDNSSubdomain, …Label, …1035Label). */
export type NameRule = 'subdomain' | 'label' | 'dns1035';

export interface KindInfo {
  readonly apiVersion: string;
  readonly kind: string;
  /** The plural resource, as `pods "x" is forbidden` names it. */
  readonly resource: string;
  readonly namespaced: boolean;
  readonly nameRule: NameRule;
  /** Whether the kind is served by a CRD that must be installed (group, kind) rather than built in. */
  readonly crd?: boolean;
}

const k = (apiVersion: string, kind: string, resource: string, namespaced: boolean, nameRule: NameRule = 'subdomain', crd = false): KindInfo => ({
  apiVersion,
  kind,
  resource,
  namespaced,
  nameRule,
  crd,
});

/** Kinds by `apiVersion/kind`. Namespaces are DNS labels and Services DNS-1035 labels; most others subdomains. */
export const KINDS: Record<string, KindInfo> = Object.fromEntries(
  [
    k('v1', 'Pod', 'pods', true),
    k('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true),
    k('v1', 'Secret', 'secrets', true),
    k('v1', 'ConfigMap', 'configmaps', true),
    k('v1', 'Service', 'services', true, 'dns1035'),
    k('v1', 'ServiceAccount', 'serviceaccounts', true),
    k('v1', 'Namespace', 'namespaces', false, 'label'),
    k('apps/v1', 'Deployment', 'deployments', true),
    k('rbac.authorization.k8s.io/v1', 'Role', 'roles', true),
    k('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings', true),
    k('rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', false),
    k('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
    k('networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies', true),
    k('node.k8s.io/v1', 'RuntimeClass', 'runtimeclasses', false),
    k('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'customresourcedefinitions', false),
    k('kubevirt.io/v1', 'VirtualMachine', 'virtualmachines', true, 'subdomain', true),
    k('kubevirt.io/v1', 'VirtualMachineInstance', 'virtualmachineinstances', true, 'subdomain', true),
    k('instancetype.kubevirt.io/v1beta1', 'VirtualMachineClusterInstancetype', 'virtualmachineclusterinstancetypes', false, 'subdomain', true),
    k('instancetype.kubevirt.io/v1beta1', 'VirtualMachineClusterPreference', 'virtualmachineclusterpreferences', false, 'subdomain', true),
    // CDI's webhook limits DataVolume names to subdomain length; the CRD itself validates as a subdomain.
    k('cdi.kubevirt.io/v1beta1', 'DataVolume', 'datavolumes', true, 'subdomain', true),
    k('cdi.kubevirt.io/v1beta1', 'DataSource', 'datasources', true, 'subdomain', true),
    k('cdi.kubevirt.io/v1beta1', 'DataImportCron', 'dataimportcrons', true, 'subdomain', true),
  ].map((i) => [`${i.apiVersion}/${i.kind}`, i]),
);

/** The hashicorp/kubernetes typed resources the converter handles, and the kind each creates. */
export const TYPED_RESOURCES: Record<string, string> = {
  kubernetes_pod_v1: 'v1/Pod',
  kubernetes_deployment_v1: 'apps/v1/Deployment',
  kubernetes_persistent_volume_claim_v1: 'v1/PersistentVolumeClaim',
  kubernetes_secret_v1: 'v1/Secret',
  kubernetes_service_v1: 'v1/Service',
  kubernetes_namespace_v1: 'v1/Namespace',
  kubernetes_config_map_v1: 'v1/ConfigMap',
  kubernetes_role_v1: 'rbac.authorization.k8s.io/v1/Role',
  kubernetes_role_binding_v1: 'rbac.authorization.k8s.io/v1/RoleBinding',
  kubernetes_cluster_role_v1: 'rbac.authorization.k8s.io/v1/ClusterRole',
  kubernetes_cluster_role_binding_v1: 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  kubernetes_network_policy_v1: 'networking.k8s.io/v1/NetworkPolicy',
  kubernetes_service_account_v1: 'v1/ServiceAccount',
  kubernetes_runtime_class_v1: 'node.k8s.io/v1/RuntimeClass',
};

/** The group of an apiVersion (`""` for the core group). */
export const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'policy', 'autoscaling', 'certificates.k8s.io']);

/** Whether a group is served by the API server itself rather than by a CRD. */
export const builtInGroup = (group: string) => BUILT_IN_GROUPS.has(group) || group.endsWith('.k8s.io');

/** What is known about a kind; unknown kinds are namespaced, with subdomain names, and need a CRD unless built in. */
export function kindInfo(apiVersion: string, kind: string): KindInfo {
  return KINDS[`${apiVersion}/${kind}`] ?? k(apiVersion, kind, `${kind.toLowerCase()}s`, true, 'subdomain', !builtInGroup(groupOf(apiVersion)));
}
