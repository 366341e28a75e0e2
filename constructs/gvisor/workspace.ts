// A workspace pod sandboxed by gVisor (runsc): a user-space kernel between the workspace and the node.
import { Construct } from '../core/cdktf';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { PodWorkspace, PodWorkspaceProps } from '../core/pod-workspace';
import { checkGvisorPool, GvisorPoolProps, gvisorPoolPlacement, gvisorRuntimeClassName } from './pool';

/** Props of {@link GvisorWorkspace}. */
export interface GvisorWorkspaceProps extends Omit<PodWorkspaceProps, 'runtimeClassName'> {
  /** The node pool whose RuntimeClass the pod runs on (created by the platform stack). */
  readonly pool: GvisorPoolProps;
  /**
   * NVIDIA GPUs for the workspace; the pool must have nvproxy.
   * @default 0
   */
  readonly nvidiaGpus?: number;
}

/**
 * A pod on a gVisor RuntimeClass (Gardener's `gvisor` by default) with a persistent home, placed on
 * the pool's nodes by its own node selector and tolerations. The agent runs as UID 1000, restricted
 * by default; there is no Docker daemon (runsc supports one only with extra setup).
 */
export class GvisorWorkspace extends Construct {
  /** The pod and its volumes. */
  public readonly workspace: PodWorkspace;

  constructor(scope: Construct, id: string, props: GvisorWorkspaceProps) {
    super(scope, id);
    checkLiterals(this, props);
    checkGvisorPool(this, props.pool);
    const gpus = props.nvidiaGpus ?? 0;
    check(Number.isInteger(gpus) && gpus >= 0, this, 'nvidiaGpus', `${gpus} must be a whole number`);
    check(gpus === 0 || props.pool.nvproxy === true, this, 'nvidiaGpus', `pool "${props.pool.pool}" has no nvproxy; GPUs need nvproxy in runsc`);
    this.workspace = new PodWorkspace(
      this,
      'Pod',
      {
        ...props,
        runtimeClassName: gvisorRuntimeClassName(props.pool),
        nodeSelector: { ...gvisorPoolPlacement(props.pool).nodeSelector, ...(props.nodeSelector ?? {}) },
        tolerations: [...gvisorPoolPlacement(props.pool).tolerations, ...(props.tolerations ?? [])],
      },
      { command: ['sh', '-c', 'exec sh -c "$CODER_INIT_SCRIPT"'], extendedResources: gpus > 0 ? { 'nvidia.com/gpu': String(gpus) } : undefined },
    );
  }
}
