// The simulated coder_agent init script, run for real against a local stand-in of Coder's /bin endpoint.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { agentInitScript, agentScriptTemplate } from '../src/simulator/agent-bootstrap';

// The "agent" the endpoint serves: prints what the bootstrap handed it.
const FAKE_AGENT =
  '#!/bin/sh\necho "args=$*"\necho "auth=$CODER_AGENT_AUTH"\necho "url=$CODER_AGENT_URL"\necho "token=$CODER_AGENT_TOKEN"\necho "dir=$(pwd)"\n';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-bootstrap-'));
const requests: string[] = [];
let failures = 0;
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (failures > 0) {
      failures--;
      res.writeHead(503).end();
    } else res.writeHead(200).end(FAKE_AGENT);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A PATH holding only the tools named (plus a `sleep` that returns at once and logs). */
function toolbox(name: string, tools: Record<string, string>): string {
  const bin = path.join(dir, name);
  fs.mkdirSync(bin, { recursive: true });
  for (const t of ['mktemp', 'chmod', 'cat']) fs.symlinkSync(`/usr/bin/${t}`, path.join(bin, t));
  fs.writeFileSync(path.join(bin, 'sleep'), `#!/bin/sh\necho "slept $1" >&2\n`, { mode: 0o755 });
  for (const [tool, script] of Object.entries(tools)) fs.writeFileSync(path.join(bin, tool), script, { mode: 0o755 });
  return bin;
}

function bootstrap(script: string, pathDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', script], { env: { PATH: pathDir, CODER_AGENT_TOKEN: 'tok-123', TMPDIR: dir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('agentInitScript', () => {
  test('fills the access URL root, os/arch and auth type like the coder provider', () => {
    const s = agentInitScript('https://coder.example.com/some/path?x=1', 'linux', 'arm64');
    expect(s).toContain('AGENT_URL="https://coder.example.com/bin/coder-linux-arm64"');
    expect(s).toContain('export CODER_AGENT_URL="https://coder.example.com/"');
    expect(s).toContain('export CODER_AGENT_AUTH="token"');
    expect(s).toMatch(/exec \.\/coder agent\n$/);
    expect(s).not.toMatch(/\$\{(ACCESS_URL|AUTH_TYPE|ARCH|OS)\}/);
    expect(agentInitScript('https://c.example.com', 'darwin', 'amd64', 'aws-instance-identity')).toContain('CODER_AGENT_AUTH="aws-instance-identity"');
  });

  test('Windows gets a PowerShell bootstrap of the .exe; an os/arch Coder has no script for gets an empty one', () => {
    expect(agentInitScript('https://c.example.com', 'windows', 'amd64')).toContain(
      'Invoke-WebRequest -Uri "https://c.example.com/bin/coder-windows-amd64.exe"',
    );
    expect(agentInitScript('https://c.example.com', 'linux', 'riscv64')).toBe('');
    expect(agentInitScript('https://c.example.com', 'plan9', 'amd64')).toBe('');
    expect(agentScriptTemplate('linux', 'amd64')).toContain('"${ACCESS_URL}bin/coder-linux-amd64"');
  });

  test.each([
    ['curl', { curl: '#!/bin/sh\nexec /usr/bin/curl "$@"\n' }],
    ['wget', { wget: '#!/bin/sh\nexec /usr/bin/wget "$@"\n' }],
    ['busybox wget', { busybox: '#!/bin/sh\n[ "$1" = wget ] || exit 9\nshift\nexec /usr/bin/wget "$@"\n' }],
  ])('downloads the agent with %s, makes it executable and execs it with the token from the environment', async (name, tools) => {
    requests.length = 0;
    const r = await bootstrap(agentInitScript(`${base}/`, 'linux', 'amd64'), toolbox(name.replace(' ', '-'), tools));
    expect(r.code).toBe(0);
    expect(requests).toEqual(['/bin/coder-linux-amd64']);
    expect(r.stdout).toContain('args=agent\nauth=token\n');
    expect(r.stdout).toContain(`url=${base}/\ntoken=tok-123\n`);
    expect(r.stdout).toMatch(new RegExp(`dir=${dir}/coder\\.\\w+`));
  });

  test('retries a failed download every 30 s', async () => {
    requests.length = 0;
    failures = 2;
    const r = await bootstrap(agentInitScript(`${base}/`, 'linux', 'amd64'), toolbox('retry', { curl: '#!/bin/sh\nexec /usr/bin/curl "$@"\n' }));
    expect(r.code).toBe(0);
    expect(requests).toHaveLength(3);
    expect(r.stderr.match(/slept 30/g)).toHaveLength(2);
  });

  test('without any download tool it fails with 127 and keeps the process for inspection', async () => {
    const r = await bootstrap(agentInitScript(`${base}/`, 'linux', 'amd64'), toolbox('none', {}));
    expect(r.code).toBe(127);
    expect(r.stdout).toContain('found neither curl, wget nor busybox');
    expect(r.stderr).toContain('slept 86400');
  });
});
