// A Coder workspace's life, played through terraform with the simulated providers:
// start → stop → start → change each mutable parameter → destroy, each plan read with `terraform show -json`.
import * as fs from 'fs';
import * as path from 'path';
import { RenderedTemplate } from '../synth';
import { agentResources } from './graph';
import { BuildContext, prepareRun, SimulationRun, terraform, terraformAsync, TerraformResult } from './harness';

/** What one transition's plan does. */
export interface TransitionRow {
  readonly transition: string;
  readonly created: string[];
  readonly updated: string[];
  readonly replaced: string[];
  readonly deleted: string[];
  readonly ms: number;
  /** The simulated cluster after the transition: object key → the resource's state. */
  readonly cluster?: Record<string, { type: string; state: any }>;
}

/** One check of `cvmkit validate`. */
export interface CheckRow {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

const OVERRIDE_WARNING = /Warning: Provider development overrides are in effect[\s\S]*?published\s+releases\.\s*/g;

/** Terraform's output without the dev_overrides notice; any other warning counts. */
export function cleanOutput(r: TerraformResult): string {
  return `${r.stdout}${r.stderr}`.replace(OVERRIDE_WARNING, '').replace(/There are some problems with the CLI configuration[\s\S]*?╵\n/g, '').trim();
}

function must(r: TerraformResult, what: string): TerraformResult {
  if (r.status !== 0) throw new Error(`terraform ${what} failed:\n${cleanOutput(r)}`);
  return r;
}

/** Plans with `build` (machine-readable: `plan -json`), applies the saved plan; returns what changed. */
export async function transition(run: SimulationRun, label: string, build: BuildContext, destroy = false): Promise<TransitionRow> {
  const started = performance.now();
  const plan = must(await terraformAsync(run, ['plan', '-json', '-input=false', '-lock=false', '-out=tf.plan', ...(destroy ? ['-destroy'] : [])], build), `plan (${label})`);
  must(await terraformAsync(run, ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve', 'tf.plan'], build), `apply (${label})`);
  const row: TransitionRow = { transition: label, created: [], updated: [], replaced: [], deleted: [], ms: 0 };
  for (const line of plan.stdout.split('\n')) {
    if (!line.includes('"planned_change"')) continue;
    const change = JSON.parse(line).change as { action: string; resource: { addr: string; resource_type: string } };
    if (change.resource.addr.startsWith('data.')) continue;
    const into = { create: row.created, update: row.updated, replace: row.replaced, delete: row.deleted }[change.action];
    into?.push(change.resource.addr);
  }
  const clusterFile = path.join(run.simDir, 'cluster.json');
  const cluster = fs.existsSync(clusterFile) ? JSON.parse(fs.readFileSync(clusterFile, 'utf8')) : {};
  return { ...row, ms: performance.now() - started, cluster };
}

/** A value different from `current` that the parameter accepts. */
function otherValue(p: RenderedTemplate['parameters'][number], json: Record<string, any>): string {
  const data = json.data.coder_parameter[p.name];
  if (data.option?.length > 1) return String(data.option.find((o: { value: string }) => o.value !== String(p.default)).value);
  if (p.type === 'number') {
    const v = Number(p.default);
    const max = data.validation?.[0]?.max ?? v + 1;
    return String(v + 1 <= max ? v + 1 : v - 1);
  }
  return `${p.default}-changed`;
}

/** The whole lifecycle of one template. */
export async function simulateLifecycle(rendered: RenderedTemplate): Promise<{ run: SimulationRun; rows: TransitionRow[] }> {
  const run = await prepareRun(rendered.files);
  const rows: TransitionRow[] = [];
  const defaults = Object.fromEntries(rendered.parameters.map((p) => [p.name, String(p.default)]));
  rows.push(await transition(run, 'start', { transition: 'start', parameters: defaults }));
  rows.push(await transition(run, 'stop', { transition: 'stop', parameters: defaults }));
  rows.push(await transition(run, 'start', { transition: 'start', parameters: defaults }));
  let current = { ...defaults };
  for (const p of rendered.parameters.filter((x) => x.mutable)) {
    current = { ...current, [p.name]: otherValue(p, rendered.json) };
    rows.push(await transition(run, `change ${p.name}=${current[p.name]}`, { transition: 'start', parameters: current }));
  }
  rows.push(await transition(run, 'destroy', { transition: 'delete', parameters: current }, true));
  return { run, rows };
}

/** The checks of `cvmkit validate` for one template: validate, plan, apply, graph and the agent's resource. */
export async function validateTemplate(rendered: RenderedTemplate): Promise<CheckRow[]> {
  const run = await prepareRun(rendered.files);
  const rows: CheckRow[] = [];
  const build: BuildContext = { transition: 'start', parameters: Object.fromEntries(rendered.parameters.map((p) => [p.name, String(p.default)])) };
  const step = (check: string, args: string[]) => {
    const r = terraform(run, args, build);
    const out = cleanOutput(r);
    const ok = r.status === 0 && !/Warning:/.test(out);
    rows.push({ check, ok, detail: ok ? '' : out.split('\n').filter((l) => /Error|Warning/.test(l)).slice(0, 3).join(' ') || out.slice(0, 300), ms: r.ms });
    return r;
  };
  step('validate', ['validate', '-no-color']);
  step('plan', ['plan', '-input=false', '-no-color', '-lock=false', '-out=tf.plan']);
  step('apply', ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve', 'tf.plan']);
  const graph = step('graph', ['graph']);
  const started = performance.now();
  const agents = agentResources(graph.stdout);
  const compute = Object.entries(agents);
  const okAgents = compute.length > 0 && compute.every(([, r]) => r.length === 1);
  rows.push({ check: 'agent → one compute resource', ok: okAgents, detail: compute.map(([a, r]) => `${a} → ${r.join(', ') || 'none'}`).join('; '), ms: performance.now() - started });
  return rows;
}

/** Addresses of the template's persistent disks (PVCs and CDI DataVolumes) and of its compute (pods and VMs). */
export function roles(json: Record<string, any>): { disks: string[]; compute: string[] } {
  const disks: string[] = [];
  const compute: string[] = [];
  for (const [type, byName] of Object.entries((json.resource ?? {}) as Record<string, Record<string, any>>)) {
    for (const [name, body] of Object.entries(byName)) {
      const kind = type === 'kubernetes_manifest' ? body.manifest.kind : type;
      if (kind === 'kubernetes_persistent_volume_claim_v1' || kind === 'DataVolume') disks.push(`${type}.${name}`);
      if (kind === 'kubernetes_pod_v1' || kind === 'VirtualMachine') compute.push(`${type}.${name}`);
    }
  }
  return { disks, compute };
}

const base = (address: string) => address.replace(/\[\d+\]$/, '');

/** Whether compute runs in the cluster after a transition: a pod exists, or a VM's runStrategy is Always. */
export function computeRunning(row: TransitionRow): boolean {
  return Object.values(row.cluster ?? {}).some((o) => o.type === 'kubernetes_pod_v1' || (o.type === 'kubernetes_manifest' && o.state.manifest?.kind === 'VirtualMachine' && o.state.manifest?.spec?.runStrategy === 'Always'));
}

/** What a lifecycle did wrong: disks lost before destroy, compute left running on stop or missing on start, leftovers. */
export function lifecycleProblems(json: Record<string, any>, rows: readonly TransitionRow[]): string[] {
  const { disks } = roles(json);
  const problems: string[] = [];
  for (const row of rows.filter((r) => r.transition !== 'destroy')) {
    for (const a of [...row.deleted, ...row.replaced]) if (disks.includes(base(a))) problems.push(`${row.transition}: persistent disk ${a} is ${row.deleted.includes(a) ? 'deleted' : 'replaced'}`);
    const running = computeRunning(row);
    if (row.transition === 'stop' && running) problems.push('stop: compute is still running');
    if (row.transition !== 'stop' && !running) problems.push(`${row.transition}: no compute is running`);
  }
  const last = rows[rows.length - 1];
  if (last?.transition === 'destroy' && Object.keys(last.cluster ?? {}).length > 0) problems.push(`destroy: objects left in the cluster: ${Object.keys(last.cluster ?? {}).join(', ')}`);
  return problems;
}
