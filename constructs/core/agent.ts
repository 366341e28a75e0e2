// The Coder agent of a workspace: what Coder connects to for terminals, apps, SSH and metadata.
import { Agent, AgentMetadata } from '../../.gen/providers/coder/agent';
import { Construct, Fn, Token } from './cdktf';
import { CoderTemplate } from './coder-template';
import { check } from './errors';
import { checkLiterals, literalText } from './literals';

/** A live value shown on the workspace page, produced by a script the agent runs. */
export interface AgentMetadataItem {
  /** Unique key, e.g. `cpu`. */
  readonly key: string;
  /** Label shown to the user. */
  readonly displayName: string;
  /** Shell command whose output is the value. */
  readonly script: string;
  /**
   * Seconds between runs.
   * @default 10
   */
  readonly interval?: number;
  /**
   * Seconds before a run is abandoned.
   * @default 1
   */
  readonly timeout?: number;
}

/** Built-in apps Coder shows for the agent. */
export interface DisplayApps {
  /** @default true */
  readonly vscode?: boolean;
  /** @default false */
  readonly vscodeInsiders?: boolean;
  /** @default true */
  readonly webTerminal?: boolean;
  /** @default true */
  readonly sshHelper?: boolean;
  /** @default true */
  readonly portForwardingHelper?: boolean;
}

/** Props of {@link CoderAgent}. */
export interface CoderAgentProps {
  /**
   * Operating system of the workspace.
   * @default "linux"
   */
  readonly os?: 'linux' | 'windows' | 'darwin';
  /**
   * CPU architecture of the workspace.
   * @default "amd64"
   */
  readonly arch?: 'amd64' | 'arm64';
  /**
   * Directory terminals and apps open in.
   * @default the user's home directory
   */
  readonly dir?: string;
  /**
   * Script run by the agent on every start, as the workspace user.
   * @default no startup script
   */
  readonly startupScript?: string;
  /**
   * Whether logins wait for the startup script (`blocking`) or not.
   * @default "non-blocking"
   */
  readonly startupScriptBehavior?: 'blocking' | 'non-blocking';
  /**
   * Built-in apps to show.
   * @default VS Code Desktop, web terminal, SSH and port forwarding helpers; no VS Code Insiders
   */
  readonly displayApps?: DisplayApps;
  /**
   * Whether to show CPU, memory and disk usage on the workspace page.
   * @default true
   */
  readonly resourceMetadata?: boolean;
  /**
   * The file system whose usage the disk metadata shows: the user's persistent disk.
   * @default { path: "/", displayName: "Root disk usage" }
   */
  readonly diskMetadata?: DiskMetadata;
  /**
   * Seconds Coder waits, after a build, for the agent to connect before it marks the agent timed
   * out and shows `troubleshootingUrl` (0: never). Only a warning: a late agent still connects.
   * @default 120 (Coder's own default; the workspace constructs set one per backend)
   */
  readonly connectionTimeout?: number;
  /**
   * Page Coder links when the agent does not connect in time, e.g. the platform team's runbook.
   * @default Coder's default: no link
   */
  readonly troubleshootingUrl?: string;
  /**
   * Whether Git commits made in the workspace carry the owner's name and e-mail:
   * `GIT_AUTHOR_NAME`/`GIT_COMMITTER_NAME` (the full name, or the username when it is empty) and
   * `GIT_AUTHOR_EMAIL`/`GIT_COMMITTER_EMAIL` from `data.coder_workspace_owner.me`.
   * @default true
   */
  readonly gitIdentity?: boolean;
}

/** Which file system the disk-usage metadata measures. */
export interface DiskMetadata {
  /** An absolute path on that file system, passed to `coder stat disk --path`. */
  readonly path: string;
  /** Label shown on the workspace page, e.g. "Home disk usage". */
  readonly displayName: string;
}

/** Coder's page on agents that do not connect; the default link of the workspace constructs. */
export const CODER_TROUBLESHOOTING_URL = 'https://coder.com/docs/admin/templates/troubleshooting';

/** Metadata every workspace shows: what the guest itself sees (`coder stat`). */
function resourceMetadata(disk: DiskMetadata): AgentMetadataItem[] {
  return [
    { key: 'cpu', displayName: 'CPU usage', script: 'coder stat cpu', interval: 10, timeout: 1 },
    { key: 'memory', displayName: 'Memory usage', script: 'coder stat mem', interval: 10, timeout: 1 },
    { key: 'disk', displayName: disk.displayName, script: `coder stat disk --path ${disk.path}`, interval: 600, timeout: 30 },
  ];
}

