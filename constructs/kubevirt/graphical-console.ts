// The graphical console of a KubeVirt workspace: a desktop on a VNC display inside the guest, shown in the browser by noVNC through Coder.
import { App } from '../../.gen/providers/coder/app';
import { CoderAgent } from '../core/agent';
import { Construct } from '../core/cdktf';
import { CoderTemplate } from '../core/coder-template';
import { check } from '../core/errors';
import { DESKTOPS } from './desktops';
import { DistroKey } from './distros';
import { ProvisioningScript } from './provisioning';

/** The systemd units the guest runs for the console, in the order they start. */
export const CONSOLE_UNITS = ['cvmkit-vnc.service', 'cvmkit-desktop.service', 'cvmkit-novnc.service'] as const;

/** Props of {@link GraphicalConsole}. */
export interface GraphicalConsoleProps {
  /** The workspace's agent, which proxies the app. */
  readonly agent: CoderAgent;
  /** The workspace's Provisioning script: it installs the desktop and starts the units. */
  readonly provisioning: ProvisioningScript;
  /** Distributions offered: each must have a desktop in `DESKTOPS`. */
  readonly distros: readonly DistroKey[];
  /**
   * Port noVNC (websockify) serves on, 127.0.0.1 only.
   * @default 6080
   */
  readonly port?: number;
  /**
   * VNC display number of the desktop; its VNC port is 5900 + display, 127.0.0.1 only.
   * @default 1
   */
  readonly display?: number;
  /**
   * Size of the virtual screen (noVNC asks Xvnc to follow the browser window when it can).
   * @default "1600x900"
   */
  readonly geometry?: string;
}

/** What the cloud-init templates need to write the console's units. */
export interface ConsoleUnitsContext {
  readonly display: number;
  readonly vncPort: number;
  readonly port: number;
  readonly geometry: string;
  /** noVNC's web root on this distribution. */
  readonly novncDir: string;
  readonly units: readonly string[];
}

/**
 * A desktop (Xfce) on a virtual X display of TigerVNC's Xvnc, both run as the workspace user by
 * systemd units, and noVNC (websockify) serving it on a local port; a `coder_app` (subdomain,
 * owner only) opens it in the browser. Xvnc and websockify listen on 127.0.0.1 only and Xvnc asks
 * for no password: the agent's proxy, which only the owner may use, is the way in. The Provisioning
 * script installs the packages and starts the units; cloud-init writes the units at every boot.
 */
export class GraphicalConsole extends Construct {
  /** The L1 `coder_app` (escape hatch). */
  public readonly app: App;
  /** Port of noVNC in the guest. */
  public readonly port: number;
  private readonly display: number;
  private readonly geometry: string;

  constructor(scope: Construct, id: string, props: GraphicalConsoleProps) {
    super(scope, id);
    this.port = props.port ?? 6080;
    this.display = props.display ?? 1;
    this.geometry = props.geometry ?? '1600x900';
    check(Number.isInteger(this.port) && this.port >= 1024 && this.port <= 65535, this, 'port', `${this.port} must be an unprivileged port (1024-65535)`);
    check(Number.isInteger(this.display) && this.display >= 1 && this.display <= 99, this, 'display', `${this.display} must be a display number from 1 to 99`);
    check(this.port !== 5900 + this.display, this, 'port', `${this.port} is the VNC port of display ${this.display}`);
    check(/^[1-9][0-9]{2,3}x[1-9][0-9]{2,3}$/.test(this.geometry), this, 'geometry', `"${this.geometry}" must be WIDTHxHEIGHT in pixels, e.g. "1600x900"`);
    const without = props.distros.filter((d) => DESKTOPS[d] === undefined);
    check(
      without.length === 0,
      this,
      'distros',
      `a graphical console has no desktop packages on ${without.join(', ')} (Xfce and noVNC are not in their own repositories); offer other distributions or leave the console off`,
    );
    for (const d of props.distros) props.provisioning.addDistroPackages(d, ...DESKTOPS[d]!.packages);
    props.provisioning.addCommandAfterInstall('systemctl daemon-reload');
    props.provisioning.addCommandAfterInstall(`systemctl enable --now ${CONSOLE_UNITS.join(' ')}`);

    this.app = new App(this, 'Resource', {
      count: CoderTemplate.of(this).startCount,
      agentId: props.agent.id,
      slug: 'desktop',
      displayName: 'Desktop (VNC)',
      icon: '/icon/desktop.svg',
      // noVNC asks for its websocket at /websockify from the page's root: it needs a host of its own.
      url: `http://localhost:${this.port}/vnc.html?autoconnect=true&resize=remote&reconnect=true`,
      subdomain: true,
      share: 'owner',
      order: 3,
      healthcheck: { url: `http://localhost:${this.port}/vnc.html`, interval: 10, threshold: 30 },
    });
    this.app.overrideLogicalId('desktop');
  }

  /** The cloud-init context of the console on `distro`. */
  public unitsFor(distro: DistroKey): ConsoleUnitsContext {
    return {
      display: this.display,
      vncPort: 5900 + this.display,
      port: this.port,
      geometry: this.geometry,
      novncDir: DESKTOPS[distro]!.novncDir,
      units: CONSOLE_UNITS,
    };
  }
}
