// The entry command of a Sysbox container-VM: systemd as PID 1 with the agent as a unit, or the agent directly.

/** What the entry script needs to know. */
export interface BootScriptOptions {
  /** The Linux user the agent runs as. */
  readonly username: string;
  /**
   * The user's home, where the persistent home volume is mounted.
   * @default `/home/<username>`
   */
  readonly home?: string;
  /** Whether to boot systemd when the image has `/sbin/init`. */
  readonly systemd: boolean;
  /** Whether to start dockerd when there is no systemd to start it. */
  readonly docker: boolean;
}

/**
 * A POSIX shell script run as root in the container. With systemd, it writes the agent's token
 * to a root-owned environment file readable only by the user, installs `coder-agent.service`,
 * and hands PID 1 to `/sbin/init` (which then starts Docker and the agent). Without systemd (or
 * when the image lacks `/sbin/init`), it starts dockerd in the background and runs the agent as
 * the user. The token never appears on a command line. The script uses no `${` or `%{`, so
 * Terraform passes it through unchanged.
 */
export function bootScript(o: BootScriptOptions): string {
  const user = o.username;
  const home = o.home ?? `/home/${user}`;
  const lines = ['set -eu'];
  // A new volume's root belongs to root (ext4 on block storage): make the home the user's. Only the
  // top folder, only when it is not already: nothing is rewritten recursively on each start. A new
  // home gets the image's skeleton (shell profile), copied as the user.
  lines.push(
    `if [ -d "${home}" ] && [ "$(stat -c %u "${home}")" != "$(id -u ${user})" ]; then chown ${user}: "${home}"; fi`,
    `if [ -d /etc/skel ] && [ ! -e "${home}/.profile" ] && [ ! -e "${home}/.bashrc" ]; then runuser -u ${user} -- cp -R /etc/skel/. "${home}/" || true; fi`,
    'umask 077',
    'mkdir -p /etc/coder',
    'chmod 0755 /etc/coder',
  );
  lines.push(
    `printf 'CODER_AGENT_TOKEN=%s\\n' "$CODER_AGENT_TOKEN" > /etc/coder/agent.env`,
    `printf '%s\\n' "$CODER_INIT_SCRIPT" > /etc/coder/agent-init.sh`,
    `chown ${user} /etc/coder/agent.env /etc/coder/agent-init.sh`,
  );
  if (o.systemd) {
    lines.push(
      'if [ -x /sbin/init ]; then',
      '  umask 022',
      `  cat > /etc/systemd/system/coder-agent.service <<'UNIT'`,
      '[Unit]',
      'Description=Coder agent',
      'After=network-online.target docker.service',
      'Wants=network-online.target',
      '[Service]',
      `User=${user}`,
      'EnvironmentFile=/etc/coder/agent.env',
      'ExecStart=/bin/sh /etc/coder/agent-init.sh',
      'Restart=always',
      'RestartSec=5',
      '[Install]',
      'WantedBy=multi-user.target',
      'UNIT',
      '  mkdir -p /etc/systemd/system/multi-user.target.wants',
      '  ln -sf ../coder-agent.service /etc/systemd/system/multi-user.target.wants/coder-agent.service',
      '  unset CODER_AGENT_TOKEN CODER_INIT_SCRIPT',
      '  exec /sbin/init',
      'fi',
    );
  }
  if (o.docker) lines.push('if command -v dockerd >/dev/null 2>&1; then dockerd >/var/log/dockerd.log 2>&1 & fi');
  lines.push(`exec runuser -u ${user} -- sh -c 'unset CODER_INIT_SCRIPT; . /etc/coder/agent.env; export CODER_AGENT_TOKEN; exec sh /etc/coder/agent-init.sh'`);
  return `${lines.join('\n')}\n`;
}

/**
 * What the container runs before it is stopped. systemd as PID 1 ignores SIGTERM (it re-executes
 * itself on it); its documented shutdown signal is SIGRTMIN+3 (37 on Linux), which starts an
 * orderly halt, so a stop takes seconds instead of the whole grace period and a SIGKILL. Without
 * systemd, PID 1 is the agent's shell, which the same signal ends.
 */
export const SYSTEMD_STOP_COMMAND: readonly string[] = ['/bin/sh', '-c', 'kill -37 1'];
