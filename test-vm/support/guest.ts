// What the VM test asks the guest (through the stand-in agent, as the workspace user) and how it reads the answers.
import * as fs from 'fs';

/** `key=value` lines of a command's output, as an object (later keys win). */
export function keyValues(output: string): Record<string, string> {
  return Object.fromEntries(
    output
      .split('\n')
      .filter((l) => /^[a-z_0-9]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

/** Where the token lives in the guest and who may read it. */
export const TOKEN_FILE = `
test -r /run/coder-agent/agent.env && echo user_can_read=yes || echo user_can_read=no
sudo stat -c 'file=%a %U:%G' /run/coder-agent/agent.env
sudo stat -c 'dir=%a %U:%G' /run/coder-agent
echo "fs=$(findmnt -no FSTYPE -T /run/coder-agent)"
echo "secret_disk_mounted=$(grep -c ' /run/coder-agent/' /proc/mounts)"
echo "token_sha256=$(sudo sed -n 's/^CODER_AGENT_TOKEN=//p' /run/coder-agent/agent.env | tr -d '\\n' | sha256sum | cut -d' ' -f1)"
echo "in_var_lib_cloud=$(sudo grep -rl CODER_AGENT_TOKEN /var/lib/cloud | wc -l)"
`;

/** cloud-init's verdict once it has finished (the agent comes up earlier), failed units, the instance-id. */
export const CLOUD_INIT = `
sudo cloud-init status --wait --long > /dev/shm/ci-status 2>&1; echo "exit=$?"
echo "status=$(sed -n 's/^status: //p' /dev/shm/ci-status)"
echo "errors=$(sed -n '/^errors:/,$p' /dev/shm/ci-status | tr '\\n' ' ')"
echo "failed_units=$(systemctl --failed --plain --no-legend | awk '{print $1}' | tr '\\n' ' ')"
echo "instance_id=$(cat /var/lib/cloud/data/instance-id)"
echo "agent_unit=$(systemctl is-active coder-agent.service)"
echo "agent_started_uptime=$(systemctl show -p ExecMainStartTimestampMonotonic --value coder-agent.service)"
`;

/** Modification times of cloud-init's once-per-instance semaphores: unchanged means not run again. */
export const SEMAPHORES = `sudo sh -c 'cd /var/lib/cloud/instance/sem && for f in *; do echo "$f $(stat -c %Y "$f")"; done'`;

/**
 * Docker as the user, in the agent's own session (no new login): no registry is reachable, so the
 * image is imported from the guest's own dash and libc, then run.
 */
export const DOCKER = `
set -e
echo "groups=$(id -Gn)"
docker info --format 'server=docker {{.ServerVersion}} {{.Driver}}'
tar -C / -ch bin/dash lib/x86_64-linux-gnu/libc.so.6 lib64/ld-linux-x86-64.so.2 | docker import - cvmkit-probe:latest >/dev/null
echo "run=$(docker run --rm cvmkit-probe:latest /bin/dash -c 'echo container-ok')"
`;

/** cloud-init's stage starts and its final "finished" line, in guest uptime seconds, from the serial console. */
export function cloudInitStages(serialLog: string): Record<string, number> {
  const text = fs.existsSync(serialLog) ? fs.readFileSync(serialLog, 'utf8') : '';
  const stages: Record<string, number> = {};
  for (const m of text.matchAll(/running '([a-z:-]+)' at .*?Up ([\d.]+) seconds/g)) stages[m[1]] ??= Number(m[2]);
  const finished = /Cloud-init v\. \S+ finished at .*?Up ([\d.]+) seconds/.exec(text);
  if (finished) stages.finished = Number(finished[1]);
  return stages;
}