/**
 * A `coder_agent`. Its `token` and `initScript` go to exactly one compute resource (a pod or a
 * VM), which is how Coder ties the agent to that resource.
 */
export class CoderAgent extends Construct {
  /** The L1 resource (escape hatch). */
  public readonly resource: Agent;
  private readonly metadata: AgentMetadataItem[] = [];
  private readonly env: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: CoderAgentProps = {}) {
    super(scope, id);
    // The startup script is shell for the workspace: escaped, so `${HOME}` reaches the shell.
    checkLiterals(this, props, ['startupScript']);
    const disk = props.diskMetadata ?? { path: '/', displayName: 'Root disk usage' };
    // The path reaches the shell unquoted: one word, nothing the shell would expand.
    check(
      /^\/[A-Za-z0-9._\/-]*$/.test(disk.path),
      this,
      'diskMetadata.path',
      `"${disk.path}" must be an absolute path of letters, digits, ".", "_", "-" and "/"`,
    );
    const timeout = props.connectionTimeout;
    check(
      timeout === undefined || (Number.isInteger(timeout) && timeout >= 0),
      this,
      'connectionTimeout',
      `${timeout} must be a whole number of seconds, 0 or more`,
    );
    const url = props.troubleshootingUrl;
    check(url === undefined || /^https?:\/\/\S+$/.test(url), this, 'troubleshootingUrl', `"${url}" must be an http(s) URL`);
    const apps = props.displayApps ?? {};
    this.resource = new Agent(this, 'Resource', {
      os: props.os ?? 'linux',
      arch: props.arch ?? 'amd64',
      dir: props.dir,
      startupScript: literalText(props.startupScript),
      startupScriptBehavior: props.startupScriptBehavior ?? 'non-blocking',
      connectionTimeout: timeout,
      troubleshootingUrl: url,
      displayApps: {
        vscode: apps.vscode ?? true,
        vscodeInsiders: apps.vscodeInsiders ?? false,
        webTerminal: apps.webTerminal ?? true,
        sshHelper: apps.sshHelper ?? true,
        portForwardingHelper: apps.portForwardingHelper ?? true,
      },
    });
    this.resource.overrideLogicalId('main');
    if (props.resourceMetadata ?? true) resourceMetadata(disk).forEach((m) => this.addMetadata(m));
    if (props.gitIdentity ?? true) this.setGitIdentity();
  }

  // References, not text: these values stay Terraform expressions (never escaped by addEnv).
  private setGitIdentity(): void {
    const owner = CoderTemplate.of(this).owner;
    const name = Token.asString(Fn.coalesce([owner.fullName, owner.name]));
    for (const role of ['AUTHOR', 'COMMITTER']) {
      this.env[`GIT_${role}_NAME`] = name;
      this.env[`GIT_${role}_EMAIL`] = owner.email;
    }
    this.resource.env = { ...this.env };
  }

  /** Adds a metadata item; keys must be unique. */
  public addMetadata(item: AgentMetadataItem): void {
    check(/^[a-z0-9_]+$/.test(item.key), this, 'metadata key', `"${item.key}" must match ^[a-z0-9_]+$`);
    check(!this.metadata.some((m) => m.key === item.key), this, 'metadata key', `"${item.key}" is already used`);
    checkLiterals(this, item, ['displayName', 'script'], ['metadata']);
    this.metadata.push(item);
    // The binding maps its own block values to snake_case; a Lazy would bypass that mapping.
    this.resource.putMetadata(
      this.metadata.map((m): AgentMetadata => ({
        key: m.key,
        displayName: literalText(m.displayName),
        script: literalText(m.script),
        interval: m.interval ?? 10,
        timeout: m.timeout ?? 1,
      })),
    );
  }

  /** Sets an environment variable for everything the agent starts. */
  public addEnv(name: string, value: string): void {
    check(/^[A-Za-z_][A-Za-z0-9_]*$/.test(name), this, 'env name', `"${name}" is not a valid variable name`);
    this.env[name] = literalText(value);
    this.resource.env = { ...this.env };
  }

  /** `coder_agent.main.id`. */
  public get id(): string {
    return this.resource.id;
  }
  /** The agent's token (sensitive): the compute resource passes it to the agent process. */
  public get token(): string {
    return this.resource.token;
  }
  /** The script that downloads and starts the agent. */
  public get initScript(): string {
    return this.resource.initScript;
  }
}
