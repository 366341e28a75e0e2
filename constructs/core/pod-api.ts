// The workspace's pod template in the Kubernetes API's own shape, for a Deployment written as a
// `kubernetes_manifest` (the typed resource cannot say `hostUsers: false`).
import { DeploymentV1SpecTemplateSpec } from '@cdktf/provider-kubernetes/lib/deployment-v1';

type Obj = Record<string, unknown>;

/** A list the bindings take for a block that is one object in the API. */
const one = <T>(x: T | T[] | undefined): T | undefined => (Array.isArray(x) ? x[0] : x);
/** A number the bindings take as a string (`runAsUser: "1000"`); a Terraform expression stays as it is. */
const num = (x: unknown): unknown => (typeof x === 'string' && /^-?[0-9]+$/.test(x) ? Number(x) : x);

function clean(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

function container(c: any): Obj {
  return clean({
    name: c.name,
    image: c.image,
    imagePullPolicy: c.imagePullPolicy,
    command: c.command,
    env: (c.env ?? []).map((e: any) =>
      clean({
        name: e.name,
        value: e.value,
        valueFrom: e.valueFrom && clean({ secretKeyRef: one(e.valueFrom.secretKeyRef), resourceFieldRef: one(e.valueFrom.resourceFieldRef) }),
      }),
    ),
    resources: c.resources,
    securityContext:
      c.securityContext && clean({ ...c.securityContext, capabilities: one(c.securityContext.capabilities), runAsUser: num(c.securityContext.runAsUser) }),
    lifecycle: c.lifecycle && { preStop: { exec: one(one(c.lifecycle.preStop)?.exec) } },
    volumeMounts: (c.volumeMount ?? []).map((m: any) => clean({ name: m.name, mountPath: m.mountPath, readOnly: m.readOnly, subPath: m.subPath })),
  });
}

function volume(v: any): Obj {
  return clean({
    name: v.name,
    persistentVolumeClaim: one(v.persistentVolumeClaim),
    emptyDir: v.emptyDir && clean({ ...one(v.emptyDir) }),
    hostPath: one(v.hostPath),
  });
}

/**
 * The API form of a workspace pod spec built for the deployment binding: plural list names
 * (`containers`, `volumes`, `tolerations`, `volumeMounts`), one-element blocks as objects, numbers
 * as numbers. It covers the fields `PodWorkspace` sets; the JSON is checked against the upstream
 * OpenAPI in the tests.
 */
export function podSpecToApi(spec: DeploymentV1SpecTemplateSpec, extra: Obj = {}): Obj {
  const s = spec as any;
  const anti = one(s.affinity)?.podAntiAffinity;
  return clean({
    runtimeClassName: s.runtimeClassName,
    restartPolicy: s.restartPolicy,
    terminationGracePeriodSeconds: s.terminationGracePeriodSeconds,
    hostname: s.hostname,
    automountServiceAccountToken: s.automountServiceAccountToken,
    enableServiceLinks: s.enableServiceLinks,
    nodeSelector: s.nodeSelector,
    tolerations: (s.toleration ?? []).map((t: any) => clean({ ...t, tolerationSeconds: num(t.tolerationSeconds) })),
    imagePullSecrets: s.imagePullSecrets,
    securityContext:
      s.securityContext &&
      clean({
        ...s.securityContext,
        runAsUser: num(s.securityContext.runAsUser),
        runAsGroup: num(s.securityContext.runAsGroup),
        fsGroup: num(s.securityContext.fsGroup),
        seccompProfile: one(s.securityContext.seccompProfile),
      }),
    affinity: anti && {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: (one(anti).preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p: any) => ({
          weight: p.weight,
          podAffinityTerm: clean({ topologyKey: one(p.podAffinityTerm).topologyKey, labelSelector: one(one(p.podAffinityTerm).labelSelector) }),
        })),
      },
    },
    containers: (s.container ?? []).map(container),
    volumes: (s.volume ?? []).map(volume),
    ...extra,
  });
}
