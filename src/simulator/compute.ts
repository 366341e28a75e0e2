// What the simulator needs to know of a compute object (a pod, a Deployment, a KubeVirt VM), whether it is
// a typed resource (snake_case state, blocks as lists) or a manifest (the API's own shape).
type Obj = Record<string, any>;

/** The kinds of compute a workspace runs on. */
export type ComputeKind = 'Pod' | 'Deployment' | 'VirtualMachine';

/** The compute kind of a resource's state, or undefined when it is not compute. */
export function computeKind(type: string, state: Obj): ComputeKind | undefined {
  if (type === 'kubernetes_pod_v1') return 'Pod';
  if (type === 'kubernetes_deployment_v1') return 'Deployment';
  const kind = type === 'kubernetes_manifest' ? state.manifest?.kind : undefined;
  return kind === 'Deployment' || kind === 'VirtualMachine' ? kind : undefined;
}

/** What a compute object's pods or guest use: environment, claims, DataVolumes and Secrets, in its namespace. */
export interface ComputeView {
  readonly kind: ComputeKind;
  readonly namespace: string;
  /** Environment variables of its containers: a literal value or a Secret key. */
  readonly env: { name: string; value?: string; secret?: { name: string; key: string; optional: boolean } }[];
  readonly claims: string[];
  readonly dataVolumes: string[];
  /** Secrets presented as volumes (a VM's user-data, NoCloud or ConfigDrive, and secret disks). */
  readonly secretVolumes: string[];
  /** Whether it runs: a pod exists, a Deployment has replicas, a VM is not halted. */
  readonly running: boolean;
  /** What a rollout or a boot depends on: the pod template, or a VM's spec. */
  readonly template: unknown;
}

function typedPodSpec(kind: ComputeKind, state: Obj): Obj {
  return kind === 'Pod' ? state.spec?.[0] : state.spec?.[0]?.template?.[0]?.spec?.[0];
}

/** The view of a compute object, from its Terraform state. */
export function computeView(type: string, state: Obj): ComputeView | undefined {
  const kind = computeKind(type, state);
  if (kind === undefined) return undefined;
  if (type === 'kubernetes_manifest') {
    const m = state.manifest;
    const namespace = String(m.metadata?.namespace ?? 'default');
    if (kind === 'VirtualMachine') {
      const spec = m.spec?.template?.spec ?? {};
      const volumes: Obj[] = spec.volumes ?? [];
      return {
        kind,
        namespace,
        env: [],
        claims: volumes.flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : [])),
        dataVolumes: volumes.flatMap((v) => (v.dataVolume ? [v.dataVolume.name] : [])),
        secretVolumes: volumes.flatMap((v) =>
          [v.cloudInitNoCloud?.secretRef?.name, v.cloudInitConfigDrive?.secretRef?.name, v.secret?.secretName].filter((n) => n !== undefined),
        ),
        running: m.spec?.runStrategy !== 'Halted',
        template: m.spec,
      };
    }
    const pod = m.spec?.template?.spec ?? {};
    return {
      kind,
      namespace,
      env: (pod.containers ?? []).flatMap((c: Obj) =>
        (c.env ?? []).map((e: Obj) => ({
          name: e.name,
          value: e.value ?? undefined,
          secret: e.valueFrom?.secretKeyRef && {
            name: e.valueFrom.secretKeyRef.name,
            key: e.valueFrom.secretKeyRef.key,
            optional: e.valueFrom.secretKeyRef.optional === true,
          },
        })),
      ),
      claims: (pod.volumes ?? []).flatMap((v: Obj) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : [])),
      dataVolumes: [],
      secretVolumes: (pod.volumes ?? []).flatMap((v: Obj) => (v.secret ? [v.secret.secretName] : [])),
      running: Number(m.spec?.replicas ?? 1) > 0,
      template: m.spec?.template,
    };
  }
  const pod = typedPodSpec(kind, state) ?? {};
  return {
    kind,
    namespace: String(state.metadata?.[0]?.namespace ?? 'default'),
    env: (pod.container ?? []).flatMap((c: Obj) =>
      (c.env ?? []).map((e: Obj) => {
        const ref = e.value_from?.[0]?.secret_key_ref?.[0];
        return {
          name: e.name,
          value: e.value === '' || e.value === null ? undefined : e.value,
          secret: ref && { name: ref.name, key: ref.key, optional: ref.optional === true },
        };
      }),
    ),
    claims: (pod.volume ?? []).flatMap((v: Obj) => (v.persistent_volume_claim?.[0] ? [v.persistent_volume_claim[0].claim_name] : [])),
    dataVolumes: [],
    secretVolumes: (pod.volume ?? []).flatMap((v: Obj) => (v.secret?.[0] ? [v.secret[0].secret_name] : [])),
    running: kind === 'Pod' || Number(state.spec?.[0]?.replicas ?? 1) > 0,
    template: kind === 'Pod' ? state.spec : state.spec?.[0]?.template,
  };
}
