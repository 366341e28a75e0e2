// A RuntimeClass (node.k8s.io/v1) as a kubernetes_manifest: the typed resource lacks scheduling and overhead.
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { Construct } from '../core/cdktf';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { isDnsLabel } from '../core/names';
import { checkNodeSelector, checkTolerations, Toleration } from '../core/scheduling';
import { PlatformStack } from './stack';

/** Fixed per-pod overhead the scheduler adds for the sandbox (a VM's memory, runsc's sentry). */
export interface PodOverhead {
  /** CPU, e.g. `250m`. */
  readonly cpu: string;
  /** Memory, e.g. `320Mi`. */
  readonly memory: string;
}

/** Props of {@link RuntimeClass}. */
export interface RuntimeClassProps {
  /** Object name, referenced by pods' `runtimeClassName`. */
  readonly name: string;
  /** CRI handler configured on the nodes (`runsc`, `kata-qemu`…). */
  readonly handler: string;
  /**
   * Node labels every pod of this class is scheduled on.
   * @default any node
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Tolerations added to every pod of this class.
   * @default none
   */
  readonly tolerations?: readonly Toleration[];
  /**
   * Overhead added to every pod's requests.
   * @default none
   */
  readonly overhead?: PodOverhead;
}

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi)?$/;

/** A cluster-scoped RuntimeClass; only inside a {@link PlatformStack}. */
export class RuntimeClass extends Construct {
  /** The `kubernetes_manifest` (escape hatch). */
  public readonly resource: Manifest;

  constructor(scope: Construct, id: string, props: RuntimeClassProps) {
    super(scope, id);
    PlatformStack.of(this);
    checkLiterals(this, props);
    check(isDnsLabel(props.name), this, 'name', `"${props.name}" is not a DNS-1123 label`);
    check(isDnsLabel(props.handler), this, 'handler', `"${props.handler}" is not a DNS-1123 label`);
    const nodeSelector = checkNodeSelector(this, 'nodeSelector', props.nodeSelector);
    const tolerations = checkTolerations(this, 'tolerations', props.tolerations);
    if (props.overhead) {
      check(QUANTITY.test(props.overhead.cpu), this, 'overhead.cpu', `"${props.overhead.cpu}" is not a CPU quantity`);
      check(QUANTITY.test(props.overhead.memory), this, 'overhead.memory', `"${props.overhead.memory}" is not a memory quantity`);
    }
    const scheduling: Record<string, unknown> = {};
    if (Object.keys(nodeSelector).length > 0) scheduling.nodeSelector = nodeSelector;
    if (tolerations.length > 0) scheduling.tolerations = tolerations;
    this.resource = new Manifest(this, 'Resource', {
      manifest: {
        apiVersion: 'node.k8s.io/v1',
        kind: 'RuntimeClass',
        metadata: { name: props.name, labels: { 'app.kubernetes.io/managed-by': 'cvmkit' } },
        handler: props.handler,
        ...(Object.keys(scheduling).length > 0 ? { scheduling } : {}),
        ...(props.overhead ? { overhead: { podFixed: { cpu: props.overhead.cpu, memory: props.overhead.memory } } } : {}),
      },
    });
    this.resource.overrideLogicalId(`runtime_class_${props.name.replace(/-/g, '_')}`);
  }
}
