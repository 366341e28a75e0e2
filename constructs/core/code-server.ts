// VS Code in the browser, served by code-server inside the workspace and proxied by the agent.
import { App } from '../../.gen/providers/coder/app';
import { Script } from '../../.gen/providers/coder/script';
import { CoderAgent } from './agent';
import { Construct } from './cdktf';
import { check } from './errors';

/** Props of {@link CodeServerApp}. */
export interface CodeServerAppProps {
  /** The agent that runs code-server. */
  readonly agent: CoderAgent;
  /**
   * Folder opened in the editor.
   * @default the user's home directory
   */
  readonly folder?: string;
  /**
   * Local port code-server listens on (127.0.0.1 only).
   * @default 13337
   */
  readonly port?: number;
  /**
   * code-server release installed when the workspace does not have code-server yet.
   * @default "4.106.3"
   */
  readonly version?: string;
  /**
   * Position among the workspace's apps.
   * @default 1
   */
  readonly order?: number;
}

/**
 * A `coder_app` for code-server plus a `coder_script` that starts it on every start. The script
 * installs code-server into `~/.local` only when it is missing, so an image or a persistent disk
 * that has it never downloads it again.
 */
export class CodeServerApp extends Construct {
  /** The L1 app (escape hatch). */
  public readonly app: App;
  /** The L1 start script (escape hatch). */
  public readonly script: Script;

  constructor(scope: Construct, id: string, props: CodeServerAppProps) {
    super(scope, id);
    const port = props.port ?? 13337;
    const version = props.version ?? '4.106.3';
    check(Number.isInteger(port) && port >= 1024 && port <= 65535, this, 'port', `${port} must be an unprivileged port (1024-65535)`);
    check(/^\d+\.\d+\.\d+$/.test(version), this, 'version', `"${version}" must look like 4.106.3`);

    this.script = new Script(this, 'Start', {
      agentId: props.agent.id,
      displayName: 'code-server',
      icon: '/icon/code.svg',
      runOnStart: true,
      script: [
        '#!/bin/sh',
        'set -eu',
        'CODE_SERVER="$(command -v code-server || echo "$HOME/.local/bin/code-server")"',
        'if [ ! -x "$CODE_SERVER" ]; then',
        `  curl -fsSL https://code-server.dev/install.sh | sh -s -- --method=standalone --prefix="$HOME/.local" --version=${version}`,
        'fi',
        `"$CODE_SERVER" --auth none --bind-addr 127.0.0.1:${port} --disable-telemetry >/tmp/code-server.log 2>&1 &`,
        '',
      ].join('\n'),
    });
    this.script.overrideLogicalId('code_server');

    this.app = new App(this, 'Resource', {
      agentId: props.agent.id,
      slug: 'code-server',
      displayName: 'code-server',
      icon: '/icon/code.svg',
      url: props.folder === undefined ? `http://localhost:${port}/` : `http://localhost:${port}/?folder=${encodeURIComponent(props.folder)}`,
      subdomain: false,
      share: 'owner',
      order: props.order ?? 1,
      healthcheck: { url: `http://localhost:${port}/healthz`, interval: 5, threshold: 6 },
    });
    this.app.overrideLogicalId('code_server');
  }
}
