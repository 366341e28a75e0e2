// The Coder agent of a workspace: what Coder connects to for terminals, apps, SSH and metadata.
import { Agent, AgentMetadata } from '../../.gen/providers/coder/agent';
import { Construct } from './cdktf';
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
   * Whether to show CPU, memory and root-disk usage on the workspace page.
   * @default true
   */
  readonly resourceMetadata?: boolean;
}

/** Metadata every workspace shows: what the guest itself sees (`coder stat`). */
const RESOURCE_METADATA: readonly AgentMetadataItem[] = [
  { key: 'cpu', displayName: 'CPU usage', script: 'coder stat cpu', interval: 10, timeout: 1 },
  { key: 'memory', displayName: 'Memory usage', script: 'coder stat mem', interval: 10, timeout: 1 },
  { key: 'disk', displayName: 'Root disk usage', script: 'coder stat disk --path /', interval: 600, timeout: 30 },
];

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
    const apps = props.displayApps ?? {};
    this.resource = new Agent(this, 'Resource', {
      os: props.os ?? 'linux',
      arch: props.arch ?? 'amd64',
      dir: props.dir,
      startupScript: literalText(props.startupScript),
      startupScriptBehavior: props.startupScriptBehavior ?? 'non-blocking',
      displayApps: {
        vscode: apps.vscode ?? true,
        vscodeInsiders: apps.vscodeInsiders ?? false,
        webTerminal: apps.webTerminal ?? true,
        sshHelper: apps.sshHelper ?? true,
        portForwardingHelper: apps.portForwardingHelper ?? true,
      },
    });
    this.resource.overrideLogicalId('main');
    if (props.resourceMetadata ?? true) RESOURCE_METADATA.forEach((m) => this.addMetadata(m));
  }

  /** Adds a metadata item; keys must be unique. */
  public addMetadata(item: AgentMetadataItem): void {
    check(/^[a-z0-9_]+$/.test(item.key), this, 'metadata key', `"${item.key}" must match ^[a-z0-9_]+$`);
    check(!this.metadata.some((m) => m.key === item.key), this, 'metadata key', `"${item.key}" is already used`);
    checkLiterals(this, item, ['displayName', 'script'], ['metadata']);
    this.metadata.push(item);
    // The binding maps its own block values to snake_case; a Lazy would bypass that mapping.
    this.resource.putMetadata(
      this.metadata.map((m): AgentMetadata => ({ key: m.key, displayName: literalText(m.displayName), script: literalText(m.script), interval: m.interval ?? 10, timeout: m.timeout ?? 1 })),
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
