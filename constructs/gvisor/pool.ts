// A gVisor RuntimeClass bound to one node pool, plus the Gardener worker configuration that installs runsc there.
import { stringify } from 'yaml';
import { Construct, IConstruct } from '../core/cdktf';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { isDnsLabel } from '../core/names';
import { Toleration } from '../core/scheduling';
import { PlatformStack } from '../platform/stack';
import { PodOverhead, RuntimeClass } from '../platform/runtime-class';
import { GVISOR_RELEASE, nvproxySupports } from './nvproxy-drivers';

/** Label Gardener puts on every node with the pool's name. */
export const GARDENER_POOL_LABEL = 'worker.gardener.cloud/pool';
/** Label Gardener puts on nodes where the gVisor container runtime is installed. */
export const GARDENER_GVISOR_LABEL = 'containerruntime.worker.gardener.cloud/gvisor';

/** A gVisor node pool: plain data, shared by the platform stack and the templates using it. */
export interface GvisorPoolProps {
  /** Name of the worker pool (the value of its pool label). */
  readonly pool: string;
  /**
   * RuntimeClass name, the `runtimeClassName` of workspace pods.
   * @default "gvisor" on Gardener (the class its gVisor extension creates), else `gvisor-<pool>`
   */
  readonly runtimeClassName?: string;
  /**
   * Whether the platform stack creates the RuntimeClass. Gardener's gVisor extension creates
   * `gvisor` itself (a second definition would conflict with it); elsewhere the platform does.
   * @default false on Gardener, else true
   */
  readonly manageRuntimeClass?: boolean;
  /**
   * Node label whose value is the pool name.
   * @default "worker.gardener.cloud/pool"
   */
  readonly poolLabel?: string;
  /**
   * Whether the pool is a Gardener worker pool: the RuntimeClass then also selects Gardener's
   * gVisor node label, and `gardener/<pool>.yaml` holds the Shoot worker's `cri` section.
   * @default true
   */
  readonly gardener?: boolean;
  /**
   * Taints of a dedicated pool, tolerated by every pod of the class.
   * @default none
   */
  readonly tolerations?: readonly Toleration[];
  /**
   * Per-pod overhead of the sandbox (runsc's sentry and gofer).
   * @default none
   */
  readonly overhead?: PodOverhead;
  /**
   * runsc `--debug`: debug logs per sandbox on the node.
   * @default false
   */
  readonly debug?: boolean;
  /**
   * runsc `--net-raw`: raw sockets (ping, traceroute) in sandboxes.
   * @default false
   */
  readonly netRaw?: boolean;
  /**
   * runsc `--nvproxy`: NVIDIA GPUs in sandboxes. Needs `nvidiaDriverVersion`.
   * @default false
   */
  readonly nvproxy?: boolean;
  /**
   * NVIDIA driver version installed on the pool's nodes; must be one nvproxy supports.
   * @default none
   */
  readonly nvidiaDriverVersion?: string;
  /**
   * CPU architecture of the pool's nodes.
   * @default "amd64"
   */
  readonly arch?: 'amd64' | 'arm64';
}

/** The pool's RuntimeClass name. */
export function gvisorRuntimeClassName(pool: GvisorPoolProps): string {
  return pool.runtimeClassName ?? ((pool.gardener ?? true) ? 'gvisor' : `gvisor-${pool.pool}`);
}

/** Whether the platform stack creates the pool's RuntimeClass. */
export function managesRuntimeClass(pool: GvisorPoolProps): boolean {
  return pool.manageRuntimeClass ?? !(pool.gardener ?? true);
}

/**
 * Where the pool's workspace pods go: the pool's nodes (its label) and its taints tolerated. The
 * pods carry this themselves, since Gardener's `gvisor` class selects only nodes with runsc, on any pool.
 */
export function gvisorPoolPlacement(pool: GvisorPoolProps): { nodeSelector: Record<string, string>; tolerations: Toleration[] } {
  return { nodeSelector: { [pool.poolLabel ?? GARDENER_POOL_LABEL]: pool.pool }, tolerations: [...(pool.tolerations ?? [])] };
}

