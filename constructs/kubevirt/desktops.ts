// What the graphical console installs per distribution: data, not code.
import { DistroKey } from './distros';

/** The packages of a light desktop (Xfce), a VNC server (TigerVNC's Xvnc) and noVNC, and where noVNC's web files land. */
export interface DesktopPackages {
  /** Installed by the Provisioning script with the distribution's package manager. */
  readonly packages: readonly string[];
  /** noVNC's web root (`vnc.html`), which websockify serves. */
  readonly novncDir: string;
}

const XFCE = ['xfce4-session', 'xfwm4', 'xfce4-panel', 'xfce4-settings', 'xfce4-terminal'];

const APT: DesktopPackages = {
  packages: [...XFCE, 'xfdesktop4', 'thunar', 'dbus-x11', 'tigervnc-standalone-server', 'novnc', 'websockify'],
  novncDir: '/usr/share/novnc',
};
const FEDORA: DesktopPackages = {
  packages: [...XFCE, 'xfdesktop', 'Thunar', 'dbus-x11', 'dejavu-sans-fonts', 'tigervnc-server-minimal', 'novnc', 'python3-websockify'],
  novncDir: '/usr/share/novnc',
};
const ARCH: DesktopPackages = {
  packages: [...XFCE, 'xfdesktop', 'thunar', 'ttf-dejavu', 'tigervnc', 'novnc', 'python-websockify'],
  novncDir: '/usr/share/webapps/novnc',
};

/**
 * The desktop of each distribution that has one. The EL rebuilds (AlmaLinux, CentOS Stream, Rocky)
 * have neither Xfce nor noVNC in their own repositories (they are in EPEL, which cvmkit does not
 * enable), so a graphical console is refused there rather than left broken.
 */
export const DESKTOPS: Readonly<Partial<Record<DistroKey, DesktopPackages>>> = {
  'ubuntu-24.04': APT,
  'ubuntu-26.04': APT,
  'ubuntu-22.04': APT,
  'debian-12': APT,
  'debian-13': APT,
  'fedora-44': FEDORA,
  arch: ARCH,
};
