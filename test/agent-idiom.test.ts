// The agent as Coder users expect it: Git identity from the owner, a first-start timeout per backend, disk usage of the user's disk.
import { CoderAgent } from '../constructs/core/agent';
import { KataWorkspace } from '../constructs/kata';
import { KubevirtWorkspace } from '../constructs/kubevirt';
import { CATALOG } from '../src/catalog';
import { prepareRun, removeRuns, terraform } from '../src/simulator/harness';
import { renderTemplate } from '../src/synth';
import { synthTemplate } from './support/synth';

jest.setTimeout(120_000);
afterAll(removeRuns);

const agentOf = (json: Record<string, any>) => json.resource.coder_agent.main;
const OWNER_NAME = '${coalesce(data.coder_workspace_owner.me.full_name, data.coder_workspace_owner.me.name)}';
const OWNER_EMAIL = '${data.coder_workspace_owner.me.email}';

// Why each number: see WorkspaceAgentProps.agentConnectionTimeout and the README.
// Windows has no `coder stat` metadata: Coder's bootstrap runs the agent as sshd.exe, so `coder` is not on PATH.
const BACKENDS: Record<string, { timeout: number; disk?: string; label?: string }> = {
  'kubevirt-vm': { timeout: 1200, disk: 'coder stat disk --path /', label: 'Root disk usage' },
  'kubevirt-windows': { timeout: 1800 },
  'envbox-cvm': { timeout: 600, disk: 'coder stat disk --path /home/coder', label: 'Home disk usage' },
  'sysbox-cvm': { timeout: 300, disk: 'coder stat disk --path /home/coder', label: 'Home disk usage' },
  'gvisor-sandbox': { timeout: 300, disk: 'coder stat disk --path /home/coder', label: 'Home disk usage' },
  'kata-microvm': { timeout: 300, disk: 'coder stat disk --path /home/coder', label: 'Home disk usage' },
};

test.each(CATALOG.map((d) => d.name))(
  "%s: Git identity from the owner, its first-start timeout, Coder's troubleshooting page, the user's disk",
  async (name) => {
    const agent = agentOf((await renderTemplate(CATALOG.find((d) => d.name === name)!)).json);
    expect(agent.env).toMatchObject({
      GIT_AUTHOR_NAME: OWNER_NAME,
      GIT_COMMITTER_NAME: OWNER_NAME,
      GIT_AUTHOR_EMAIL: OWNER_EMAIL,
      GIT_COMMITTER_EMAIL: OWNER_EMAIL,
    });
    expect(agent.connection_timeout).toBe(BACKENDS[name].timeout);
    expect(agent.troubleshooting_url).toBe('https://coder.com/docs/admin/templates/troubleshooting');
    if (BACKENDS[name].disk === undefined) expect(agent.metadata).toBeUndefined();
    else
      expect(agent.metadata.find((m: { key: string }) => m.key === 'disk')).toMatchObject({ display_name: BACKENDS[name].label, script: BACKENDS[name].disk });
  },
);

test('props and settings override the timeout and the link; gitIdentity: false leaves the environment alone', async () => {
  const { json } = synthTemplate(
    (t) => new KataWorkspace(t, 'Workspace', { agentConnectionTimeout: 0, troubleshootingUrl: 'https://wiki.example.com/coder', gitIdentity: false }),
  );
  expect(agentOf(json)).toMatchObject({ connection_timeout: 0, troubleshooting_url: 'https://wiki.example.com/coder' });
  expect(agentOf(json).env).toBeUndefined();
  const fromSettings = await renderTemplate(
    CATALOG.find((d) => d.name === 'sysbox-cvm')!,
    'hcl',
    { troubleshootingUrl: 'https://runbooks.example.com/workspaces' },
  );
  expect(agentOf(fromSettings.json).troubleshooting_url).toBe('https://runbooks.example.com/workspaces');
});

describe('fails when', () => {
  test('the connection timeout is negative or fractional', () => {
    expect(() => synthTemplate((t) => new KubevirtWorkspace(t, 'Workspace', { agentConnectionTimeout: -1 }))).toThrow(
      'test/Workspace: invalid agentConnectionTimeout: -1 must be a whole number of seconds, 0 or more',
    );
    expect(() => synthTemplate((t) => new KataWorkspace(t, 'Workspace', { agentConnectionTimeout: 1.5 }))).toThrow(
      'test/Workspace/Pod: invalid agentConnectionTimeout: 1.5 must be a whole number of seconds, 0 or more',
    );
  });
  test('the disk-usage path is not an absolute path of plain characters (it reaches the shell unquoted)', () => {
    expect(() => synthTemplate((t) => new CoderAgent(t, 'Agent', { diskMetadata: { path: '/home/$(id)', displayName: 'Disk' } }))).toThrow(
      'test/Agent: invalid diskMetadata.path: "/home/$(id)" must be an absolute path of letters, digits, ".", "_", "-" and "/"',
    );
  });
  test('the troubleshooting link is not an http(s) URL', () => {
    expect(() => synthTemplate((t) => new KataWorkspace(t, 'Workspace', { troubleshootingUrl: 'wiki/coder' }))).toThrow(
      'test/Workspace/Pod: invalid troubleshootingUrl: "wiki/coder" must be an http(s) URL',
    );
  });
});

test("in terraform, the Git name is the owner's full name, or the username when the full name is empty", async () => {
  const run = await prepareRun((await renderTemplate(CATALOG.find((d) => d.name === 'kata-microvm')!)).files);
  const envOf = async (ownerFullName: string) => {
    const plan = await terraform(run, ['plan', '-input=false', '-lock=false', '-no-color', '-out=tf.plan'], { transition: 'start', ownerFullName });
    expect(plan.status).toBe(0);
    const show = await terraform(run, ['show', '-json', 'tf.plan'], { transition: 'start', ownerFullName });
    const change = JSON.parse(show.stdout).resource_changes.find((c: { address: string }) => c.address === 'coder_agent.main');
    return change.change.after.env;
  };
  expect(await envOf('Alice Example')).toEqual({
    GIT_AUTHOR_NAME: 'Alice Example',
    GIT_AUTHOR_EMAIL: 'alice@example.com',
    GIT_COMMITTER_NAME: 'Alice Example',
    GIT_COMMITTER_EMAIL: 'alice@example.com',
  });
  expect(await envOf('')).toMatchObject({ GIT_AUTHOR_NAME: 'alice', GIT_COMMITTER_NAME: 'alice' });
});
