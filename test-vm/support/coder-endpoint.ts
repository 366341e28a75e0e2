// A stand-in Coder deployment on the host: serves a stand-in agent as /bin/coder-linux-amd64 and records what it reports.
import * as http from 'http';
import { AddressInfo } from 'net';

/** One request of the stand-in agent, stamped on arrival. */
export interface AgentEvent {
  readonly boot: number;
  readonly kind: 'download' | 'hello' | 'provisioned' | 'result' | 'command';
  /** Milliseconds since the epoch, host clock. */
  readonly at: number;
  /** The `Coder-Session-Token` the agent sent (its CODER_AGENT_TOKEN); empty for the download. */
  readonly token: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly body: string;
}

// The stand-in agent: what matters here is what the template gives it (user, groups, token) and
// that it runs the Provisioning script as Coder's agent runs coder_scripts; then, like `coder ssh`,
// it runs whatever the host asks. Nothing it handles (token included) is written to a file: the
// test searches the disk for the token afterwards.
const STAND_IN_AGENT = `#!/bin/sh
# Stand-in Coder agent of the cvmkit VM test.
set -u
[ "\${1:-}" = agent ] || { echo "usage: coder agent" >&2; exit 2; }
base="$CODER_AGENT_URL"
work=$(mktemp -d /dev/shm/agent.XXXXXX)
call() { curl -fsS -m 60 -H "Coder-Session-Token: $CODER_AGENT_TOKEN" "$@"; }
uptime() { cut -d' ' -f1 /proc/uptime; }
hello() {
  echo "user=$(id -un)"; echo "uid=$(id -u)"; echo "groups=$(id -Gn)"; echo "auth=$CODER_AGENT_AUTH"
  echo "url=$CODER_AGENT_URL"; echo "args=$*"; echo "pwd=$(pwd)"; echo "uptime=$(uptime)"
  echo "docker=$(command -v docker || echo absent)"
  echo "token_sha256=$(printf '%s' "$CODER_AGENT_TOKEN" | sha256sum | cut -d' ' -f1)"
}
until hello "$@" | call --data-binary @- "\${base}agent/hello" >/dev/null; do sleep 2; done
(
  code=0
  : > "$work/provisioning.log"
  # Coder streams script logs to the dashboard; so does this, every 10 s.
  ( while sleep 10; do call --data-binary @"$work/provisioning.log" "\${base}agent/provisioning-log" >/dev/null 2>&1; done ) &
  streamer=$!
  call -o "$work/provisioning.sh" "\${base}agent/provisioning.sh" && sh "$work/provisioning.sh" > "$work/provisioning.log" 2>&1 || code=$?
  kill "$streamer"
  until call -H "X-Exit-Code: $code" -H "X-Uptime: $(uptime)" --data-binary @"$work/provisioning.log" "\${base}agent/provisioned" >/dev/null; do sleep 2; done
) &
while :; do
  status=$(call -o "$work/command" -w '%{http_code}' "\${base}agent/command") || { sleep 2; continue; }
  [ "$status" = 200 ] || continue
  id=$(head -n 1 "$work/command")
  tail -n +2 "$work/command" > "$work/command.sh"
  code=0
  sh "$work/command.sh" > "$work/output" 2>&1 || code=$?
  call -H "X-Exit-Code: $code" --data-binary @"$work/output" "\${base}agent/result/$id" >/dev/null || true
done
`;

/** Output of a command run by the stand-in agent. */
export interface CommandResult {
  readonly code: number;
  readonly output: string;
}

/** The stand-in Coder server; `boot` stamps events, `provisioning` is what the agent gets to run. */
export class CoderEndpoint {
  public readonly events: AgentEvent[] = [];
  public boot = 0;
  public provisioning = '#!/bin/sh\necho "no Provisioning script in this template"\n';
  /** The Provisioning log so far, as last streamed by the agent. */
  public provisioningLog = '';
  private readonly server: http.Server;
  private readonly queue: { id: number; script: string }[] = [];
  private readonly pending = new Map<number, (r: CommandResult) => void>();
  private readonly waiters: (() => void)[] = [];
  private nextId = 1;

  private constructor() {
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  /** Listens on 127.0.0.1 (qemu's user network maps 10.0.2.2 to the host's loopback). */
  public static async start(): Promise<CoderEndpoint> {
    const endpoint = new CoderEndpoint();
    await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  public get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The access URL as the guest sees it. */
  public get guestUrl(): string {
    return `http://10.0.2.2:${this.port}/`;
  }

  /** Resolves with the first event of `kind` in the current boot. */
  public async waitFor(kind: AgentEvent['kind'], timeoutMs: number): Promise<AgentEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.boot === this.boot && e.kind === kind);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no "${kind}" from the agent in boot ${this.boot} within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** Runs a shell script in the guest as the agent's user, like `coder ssh <ws> -- sh -c ...`. */
  public exec(script: string, timeoutMs = 300_000): Promise<CommandResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`command ${id} got no result within ${timeoutMs / 1000} s: ${script.slice(0, 200)}`));
      }, timeoutMs);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.queue.push({ id, script });
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  public async close(): Promise<void> {
    this.waiters.splice(0).forEach((w) => w());
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = req.url ?? '';
    const token = String(req.headers['coder-session-token'] ?? '');
    const record = (kind: AgentEvent['kind'], fields: Record<string, string> = {}) =>
      this.events.push({ boot: this.boot, kind, at: Date.now(), token, fields, body });
    const send = (status: number, text = '') => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(text);
    };
    if (req.method === 'GET' && url === '/bin/coder-linux-amd64') {
      record('download');
      return send(200, STAND_IN_AGENT);
    }
    if (req.method === 'POST' && url === '/agent/hello') {
      record(
        'hello',
        Object.fromEntries(
          body
            .split('\n')
            .filter((l) => l.includes('='))
            .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
        ),
      );
      return send(200);
    }
    if (req.method === 'GET' && url === '/agent/provisioning.sh') return send(200, this.provisioning);
    if (req.method === 'POST' && url === '/agent/provisioning-log') {
      this.provisioningLog = body;
      return send(200);
    }
    if (req.method === 'POST' && url === '/agent/provisioned') {
      record('provisioned', { exit: String(req.headers['x-exit-code'] ?? ''), uptime: String(req.headers['x-uptime'] ?? '') });
      return send(200);
    }
    if (req.method === 'GET' && url === '/agent/command') {
      record('command');
      // Long poll: answer as soon as a command is queued, or after 25 s with nothing.
      if (this.queue.length === 0)
        await new Promise<void>((r) => {
          this.waiters.push(r);
          setTimeout(r, 25_000).unref();
        });
      const next = this.queue.shift();
      return next === undefined ? send(204) : send(200, `${next.id}\n${next.script}\n`);
    }
    const result = /^\/agent\/result\/(\d+)$/.exec(url);
    if (req.method === 'POST' && result !== null) {
      record('result', { id: result[1] });
      this.pending.get(Number(result[1]))?.({ code: Number(req.headers['x-exit-code'] ?? -1), output: body });
      this.pending.delete(Number(result[1]));
      return send(200);
    }
    send(404, 'not found');
  }
}
