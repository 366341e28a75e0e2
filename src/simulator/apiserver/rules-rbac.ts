// RBAC validation (the API server's ValidatePolicyRule, ValidateRoleBinding, ValidateClusterRoleBinding).
import { ApiObject } from './convert';
import { FieldError, invalid, required, unsupported } from './errors';
import { dns1123Subdomain } from './names';

type Obj = Record<string, any>;
const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** The rules of a Role (namespaced: no non-resource URLs) or ClusterRole. */
export function validatePolicyRules(o: ApiObject, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  ((o.rules ?? []) as Obj[]).forEach((rule, i) => {
    const at = `rules[${i}]`;
    if (((rule.verbs ?? []) as string[]).length === 0) errs.push(required(`${at}.verbs`, 'verbs must contain at least one value'));
    const urls = (rule.nonResourceURLs ?? []) as string[];
    if (urls.length > 0) {
      if (namespaced) errs.push(invalid(`${at}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
      if ((rule.apiGroups ?? []).length > 0 || (rule.resources ?? []).length > 0 || (rule.resourceNames ?? []).length > 0)
        errs.push(invalid(`${at}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
      return;
    }
    if ((rule.apiGroups ?? []).length === 0) errs.push(required(`${at}.apiGroups`, 'resource rules must supply at least one api group'));
    if ((rule.resources ?? []).length === 0) errs.push(required(`${at}.resources`, 'resource rules must supply at least one resource'));
  });
  return errs;
}

/** roleRef and subjects of a RoleBinding or ClusterRoleBinding. */
export function validateRoleBinding(o: ApiObject): FieldError[] {
  const cluster = o.kind === 'ClusterRoleBinding';
  const ref = (o.roleRef ?? {}) as Obj;
  const errs: FieldError[] = [];
  if (ref.apiGroup !== RBAC_GROUP) errs.push(unsupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = cluster ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  if (!kinds.includes(ref.kind)) errs.push(unsupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errs.push(required('roleRef.name'));
  else if (ref.name.includes('/') || ref.name.includes('%') || ref.name === '.' || ref.name === '..')
    errs.push(invalid('roleRef.name', ref.name, `may not contain '/' or '%'`));
  ((o.subjects ?? []) as Obj[]).forEach((s, i) => {
    const at = `subjects[${i}]`;
    if (!s.name) errs.push(required(`${at}.name`));
    switch (s.kind) {
      case 'ServiceAccount':
        if (s.name) for (const msg of dns1123Subdomain(s.name)) errs.push(invalid(`${at}.name`, s.name, msg));
        if (s.apiGroup !== undefined && s.apiGroup !== '') errs.push(unsupported(`${at}.apiGroup`, s.apiGroup, ['']));
        if (cluster && !s.namespace) errs.push(required(`${at}.namespace`));
        break;
      case 'User':
      case 'Group':
        if (s.apiGroup !== RBAC_GROUP) errs.push(unsupported(`${at}.apiGroup`, s.apiGroup ?? '', [RBAC_GROUP]));
        break;
      default:
        errs.push(unsupported(`${at}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
    }
  });
  return errs;
}