/** Checks a pool's props; `scope` names the construct in errors. */
export function checkGvisorPool(scope: IConstruct, pool: GvisorPoolProps, prop = 'pool'): void {
  check(isDnsLabel(pool.pool), scope, `${prop}.pool`, `"${pool.pool}" is not a pool name (DNS-1123 label)`);
  check(isDnsLabel(gvisorRuntimeClassName(pool)), scope, `${prop}.runtimeClassName`, `"${gvisorRuntimeClassName(pool)}" is not a DNS-1123 label`);
  if (pool.nvproxy) {
    const v = pool.nvidiaDriverVersion;
    check(v !== undefined, scope, `${prop}.nvidiaDriverVersion`, "nvproxy needs the NVIDIA driver version of the pool's nodes");
    check(
      nvproxySupports(v, pool.arch ?? 'amd64'),
      scope,
      `${prop}.nvidiaDriverVersion`,
      `${v} is not supported by nvproxy in gVisor ${GVISOR_RELEASE} on ${pool.arch ?? 'amd64'}; see NVPROXY_SUPPORTED_DRIVERS`,
    );
  } else {
    check(pool.nvidiaDriverVersion === undefined, scope, `${prop}.nvidiaDriverVersion`, 'is only meaningful with nvproxy');
  }
}

/** The runsc flags as Gardener's `GVisorConfiguration.configFlags` (strings; only the flags Gardener honours). */
export function gvisorConfigFlags(pool: GvisorPoolProps): Record<string, string> {
  const flags: Record<string, string> = {};
  if (pool.debug) flags.debug = 'true';
  if (pool.netRaw) flags['net-raw'] = 'true';
  if (pool.nvproxy) flags.nvproxy = 'true';
  return flags;
}

/** The Shoot worker's `cri` section that installs gVisor on the pool (merge into `spec.provider.workers[]`). */
export function gardenerWorkerSnippet(pool: GvisorPoolProps): string {
  const flags = gvisorConfigFlags(pool);
  const runtime: Record<string, unknown> = { type: 'gvisor' };
  if (Object.keys(flags).length > 0) {
    runtime.providerConfig = { apiVersion: 'gvisor.runtime.extensions.config.gardener.cloud/v1alpha1', kind: 'GVisorConfiguration', configFlags: flags };
  }
  const header = `# Shoot spec.provider.workers[] entry for pool "${pool.pool}": merge the cri section into your worker.\n# Generated by cvmkit; the RuntimeClass ${gvisorRuntimeClassName(pool)} selects these nodes.\n`;
  return header + stringify({ name: pool.pool, cri: { name: 'containerd', containerRuntimes: [runtime] } });
}

/**
 * A gVisor node pool in a platform stack: on Gardener, the Shoot worker's `cri` section that
 * installs runsc on the pool (Gardener then creates the `gvisor` RuntimeClass); where the platform
 * manages it, a RuntimeClass (handler `runsc`) whose scheduling pins pods to the pool (and, on
 * Gardener, to nodes where the runtime is installed) and adds the pool's tolerations and overhead.
 * Cluster-scoped: only inside a {@link PlatformStack}.
 */
export class GvisorRuntimeClassPool extends Construct {
  /** The RuntimeClass, when the platform manages it. */
  public readonly runtimeClass?: RuntimeClass;
  /**
   * On Gardener, the class `gvisor-<pool>` that cvmkit 0.1's templates ask for, kept (same address,
   * same spec) so that workspaces still on those template versions start until they are updated.
   */
  public readonly legacyRuntimeClass?: RuntimeClass;
  /** Its name. */
  public readonly runtimeClassName: string;

  constructor(scope: Construct, id: string, props: GvisorPoolProps) {
    super(scope, id);
    const stack = PlatformStack.of(this);
    checkLiterals(this, props);
    checkGvisorPool(this, props, 'props');
    this.runtimeClassName = gvisorRuntimeClassName(props);
    const gardener = props.gardener ?? true;
    if (managesRuntimeClass(props)) {
      this.runtimeClass = new RuntimeClass(this, 'RuntimeClass', {
        name: this.runtimeClassName,
        handler: 'runsc',
        nodeSelector: { [props.poolLabel ?? GARDENER_POOL_LABEL]: props.pool, ...(gardener ? { [GARDENER_GVISOR_LABEL]: 'true' } : {}) },
        tolerations: props.tolerations,
        overhead: props.overhead,
      });
    }
    const legacyName = `gvisor-${props.pool}`;
    if (gardener && this.runtimeClass === undefined && isDnsLabel(legacyName)) {
      this.legacyRuntimeClass = new RuntimeClass(this, 'LegacyRuntimeClass', {
        name: legacyName,
        handler: 'runsc',
        nodeSelector: { [props.poolLabel ?? GARDENER_POOL_LABEL]: props.pool, [GARDENER_GVISOR_LABEL]: 'true' },
        tolerations: props.tolerations,
        overhead: props.overhead,
      });
    }
    if (gardener) stack.addFile({ path: `gardener/${props.pool}.yaml`, content: gardenerWorkerSnippet(props) });
  }
}
