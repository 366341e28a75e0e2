// One Coder workspace played through terraform: each build is an apply on the same state and cluster,
// with the context Coder's provisioner would give it (transition, names, parameters, template version).
import * as fs from 'fs';
import * as path from 'path';
import { BuildContext, prepareRun, replaceTemplate, setBuildClock, SimulationRun, terraform, WORKSPACE_ID } from './harness';
import { Baseline, writeBaseline } from './apiserver';
import { computeKind } from './compute';
import { ClusterObject } from './kubernetes';

/** What one build did. */
export interface BuildRow {
  /** What the user did, e.g. `start`, `rename workspace`. */
  readonly step: string;
  /** The build's transition, or `outside` for an event Terraform did not cause (a node lost). */
  readonly transition: BuildContext['transition'] | 'outside';
  /** Whether terraform succeeded. */
  readonly ok: boolean;
  /** Terraform's error diagnostics (summary: detail). */
  readonly errors: string[];
  readonly created: string[];
  readonly updated: string[];
  readonly replaced: string[];
  readonly deleted: string[];
  readonly ms: number;
  /** The simulated cluster after the build, by object key. */
  readonly cluster: Record<string, ClusterObject>;
  /** The current agent token (from the state), when the workspace has an agent. */
  readonly agentToken?: string;
  /** Parameter values the build used, by name. */
  readonly parameters: Record<string, string>;
  /** The context the build ran with. */
  readonly context: BuildContext;
}

/** The mutable part of a workspace's context: what Coder knows about it between builds. */
export interface WorkspaceContext {
  owner: string;
  workspace: string;
  parameters: Record<string, string>;
}

/** A workspace in the simulator. */
export class SimulatedWorkspace {
  /** Creates the workspace folder with a template version's files (no build yet). */
  public static async create(files: ReadonlyMap<string, string>, context: Partial<WorkspaceContext> = {}, baseline?: Baseline): Promise<SimulatedWorkspace> {
    const run = await prepareRun(files);
    // What the cluster has before the workspace (installers, platform stacks); none: an open world.
    if (baseline !== undefined) writeBaseline(run.simDir, baseline);
    return new SimulatedWorkspace(run, {
      owner: context.owner ?? 'alice',
      workspace: context.workspace ?? 'dev',
      parameters: { ...(context.parameters ?? {}) },
    });
  }

  /** Every build so far, in order. */
  public readonly rows: BuildRow[] = [];

  private constructor(
    /** The terraform folder and simulated providers. */
    public readonly run: SimulationRun,
    /** Owner, workspace name and parameter values of the next build. */
    public readonly context: WorkspaceContext,
  ) {}

  /** Switches to another template version (files); the state and the cluster stay. */
  public upgrade(files: ReadonlyMap<string, string>): void {
    replaceTemplate(this.run, files);
  }

  /**
   * Runs one build (`terraform apply -json`, which refreshes, plans and applies as Coder does) and
   * records what it did. Parameters not given keep their value, as Coder keeps them between builds.
   */
  public async build(step: string, transition: BuildContext['transition'], change: Partial<WorkspaceContext> = {}): Promise<BuildRow> {
    if (change.owner !== undefined) this.context.owner = change.owner;
    if (change.workspace !== undefined) this.context.workspace = change.workspace;
    Object.assign(this.context.parameters, change.parameters ?? {});
    const context: BuildContext = {
      transition,
      owner: this.context.owner,
      workspace: this.context.workspace,
      workspaceId: WORKSPACE_ID,
      parameters: { ...this.context.parameters },
    };
    const args = ['apply', '-json', '-auto-approve', '-input=false', '-lock=false', ...(transition === 'delete' ? ['-destroy'] : [])];
    // Each build's plantimestamp() is later than every earlier build's (see setBuildClock).
    setBuildClock(this.run, this.rows.filter((r) => r.transition !== 'outside').length);
    const r = await terraform(this.run, args, context);
    const row: BuildRow = {
      step,
      transition,
      ok: r.status === 0,
      errors: [],
      created: [],
      updated: [],
      replaced: [],
      deleted: [],
      ms: r.ms,
      cluster: this.cluster(),
      parameters: {},
      context,
    };
    for (const line of r.stdout.split('\n')) {
      if (!line.startsWith('{')) continue;
      const message = JSON.parse(line) as {
        type: string;
        change?: { action: string; resource: { addr: string } };
        diagnostic?: { severity: string; summary: string; detail: string };
      };
      if (message.type === 'planned_change' && message.change && !message.change.resource.addr.startsWith('data.')) {
        const into = { create: row.created, update: row.updated, replace: row.replaced, delete: row.deleted }[message.change.action];
        into?.push(message.change.resource.addr);
      }
      if (message.type === 'diagnostic' && message.diagnostic?.severity === 'error')
        row.errors.push(`${message.diagnostic.summary}: ${message.diagnostic.detail}`.trim());
    }
    if (!row.ok && row.errors.length === 0) row.errors.push(`${r.stdout}${r.stderr}`.trim().split('\n').slice(-5).join(' '));
    // Values the build used: what Coder keeps for the workspace (defaults become the workspace's values).
    for (const [name, read] of this.run.host.coder.parameters) {
      row.parameters[name] = read.value;
      this.context.parameters[name] ??= read.value;
    }
    const done: BuildRow = { ...row, agentToken: this.agentToken() };
    this.rows.push(done);
    return done;
  }

  /** Records an event outside Terraform (no plan, no apply) as a row of the workspace's history. */
  public outside(step: string, deleted: string[]): BuildRow {
    const previous = this.rows[this.rows.length - 1];
    const row: BuildRow = {
      ...previous,
      step,
      transition: 'outside',
      created: [],
      updated: [],
      replaced: [],
      deleted,
      ms: 0,
      cluster: this.cluster(),
      errors: [],
      ok: true,
    };
    this.rows.push(row);
    return row;
  }

  /** Deletes the compute objects behind Terraform's back (`kubectl delete`). */
  public deleteCompute(): string[] {
    const all = this.run.host.kubernetes.cluster.all();
    const gone = Object.entries(all)
      .filter(([, o]) => isCompute(o))
      .map(([key]) => key);
    for (const key of gone) this.run.host.kubernetes.cluster.delete(key);
    return gone;
  }

  /** The simulated cluster now. */
  public cluster(): Record<string, ClusterObject> {
    return this.run.host.kubernetes.cluster.all();
  }

  /** Terraform's state file, parsed (undefined before the first build). */
  public state(): { resources?: { type: string; name: string; instances: { attributes: any }[] }[] } | undefined {
    const file = path.join(this.run.dir, 'terraform.tfstate');
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
  }

  private agentToken(): string | undefined {
    const agent = this.state()?.resources?.find((r) => r.type === 'coder_agent');
    return agent?.instances[0]?.attributes?.token;
  }
}

/** Whether a cluster object is compute: a pod, a Deployment or a KubeVirt VirtualMachine. */
export function isCompute(o: ClusterObject): boolean {
  return computeKind(o.type, o.state) !== undefined;
}

/** Whether a cluster object is a persistent disk: a PersistentVolumeClaim or a CDI DataVolume. */
export function isDisk(o: ClusterObject): boolean {
  return o.type === 'kubernetes_persistent_volume_claim_v1' || (o.type === 'kubernetes_manifest' && o.state.manifest?.kind === 'DataVolume');
}
