// One Coder template: a Terraform stack with the Coder and Kubernetes providers and no backend.
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { CoderProvider } from '../../.gen/providers/coder/provider';
import { DataCoderWorkspace } from '../../.gen/providers/coder/data-coder-workspace';
import { DataCoderWorkspaceOwner } from '../../.gen/providers/coder/data-coder-workspace-owner';
import { Construct, Fn, IConstruct, TerraformStack, TerraformVariable, Token } from './cdktf';
import { check } from './errors';
import { checkLiterals } from './literals';
import { StackFiles, TemplateFile } from './files';
import { WorkspaceParameter, WorkspaceParameterProps } from './parameter';
import { presetAddress, WorkspacePreset, WorkspacePresetProps } from './preset';

/** Provider sources and version constraints every template pins. */
export const PROVIDERS = {
  coder: { source: 'coder/coder', version: '~> 2.13' },
  kubernetes: { source: 'hashicorp/kubernetes', version: '~> 2.38' },
} as const;

/** Props of {@link CoderTemplate}. */
export interface CoderTemplateProps {
  /**
   * Namespace that workspaces are created in, the default of the template's `namespace` variable.
   * Keep it apart from Coder's own namespace: the platform stack sets its Pod Security level.
   * @default "coder-workspaces"
   */
  readonly namespace?: string;
  /**
   * Default of the `use_kubeconfig` variable: false means the provisioner talks to the cluster it
   * runs in through its service account; true means it reads `~/.kube/config`.
   * @default false
   */
  readonly useKubeconfig?: boolean;
  /**
   * Presets (`data "coder_workspace_preset"`): named parameter values offered in the workspace
   * form, checked against the parameters at synth.
   * @default none
   */
  readonly presets?: readonly WorkspacePresetProps[];
}

const STACK_SYMBOL = Symbol.for('cvmkit.CoderTemplate');

/**
 * One Coder template = one Terraform stack. It declares the providers with fully qualified
 * sources and `~>` constraints, never a `backend` block (Coder keeps the state), the
 * `namespace` and `use_kubeconfig` variables, and `data.coder_workspace.me` and
 * `data.coder_workspace_owner.me` for every construct in it.
 */
export class CoderTemplate extends TerraformStack {
  /** Returns true when `x` is a {@link CoderTemplate}. */
  public static isCoderTemplate(x: unknown): x is CoderTemplate {
    return typeof x === 'object' && x !== null && STACK_SYMBOL in x;
  }

  /** The template that `construct` belongs to; throws when it is not inside one. */
  public static of(construct: IConstruct): CoderTemplate {
    const found = construct.node.scopes.reverse().find((s) => CoderTemplate.isCoderTemplate(s));
    check(found !== undefined, construct, 'scope', 'must be created inside a CoderTemplate');
    return found as CoderTemplate;
  }

  /** `data.coder_workspace.me`: start_count, transition, name, id, access_url. */
  public readonly workspace: DataCoderWorkspace;
  /** `data.coder_workspace_owner.me`: name, email, full_name, ssh_public_key. */
  public readonly owner: DataCoderWorkspaceOwner;
  /** The `namespace` variable. */
  public readonly namespaceVariable: TerraformVariable;
  private readonly files = new StackFiles(this);
  private readonly parameters: WorkspaceParameter[] = [];
  private readonly presets: WorkspacePreset[] = [];
  private readonly moduleParameters: string[] = [];

  constructor(scope: Construct, id: string, props: CoderTemplateProps = {}) {
    super(scope, id);
    Object.defineProperty(this, STACK_SYMBOL, { value: true });
    checkLiterals(this, props);
    const namespace = props.namespace ?? 'coder-workspaces';
    check(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(namespace), this, 'namespace', `"${namespace}" is not a DNS-1123 label`);

    this.namespaceVariable = new TerraformVariable(this, 'namespace', {
      type: 'string',
      default: namespace,
      description: 'Kubernetes namespace that workspaces are created in.',
    });
    const useKubeconfig = new TerraformVariable(this, 'use_kubeconfig', {
      type: 'bool',
      default: props.useKubeconfig ?? false,
      description: 'Use ~/.kube/config of the provisioner host (true) or the in-cluster service account (false).',
    });

    new CoderProvider(this, 'coder', {});
    new KubernetesProvider(this, 'kubernetes', {
      configPath: Token.asString(Fn.conditional(useKubeconfig.booleanValue, '~/.kube/config', Token.nullValue())),
    });
    for (const [name, p] of Object.entries(PROVIDERS)) {
      this.addOverride(`terraform.required_providers.${name}`, { source: p.source, version: p.version });
    }

    this.workspace = new DataCoderWorkspace(this, 'workspace', {});
    this.workspace.overrideLogicalId('me');
    this.owner = new DataCoderWorkspaceOwner(this, 'workspace_owner', {});
    this.owner.overrideLogicalId('me');
    for (const preset of props.presets ?? []) this.addPreset(preset);
  }

  /** `data.coder_workspace.me.start_count`: 1 while the workspace runs, 0 when stopped. */
  public get startCount(): number {
    return this.workspace.startCount;
  }

  /** The namespace expression (`var.namespace`). */
  public get namespace(): string {
    return this.namespaceVariable.stringValue;
  }

  /** Adds a workspace parameter (`data "coder_parameter"`) the user fills in. */
  public addParameter(id: string, props: WorkspaceParameterProps): WorkspaceParameter {
    const parameter = new WorkspaceParameter(this, id, props);
    this.parameters.push(parameter);
    return parameter;
  }

  /**
   * Adds a preset. Its values are checked at synth against the parameters the template has then
   * (its own and those its modules declare); names and the single default are checked here.
   */
  public addPreset(props: WorkspacePresetProps): WorkspacePreset {
    check(props.name.trim() !== '', this, 'presets', 'a preset name must not be empty');
    const address = presetAddress(props.name);
    const same = this.presets.find((p) => presetAddress(p.props.name) === address);
    check(same === undefined, this, 'presets', `"${props.name}" has the same name as "${same?.props.name}" (data.coder_workspace_preset.${address})`);
    const other = this.presets.find((p) => p.props.default === true);
    check(props.default !== true || other === undefined, this, 'presets', `"${props.name}" and "${other?.props.name}" are both the default; Coder allows one`);
    const targets = () => [...this.parameters.map((p) => ({ name: p.props.name, props: p.props })), ...this.moduleParameters.map((name) => ({ name }))];
    const preset = new WorkspacePreset(this, `Preset_${address}`, props, targets);
    this.presets.push(preset);
    return preset;
  }

  /** Records parameters a module declares itself (`dotfiles_uri`…), which presets may set. */
  public addModuleParameters(names: readonly string[]): void {
    this.moduleParameters.push(...names.filter((n) => !this.moduleParameters.includes(n)));
  }

  /** The parameters added so far, in order. */
  public get workspaceParameters(): readonly WorkspaceParameter[] {
    return [...this.parameters];
  }

  /** Adds a file to write next to main.tf. Paths must be relative and unique. */
  public addFile(file: TemplateFile): void {
    this.files.add(file);
  }

  /** Renders the files to write next to main.tf, sorted by path. */
  public renderFiles(): { readonly path: string; readonly content: string }[] {
    return this.files.render();
  }

  /** Coder keeps the state of a template: no `backend` block, not even cdktf's local default. */
  public ensureBackendExists(): never {
    return undefined as never;
  }
}
