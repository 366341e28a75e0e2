// Pieces of a workspace's pod template: environment, volumes, tolerations, resources and the
// security contexts of each Pod Security level, in the shapes the deployment binding takes.
import {
  DeploymentV1SpecTemplateSpecContainerEnv,
  DeploymentV1SpecTemplateSpecContainerSecurityContext,
  DeploymentV1SpecTemplateSpecSecurityContext,
  DeploymentV1SpecTemplateSpecVolume,
} from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { IConstruct } from './cdktf';
import { check } from './errors';
import { EnvValue, WorkspaceVolume } from './pod-props';
import { Toleration } from './scheduling';

/** Name of the workspace container in the pod. */
export const WORKSPACE_CONTAINER = 'dev';

/** The Pod Security Standards level a workspace pod meets: its namespace must allow it. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

export function tolerationBlock(t: Toleration) {
  return {
    key: t.key,
    operator: t.operator ?? 'Equal',
    value: t.value,
    effect: t.effect,
    tolerationSeconds: t.tolerationSeconds === undefined ? undefined : String(t.tolerationSeconds),
  };
}

export function envBlock(name: string, value: EnvValue): DeploymentV1SpecTemplateSpecContainerEnv {
  if (typeof value === 'string') return { name, value };
  if ('resourceFieldRef' in value) return { name, valueFrom: { resourceFieldRef: { containerName: WORKSPACE_CONTAINER, resource: value.resourceFieldRef } } };
  return { name, valueFrom: { secretKeyRef: { name: value.secretKeyRef.name, key: value.secretKeyRef.key } } };
}

export function uniqueVolumes(volumes: readonly WorkspaceVolume[]): DeploymentV1SpecTemplateSpecVolume[] {
  const seen = new Map<string, DeploymentV1SpecTemplateSpecVolume>();
  for (const v of volumes) {
    if (seen.has(v.name)) continue;
    const s = v.source;
    seen.set(
      v.name,
      'persistentVolumeClaim' in s
        ? { name: v.name, persistentVolumeClaim: { claimName: s.persistentVolumeClaim } }
        : 'emptyDir' in s
          ? { name: v.name, emptyDir: { medium: s.emptyDir.medium, sizeLimit: s.emptyDir.sizeLimit } }
          : { name: v.name, hostPath: { path: s.hostPath.path, type: s.hostPath.type ?? '' } },
    );
  }
  return [...seen.values()];
}

/**
 * The pod's and the container's security contexts for a level. Restricted: a non-root UID 1000,
 * no privilege escalation (no sudo), every capability dropped, the runtime's seccomp profile, and
 * `fsGroup` 1000 applied only when the volume root does not match (`OnRootMismatch`), so kubelet
 * never rewrites a whole home on each start. Baseline, non-root: the same without the restrictions
 * (sudo works). Root (systemd as PID 1): UID 0 and no `fsGroup` at all (the entry script makes the
 * home the user's). Privileged: the container is privileged (Envbox's outer container).
 */
export function securityContexts(
  level: PodSecurityLevel,
  runAsRoot: boolean,
): { pod?: DeploymentV1SpecTemplateSpecSecurityContext; container?: DeploymentV1SpecTemplateSpecContainerSecurityContext } {
  if (level === 'privileged') return { container: { privileged: true } };
  if (runAsRoot) return { pod: { runAsUser: '0' } };
  const pod: DeploymentV1SpecTemplateSpecSecurityContext = { runAsUser: '1000', runAsGroup: '1000', fsGroup: '1000', fsGroupChangePolicy: 'OnRootMismatch' };
  if (level === 'baseline') return { pod };
  return {
    pod: { ...pod, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    container: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
  };
}

const CPU = /^([0-9]+)m$|^([0-9]+(\.[0-9]+)?)$/;
const MEMORY = /^([0-9]+)(Ki|Mi|Gi|Ti)$/;
const MEMORY_UNITS = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024 } as const;

/** CPU quantity (`250m`, `1`, `1.5`) in cores, or undefined when it is not one. */
export function cpuCores(quantity: string): number | undefined {
  const m = CPU.exec(quantity);
  return m === null ? undefined : m[1] !== undefined ? Number(m[1]) / 1000 : Number(m[2]);
}

/** Memory quantity in binary units (`512Mi`, `1Gi`) in MiB, or undefined when it is not one. */
export function memoryMebibytes(quantity: string): number | undefined {
  const m = MEMORY.exec(quantity);
  return m === null ? undefined : Number(m[1]) * MEMORY_UNITS[m[2] as keyof typeof MEMORY_UNITS];
}

/**
 * Checks the requests a workspace reserves against the smallest limits a user may choose: a
 * request above its limit is refused by the API server, so the template would fail for some users.
 */
export function checkRequests(scope: IConstruct, requests: { cpu: string; memory: string }, minCores: number, minMemoryGi: number): void {
  const cores = cpuCores(requests.cpu);
  check(cores !== undefined && cores > 0, scope, 'requests.cpu', `"${requests.cpu}" is not a CPU quantity such as "250m" or "1"`);
  check(cores <= minCores, scope, 'requests.cpu', `${requests.cpu} exceeds the smallest CPU limit a user may choose (${minCores})`);
  const mebibytes = memoryMebibytes(requests.memory);
  check(mebibytes !== undefined && mebibytes > 0, scope, 'requests.memory', `"${requests.memory}" is not a memory quantity such as "512Mi" or "1Gi"`);
  check(mebibytes <= minMemoryGi * 1024, scope, 'requests.memory', `${requests.memory} exceeds the smallest memory limit a user may choose (${minMemoryGi}Gi)`);
}
