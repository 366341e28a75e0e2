// A workspace's agent with what Coder users expect around it: Git identity, a first-start timeout, editors and modules.
import { CODER_TROUBLESHOOTING_URL, CoderAgent, DiskMetadata } from '../core/agent';
import { Construct } from '../core/cdktf';
import { CodeServerApp } from '../core/code-server';
import { check } from '../core/errors';
import { WorkspaceModules, WorkspaceModulesProps } from './workspace-modules';

/** Props every workspace construct (KubeVirt and the container backends) shares for its agent. */
export interface WorkspaceAgentProps {
  /**
   * Whether to offer code-server (VS Code in the browser): cvmkit's inline app, or the registry
   * module when `modules.codeServer` is set.
   * @default true
   */
  readonly codeServer?: boolean;
  /**
   * Registry modules (code-server, JetBrains, dotfiles, git-clone), counted on start_count.
   * @default none: nothing is downloaded when the template is pushed
   */
  readonly modules?: WorkspaceModulesProps;
  /**
   * Seconds Coder waits, after a build, for the agent to connect before it shows the agent as
   * timed out with `troubleshootingUrl` (0: never). Sized for the backend's slowest normal start,
   * the first one: too short flags healthy workspaces, too long only delays the warning.
   * @default the backend's: KubeVirt 1200, Envbox 600, Sysbox, gVisor and Kata 300
   */
  readonly agentConnectionTimeout?: number;
  /**
   * Page Coder links when the agent does not connect in time (e.g. the platform team's runbook).
   * @default Coder's "Troubleshoot templates" page, https://coder.com/docs/admin/templates/troubleshooting
   */
  readonly troubleshootingUrl?: string;
  /**
   * Whether Git commits carry the owner's name and e-mail (`GIT_AUTHOR_*`, `GIT_COMMITTER_*`).
   * @default true
   */
  readonly gitIdentity?: boolean;
}

/** What the backend decides about its agent. */
export interface WorkspaceAgentDefaults {
  /** The user's home directory: the agent's directory and the editors' folder. */
  readonly home: string;
  /** The backend's first-start timeout, used unless the props set one. */
  readonly connectionTimeout: number;
  /**
   * The file system of the user's persistent disk, for the disk-usage metadata; undefined for no
   * `coder stat` metadata at all (Windows: Coder's bootstrap runs the agent as `sshd.exe`, so no
   * `coder` command is on the PATH of the scripts).
   */
  readonly disk: DiskMetadata | undefined;
  /**
   * The guest's operating system (`coder_agent.os`), which picks Coder's bootstrap script.
   * @default "linux"
   */
  readonly os?: 'linux' | 'windows';
}

/**
 * Creates the workspace's `CoderAgent` (id `Agent`), code-server (inline `CodeServer`, or the
 * registry module) and the opted-in registry modules (`Modules`) under `scope`.
 */
export function workspaceAgent(scope: Construct, props: WorkspaceAgentProps, defaults: WorkspaceAgentDefaults): CoderAgent {
  const modules = props.modules ?? {};
  const moduleCodeServer = modules.codeServer !== undefined && modules.codeServer !== false;
  check(!moduleCodeServer || props.codeServer !== false, scope, 'modules.codeServer', 'is set while codeServer is false; drop one of them');
  const timeout = props.agentConnectionTimeout;
  check(
    timeout === undefined || (Number.isInteger(timeout) && timeout >= 0),
    scope,
    'agentConnectionTimeout',
    `${timeout} must be a whole number of seconds, 0 or more`,
  );
  const url = props.troubleshootingUrl;
  check(url === undefined || /^https?:\/\/\S+$/.test(url), scope, 'troubleshootingUrl', `"${url}" must be an http(s) URL`);
  const agent = new CoderAgent(scope, 'Agent', {
    dir: defaults.home,
    connectionTimeout: props.agentConnectionTimeout ?? defaults.connectionTimeout,
    troubleshootingUrl: props.troubleshootingUrl ?? CODER_TROUBLESHOOTING_URL,
    os: defaults.os,
    ...(defaults.disk !== undefined ? { diskMetadata: defaults.disk } : { resourceMetadata: false }),
    gitIdentity: props.gitIdentity ?? true,
  });
  // The module's app has the same slug as the inline one: a template may have only one of them.
  if ((props.codeServer ?? true) && !moduleCodeServer) new CodeServerApp(scope, 'CodeServer', { agent });
  const any = moduleCodeServer || [modules.jetbrains, modules.dotfiles].some((m) => m !== undefined && m !== false) || (modules.gitClone ?? []).length > 0;
  if (any) new WorkspaceModules(scope, 'Modules', { ...modules, agent, home: defaults.home });
  return agent;
}
