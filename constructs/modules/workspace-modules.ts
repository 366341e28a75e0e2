// The registry modules a workspace opts into (code-server, JetBrains, dotfiles, git-clone), wired to its agent.
import { CoderAgent } from '../core/agent';
import { Construct } from '../core/cdktf';
import { check } from '../core/errors';
import { JetBrainsIde } from './catalog';
import { CoderRegistryModule } from './registry-module';

/** code-server from the registry module instead of cvmkit's inline app. */
export interface CodeServerModuleProps {
  /**
   * code-server release the module installs.
   * @default the latest release (the module's own default)
   */
  readonly installVersion?: string;
  /**
   * VS Code extensions installed on start (`publisher.name`).
   * @default none
   */
  readonly extensions?: readonly string[];
  /**
   * Folder opened in the editor.
   * @default the user's home directory
   */
  readonly folder?: string;
  /**
   * Whether code-server is installed once into the persistent home (`~/.local/code-server`, the
   * module's `use_cached`) and reused on later starts, as the inline app does; false reinstalls
   * it into `/tmp` on every start (the module's own default).
   * @default true
   */
  readonly cached?: boolean;
}

/** JetBrains IDEs through JetBrains Toolbox. */
export interface JetBrainsModuleProps {
  /**
   * IDEs offered (product codes).
   * @default all nine the module knows: CL, GO, IU, PS, PY, RD, RM, RR, WS
   */
  readonly ides?: readonly JetBrainsIde[];
  /**
   * IDEs created without asking; when empty the workspace user picks in a `jetbrains_ides` parameter.
   * @default none: the user picks
   */
  readonly defaultIdes?: readonly JetBrainsIde[];
  /**
   * Folder the IDE opens (an absolute path).
   * @default the user's home directory
   */
  readonly folder?: string;
}

/** A dotfiles repository applied on every start. */
export interface DotfilesModuleProps {
  /**
   * Repository every workspace uses; the user is then not asked.
   * @default none: the user enters one in the `dotfiles_uri` parameter
   */
  readonly uri?: string;
  /**
   * Pre-filled value of the `dotfiles_uri` parameter.
   * @default empty
   */
  readonly defaultUri?: string;
}

/** A Git repository cloned into the workspace on start (once: an existing clone is kept). */
export interface GitCloneModuleProps {
  /** Repository URL (https or ssh). */
  readonly url: string;
  /**
   * Branch to check out.
   * @default the repository's default branch
   */
  readonly branchName?: string;
  /**
   * Folder the clone goes into, under `baseDir`.
   * @default the repository's name
   */
  readonly folderName?: string;
  /**
   * Folder that holds the clone.
   * @default the user's home directory
   */
  readonly baseDir?: string;
}

/** Registry modules a workspace opts into: none by default, so templates stay offline-friendly. */
export interface WorkspaceModulesProps {
  /**
   * code-server from `registry.coder.com/coder/code-server/coder` instead of the inline app.
   * @default false: the inline `CodeServerApp` (no module download at push time)
   */
  readonly codeServer?: boolean | CodeServerModuleProps;
  /**
   * JetBrains IDEs from `registry.coder.com/coder/jetbrains/coder` (needs Coder 2.24+ and the
   * provisioner's access to JetBrains' release API at plan time).
   * @default false
   */
  readonly jetbrains?: boolean | JetBrainsModuleProps;
  /**
   * Dotfiles from `registry.coder.com/coder/dotfiles/coder`.
   * @default false
   */
  readonly dotfiles?: boolean | DotfilesModuleProps;
  /**
   * Repositories cloned by `registry.coder.com/coder/git-clone/coder`, one module each.
   * @default none
   */
  readonly gitClone?: readonly GitCloneModuleProps[];
}

/** Props of {@link WorkspaceModules}. */
export interface WorkspaceModulesConstructProps extends WorkspaceModulesProps {
  /** The workspace's agent. */
  readonly agent: CoderAgent;
  /** The user's home directory (default folder of the editors). */
  readonly home: string;
}

const options = <T extends object>(x: boolean | T | undefined): T | undefined => (x === true ? ({} as T) : x === false ? undefined : x);

/** The registry modules of one workspace, each a {@link CoderRegistryModule} named as in Coder's examples. */
export class WorkspaceModules extends Construct {
  /** The module blocks created. */
  public readonly modules: readonly CoderRegistryModule[];

  constructor(scope: Construct, id: string, props: WorkspaceModulesConstructProps) {
    super(scope, id);
    const agentId = props.agent.id;
    const made: CoderRegistryModule[] = [];
    const add = (id: string, module: ConstructorParameters<typeof CoderRegistryModule>[2]) => made.push(new CoderRegistryModule(this, id, module));

    const codeServer = options<CodeServerModuleProps>(props.codeServer);
    if (codeServer) {
      add('CodeServer', {
        module: 'code-server',
        name: 'code_server',
        inputs: {
          agent_id: agentId,
          folder: codeServer.folder ?? props.home,
          install_version: codeServer.installVersion,
          extensions: codeServer.extensions && [...codeServer.extensions],
          order: 1,
          // A start then needs no download once the home has it (and works when GitHub does not answer).
          ...((codeServer.cached ?? true) ? { install_prefix: `${props.home}/.local/code-server`, use_cached: true } : {}),
        },
      });
    }
    const jetbrains = options<JetBrainsModuleProps>(props.jetbrains);
    if (jetbrains) {
      add('JetBrains', {
        module: 'jetbrains',
        name: 'jetbrains',
        inputs: {
          agent_id: agentId,
          folder: jetbrains.folder ?? props.home,
          options: jetbrains.ides && [...jetbrains.ides],
          default: jetbrains.defaultIdes && [...jetbrains.defaultIdes],
          coder_app_order: 2,
        },
      });
    }
    const dotfiles = options<DotfilesModuleProps>(props.dotfiles);
    if (dotfiles) {
      add('Dotfiles', {
        module: 'dotfiles',
        name: 'dotfiles',
        inputs: { agent_id: agentId, dotfiles_uri: dotfiles.uri, default_dotfiles_uri: dotfiles.defaultUri },
      });
    }
    const names = new Set<string>();
    (props.gitClone ?? []).forEach((repo, i) => {
      check(
        /^(https?:\/\/|ssh:\/\/|git@)[^\s/]+[/:]\S*[A-Za-z0-9]/.test(repo.url),
        this,
        `gitClone[${i}].url`,
        `"${repo.url}" must be an https, ssh or git@ repository URL`,
      );
      // One module per repository, named after the folder it clones into: `git_clone_<folder>`.
      const folder =
        repo.folderName ??
        repo.url
          .replace(/\/+$/, '')
          .split(/[/:]/)
          .pop()!
          .replace(/\.git$/, '');
      const name = `git_clone_${folder
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')}`.slice(0, 63);
      check(!names.has(name), this, `gitClone[${i}]`, `clones into "${folder}" like another repository; set folderName`);
      names.add(name);
      add(`GitClone${i}`, {
        module: 'git-clone',
        name,
        inputs: { agent_id: agentId, url: repo.url, branch_name: repo.branchName, folder_name: repo.folderName, base_dir: repo.baseDir },
      });
    });
    this.modules = made;
  }
}
