// A Coder workspace's life as users live it, played through terraform with the simulated providers,
// and the checks of `cvmkit validate` (validate, plan, apply, graph and Coder's attachment rules).
import * as fs from 'fs';
import * as path from 'path';
import { Baseline, readBaseline, writeBaseline } from './apiserver';
import { buildProblems } from './checks';
import { agentResources, metadataTargets } from './graph';
import { prepareRun, terraform, TerraformResult } from './harness';
import { ParameterRead } from './coder';
import { ModuleCall } from './modules';
import { REGISTRY_MODULES } from '../../constructs/modules/catalog';
import { BuildRow, SimulatedWorkspace } from './workspace';

/** One check of `cvmkit validate`. */
export interface CheckRow {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

const OVERRIDE_WARNING = /Warning: Provider development overrides are in effect[\s\S]*?published\s+releases\.\s*/g;

/** Terraform's output without notices that are not about the template; any other warning counts. */
export function cleanOutput(r: TerraformResult): string {
  return `${r.stdout}${r.stderr}`
    .replace(OVERRIDE_WARNING, '')
    .replace(/There are some problems with the CLI configuration[\s\S]*?╵\n/g, '')
    .trim();
}

/** A value different from `current` that the parameter accepts (next option, next number within bounds…). */
export function otherValue(p: ParameterRead): string {
  const options = (p.config.option as { value: string }[] | null) ?? [];
  if (options.length > 1) return options.find((o) => o.value !== p.value)!.value;
  if (p.config.type === 'number') {
    const v = Number(p.value);
    const max = (p.config.validation as { max?: number | null }[] | null)?.[0]?.max ?? v + 1;
    return String(v + 1 <= max ? v + 1 : v - 1);
  }
  if (p.config.type === 'bool') return p.value === 'true' ? 'false' : 'true';
  return `${p.value}-changed`;
}

/** Terraform addresses of the persistent disks in the workspace's state. */
export function diskAddresses(workspace: SimulatedWorkspace): string[] {
  return (
    (workspace.state()?.resources ?? [])
      // A manifest is a dynamic attribute: the state keeps it as `{ value, type }`.
      .filter(
        (r) =>
          r.type === 'kubernetes_persistent_volume_claim_v1' ||
          (r.type === 'kubernetes_manifest' && r.instances.some((i) => i.attributes?.manifest?.value?.kind === 'DataVolume')),
      )
      .map((r) => `${r.type}.${r.name}`)
  );
}

/** A build (or an event outside Terraform) of the lifecycle, and what went wrong in it. */
export interface LifecycleStep {
  readonly row: BuildRow;
  readonly problems: string[];
}

/** Runs a build and checks it against the one before. */
export async function checkedBuild(
  workspace: SimulatedWorkspace,
  step: string,
  transition: BuildRow['transition'],
  change: Parameters<SimulatedWorkspace['build']>[2] = {},
  upgrade = false,
): Promise<LifecycleStep> {
  const history = [...workspace.rows];
  const disks = diskAddresses(workspace);
  const row = await workspace.build(step, transition as 'start', change);
  return { row, problems: buildProblems(history, row, { diskAddresses: disks, upgrade, baseline: readBaseline(workspace.run.simDir) }) };
}

/** The steps of a workspace's life after `create`, in the order {@link simulateLifecycle} plays them. */
export const LIFECYCLE_STEPS = [
  'stop',
  'start',
  'rename workspace',
  'rename owner',
  'change parameters',
  'upgrade template',
  'start while running',
  'node lost',
  'compute deleted outside Terraform',
  'start again',
  'delete',
] as const;
export type LifecycleStepName = (typeof LIFECYCLE_STEPS)[number];

/** How much of the life to play, and who hears of each step. */
export interface LifecycleOptions {
  /** Called as soon as each step is checked (`cvmkit simulate` prints progress with it). */
  readonly onStep?: (step: LifecycleStep) => void;
  /**
   * The steps to play after `create`, in their usual order (a test of one rule needs only the step
   * that breaks it). `change parameters` is one build per mutable parameter; `start again` is the
   * start after `compute deleted outside Terraform` (its row's step is `start`).
   * @default every step
   */
  readonly steps?: readonly LifecycleStepName[];
}

/**
 * What users do every day, each a build on the same state: create, stop, start, rename the
 * workspace, rename the owner, change each mutable parameter, upgrade to another template version
 * (`upgraded`: another storage class, image mirror and namespace), a start build while running (a
 * new agent token), a node lost (the workspace must come back without a build), compute deleted
 * behind Terraform's back (`kubectl delete`), start, delete. Every step is checked ({@link buildProblems}).
 * `baseline` is the cluster before the workspace (see `platformBaseline`); without one, the simulated
 * API server cannot check that namespaces, RuntimeClasses and CRDs exist.
 */
export async function simulateLifecycle(
  files: ReadonlyMap<string, string>,
  upgraded?: ReadonlyMap<string, string>,
  baseline?: Baseline,
  options: LifecycleOptions = {},
): Promise<{ workspace: SimulatedWorkspace; steps: LifecycleStep[] }> {
  const workspace = await SimulatedWorkspace.create(files, {}, baseline);
  const steps: LifecycleStep[] = [];
  const plays = (s: LifecycleStepName) => options.steps === undefined || options.steps.includes(s);
  const record = (s: LifecycleStep) => {
    steps.push(s);
    options.onStep?.(s);
    return s;
  };
  const run = async (step: string, transition: BuildRow['transition'], change: Parameters<SimulatedWorkspace['build']>[2] = {}, upgrade = false) =>
    record(await checkedBuild(workspace, step, transition, change, upgrade));
  await run('create', 'start');
  const parameters = [...workspace.run.host.coder.parameters.values()];
  if (plays('stop')) await run('stop', 'stop');
  if (plays('start')) await run('start', 'start');
  if (plays('rename workspace')) await run('rename workspace', 'start', { workspace: 'dev-renamed' });
  if (plays('rename owner')) await run('rename owner', 'start', { owner: 'alice-renamed' });
  if (plays('change parameters'))
    for (const p of parameters.filter((x) => x.config.mutable === true)) {
      const value = otherValue({ ...p, value: workspace.context.parameters[String(p.config.name)] ?? p.value });
      await run(`change ${p.config.name}=${value}`, 'start', { parameters: { [String(p.config.name)]: value } });
    }
  if (upgraded !== undefined && plays('upgrade template')) {
    workspace.upgrade(upgraded);
    await run('upgrade template', 'start', {}, true);
  }
  if (plays('start while running')) await run('start while running', 'start');
  if (plays('node lost')) {
    // A node is lost: what a controller owns comes back by itself, with the current token.
    const history = [...workspace.rows];
    const lost = workspace.run.host.kubernetes.loseNode();
    const nodeLost = workspace.outside('node lost', lost.gone);
    record({ row: nodeLost, problems: buildProblems(history, nodeLost, { expectRunning: true, baseline }) });
  }
  if (plays('compute deleted outside Terraform')) {
    const gone = workspace.deleteCompute();
    const deleted = workspace.outside('compute deleted outside Terraform', gone);
    record({ row: deleted, problems: gone.length === 0 ? [`${deleted.step}: no compute object was there to delete`] : [] });
  }
  if (plays('start again')) await run('start', 'start');
  if (plays('delete')) await run('delete', 'delete');
  return { workspace, steps };
}

/** Every problem of a lifecycle, in order. */
export const lifecycleProblems = (steps: readonly LifecycleStep[]): string[] => steps.flatMap((s) => s.problems);

/** The checks of `cvmkit validate` for one template folder: validate, plan, apply, graph and Coder's attachment rules. */
export async function validateTemplate(
  files: ReadonlyMap<string, string>,
  baseline?: Baseline,
  onCheck: (row: CheckRow) => void = () => undefined,
): Promise<CheckRow[]> {
  const run = await prepareRun(files);
  if (baseline !== undefined) writeBaseline(run.simDir, baseline);
  const rows: CheckRow[] = [];
  // Each check is reported as it finishes (`cvmkit validate` prints progress with it).
  const record = (row: CheckRow) => {
    rows.push(row);
    onCheck(row);
  };
  const step = async (check: string, args: string[]) => {
    const r = await terraform(run, args, { transition: 'start' });
    const out = cleanOutput(r);
    const ok = r.status === 0 && !/Warning:/.test(out);
    record({
      check,
      ok,
      detail: ok
        ? ''
        : out
            .split('\n')
            .filter((l) => /Error|Warning/.test(l))
            .slice(0, 3)
            .join(' ') || out.slice(0, 300),
      ms: r.ms,
    });
    return r;
  };
  const { installed, missing } = run.modules;
  if (installed.length + missing.length > 0) record(moduleRow(installed, missing));
  await step('validate', ['validate', '-no-color']);
  await step('plan', ['plan', '-input=false', '-no-color', '-lock=false', '-out=tf.plan']);
  await step('apply', ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve', 'tf.plan']);
  const graph = await step('graph', ['graph']);
  const started = performance.now();
  const agents = Object.entries(agentResources(graph.stdout));
  const okAgents = agents.length > 0 && agents.every(([, r]) => r.length === 1 && /^kubernetes_(pod_v1|deployment_v1|manifest)\./.test(r[0]));
  record({
    check: 'agent → one compute resource',
    ok: okAgents,
    detail: agents.map(([a, r]) => `${a} → ${r.join(', ') || 'none'}`).join('; '),
    ms: performance.now() - started,
  });
  const metadata = Object.entries(metadataTargets(graph.stdout));
  const computeOf = new Set(agents.flatMap(([, r]) => r));
  record({
    check: 'metadata → the compute resource',
    ok: metadata.every(([, target]) => target !== undefined && computeOf.has(target)),
    detail: metadata.map(([m, t]) => `${m} → ${t ?? 'none'}`).join('; '),
    ms: 0,
  });
  // What the simulated API server could not check here (no OpenAPI specs, no declared cluster) is said, never passed silently.
  const skipped = path.join(run.simDir, 'apiserver-skipped.json');
  if (fs.existsSync(skipped)) record({ check: 'not checked', ok: true, detail: (JSON.parse(fs.readFileSync(skipped, 'utf8')) as string[]).join('; '), ms: 0 });
  return rows;
}

/** The row of `cvmkit validate` on registry modules: each resolved to an offline stand-in, or not. */
function moduleRow(installed: readonly ModuleCall[], missing: readonly ModuleCall[]): CheckRow {
  const known = Object.entries(REGISTRY_MODULES)
    .map(([name, m]) => `${name} ${m.version}`)
    .join(', ');
  const detail =
    missing.length > 0
      ? `${missing.map((m) => `no offline stand-in for module "${m.name}" (${m.source}${m.version ? ` ${m.version}` : ''})`).join('; ')}; cvmkit has ${known}`
      : installed.map((m) => `${m.name} → stand-in of ${m.source} ${m.version ?? ''}`.trim()).join('; ');
  return { check: 'registry modules', ok: missing.length === 0, detail, ms: 0 };
}
