// A platform stack: cluster-scoped prerequisites an administrator applies once, apart from any template.
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Construct, IConstruct, TerraformStack, TerraformVariable } from '../core/cdktf';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { StackFiles, TemplateFile } from '../core/files';
import { PROVIDERS } from '../core/coder-template';

const PLATFORM_SYMBOL = Symbol.for('cvmkit.PlatformStack');

/** Props of {@link PlatformStack}. */
export interface PlatformStackProps {
  /**
   * Default of the `kubeconfig` variable: the kubeconfig the administrator applies with.
   * @default "~/.kube/config"
   */
  readonly kubeconfig?: string;
}

/**
 * A Terraform module of cluster-scoped objects (RuntimeClasses, the workspace namespace, the
 * provisioner's RBAC). Only the Kubernetes provider, no Coder provider and no backend block: an
 * administrator runs `terraform apply` with their own credentials and keeps the state.
 */
export class PlatformStack extends TerraformStack {
  /** Returns true when `x` is a {@link PlatformStack}. */
  public static isPlatformStack(x: unknown): x is PlatformStack {
    return typeof x === 'object' && x !== null && PLATFORM_SYMBOL in x;
  }

  /** The platform stack `construct` belongs to; throws when it is not inside one. */
  public static of(construct: IConstruct): PlatformStack {
    const found = construct.node.scopes.reverse().find((s) => PlatformStack.isPlatformStack(s));
    check(found !== undefined, construct, 'scope', 'must be created inside a PlatformStack (cluster-scoped objects never go into a workspace template)');
    return found as PlatformStack;
  }

  private readonly files = new StackFiles(this);

  constructor(scope: Construct, id: string, props: PlatformStackProps = {}) {
    super(scope, id);
    Object.defineProperty(this, PLATFORM_SYMBOL, { value: true });
    checkLiterals(this, props);
    const kubeconfig = new TerraformVariable(this, 'kubeconfig', {
      type: 'string',
      default: props.kubeconfig ?? '~/.kube/config',
      description: 'Kubeconfig of a cluster administrator.',
    });
    new KubernetesProvider(this, 'kubernetes', { configPath: kubeconfig.stringValue });
    this.addOverride('terraform.required_providers.kubernetes', { ...PROVIDERS.kubernetes });
  }

  /** Adds a file to write next to main.tf (e.g. a Gardener worker snippet). */
  public addFile(file: TemplateFile): void {
    this.files.add(file);
  }

  /** Renders the files to write next to main.tf, sorted by path. */
  public renderFiles(): { readonly path: string; readonly content: string }[] {
    return this.files.render();
  }

  /** Administrators keep this state themselves: no backend block. */
  public ensureBackendExists(): never {
    return undefined as never;
  }
}
