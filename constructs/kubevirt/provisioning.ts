// The "Provisioning" coder_script of a KubeVirt workspace: package installs after the agent is up.
import { Script } from '../../.gen/providers/coder/script';
import { CoderAgent } from '../core/agent';
import { Construct, Fn, ref, Token } from '../core/cdktf';
import { CoderTemplate } from '../core/coder-template';
import { check } from '../core/errors';
import { Distro, DISTROS, DistroKey, PackageFamily } from './distros';

/** What a package name may look like on every family (no shell metacharacters). */
export const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9.+_-]*$/;

/** Where the script records what it installed, on the persistent root disk. */
export const PROVISIONED_MARKER = '/var/lib/cvmkit/provisioned';

/** Props of {@link ProvisioningScript}. */
export interface ProvisioningScriptProps {
  /** The agent that runs the script (as the workspace user, who has password-less sudo). */
  readonly agent: CoderAgent;
  /** Distributions offered: one script each, written to `provisioning/<distro>.sh`. */
  readonly distros: readonly DistroKey[];
  /** The distribution the workspace runs, usually the `distro` parameter's value (a Terraform reference). */
  readonly distro: string;
  /**
   * Packages installed on every distribution.
   * @default no packages besides Docker's
   */
  readonly packages?: readonly string[];
  /**
   * Whether Docker Engine (each distribution's `dockerPackages`) is installed and enabled.
   * @default true
   */
  readonly docker?: boolean;
}

// One command list per package family. Arch does not support partial upgrades, so pacman upgrades
// the image while installing; apt waits for a dpkg lock another job may hold at boot, and skips
// dpkg's fsyncs as cloud-init's own package installs do (an interrupted run simply runs again).
const INSTALL: Readonly<Record<PackageFamily, (packages: string) => readonly string[]>> = {
  apt: (p) => [
    'sudo env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 update',
    `sudo env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confold -o Dpkg::Options::=--force-unsafe-io install ${p}`,
  ],
  dnf: (p) => [`sudo dnf -y install ${p}`],
  pacman: (p) => [`sudo pacman -Syu --noconfirm --needed ${p}`],
};

/**
 * The provisioning shell script of one distribution. `after` runs with sudo once the packages are
 * installed (e.g. enabling units of what they installed).
 */
export function provisioningScript(distro: Distro, packages: readonly string[], docker: boolean, after: readonly string[] = []): string {
  const list = [...new Set(packages)].join(' ');
  const lines = [
    '#!/bin/sh',
    `# Provisioning of a ${distro.displayName} workspace, rendered by cvmkit. The Coder agent runs it on`,
    '# every start, once connected, so the workspace is usable while it installs. A marker on the root',
    '# disk makes it install once per disk, and again only when the package list changes.',
    'set -eu',
    `marker=${PROVISIONED_MARKER}`,
    `wanted='${list}'`,
    'if [ "$(cat "$marker" 2>/dev/null || true)" = "$wanted" ]; then',
    '  echo "Provisioned on $(date -r "$marker" "+%F %T %Z"); nothing to do."',
    '  exit 0',
    'fi',
    'if ! sudo -n true 2>/dev/null; then',
    '  echo "Provisioning needs password-less sudo for $(id -un)." >&2',
    '  exit 1',
    'fi',
    '# cloud-init writes the package sources (apt mirrors, yum repositories) in its later stages.',
    'echo "Waiting for cloud-init to finish..."',
    'sudo cloud-init status --wait >/dev/null || echo "cloud-init reported problems (see: cloud-init status --long); going on."',
    `echo "Installing: ${list}"`,
    ...(list === '' ? [] : INSTALL[distro.family](list)),
    ...(docker ? ['sudo systemctl enable --now docker'] : []),
    ...(packages.includes('qemu-guest-agent')
      ? [
          '# KubeVirt gives every VM a guest-agent channel; the unit cannot start without one.',
          'if [ -e /dev/virtio-ports/org.qemu.guest_agent.0 ]; then sudo systemctl start qemu-guest-agent; fi',
        ]
      : []),
    ...after.map((command) => `sudo ${command}`),
    'sudo mkdir -p "$(dirname "$marker")"',
    'printf \'%s\\n\' "$wanted" | sudo tee "$marker" >/dev/null',
    'echo "Provisioning finished."',
    '',
  ];
  return lines.join('\n');
}

/**
 * A `coder_script` (display name "Provisioning", run on every start, not blocking logins) that
 * installs the workspace's packages and Docker with sudo. The agent starts first, so the user
 * sees this script's log in the Coder dashboard instead of waiting for a silent cloud-init. The
 * script of each offered distribution is a file beside `main.tf`, picked with `file()`.
 */
export class ProvisioningScript extends Construct {
  /** The L1 `coder_script` (escape hatch). */
  public readonly script: Script;
  private readonly packages: string[] = [];
  private readonly distroPackages = new Map<DistroKey, string[]>();
  private readonly after: string[] = [];

  constructor(scope: Construct, id: string, props: ProvisioningScriptProps) {
    super(scope, id);
    check(props.distros.length > 0, this, 'distros', 'must name at least one distribution');
    this.addPackages(...(props.packages ?? []));
    const docker = props.docker ?? true;
    const template = CoderTemplate.of(this);
    for (const key of props.distros) {
      const distro = DISTROS[key];
      template.addFile({
        path: `provisioning/${key}.sh`,
        content: () =>
          provisioningScript(distro, [...this.packages, ...(this.distroPackages.get(key) ?? []), ...(docker ? distro.dockerPackages : [])], docker, this.after),
      });
    }
    this.script = new Script(this, 'Resource', {
      agentId: props.agent.id,
      displayName: 'Provisioning',
      icon: '/icon/box-emoji.svg',
      runOnStart: true,
      startBlocksLogin: false,
      script: Token.asString(Fn.file(Fn.format('%s/provisioning/%s.sh', [ref('path.module'), props.distro]))),
    });
    this.script.overrideLogicalId('provisioning');
  }

  /** Adds packages installed by the script on every offered distribution. */
  public addPackages(...names: string[]): void {
    for (const name of names) check(PACKAGE_NAME.test(name), this, 'packages', `"${name}" is not a package name`);
    this.packages.push(...names);
  }

  /** Adds packages installed on one distribution only (names differ between families). */
  public addDistroPackages(distro: DistroKey, ...names: string[]): void {
    for (const name of names) check(PACKAGE_NAME.test(name), this, 'packages', `"${name}" is not a package name`);
    this.distroPackages.set(distro, [...(this.distroPackages.get(distro) ?? []), ...names]);
  }

  /** Adds a command run with sudo after the packages are installed, e.g. `systemctl enable --now x.service`. */
  public addCommandAfterInstall(command: string): void {
    this.after.push(command);
  }
}
