// The simulated coder/coder provider: data sources read what Coder's provisioner sets in the
// environment (CODER_WORKSPACE_*, CODER_PARAMETER_<sha256 of the name>), resources get ids and tokens.
import { createHash, randomUUID } from 'crypto';
import { defaultFiller, fillUnknown, markComputedUnknown } from './plan';
import { ProviderSchemas } from './schema-types';
import { Outcome } from './kubernetes';

type Obj = Record<string, unknown>;

/** The environment variable Coder sets for a parameter's value. */
export function parameterEnv(name: string): string {
  return `CODER_PARAMETER_${createHash('sha256').update(name).digest('hex')}`;
}

/** A `coder_parameter` as a build read it: its configuration and the value it got. */
export interface ParameterRead {
  readonly config: Obj;
  readonly value: string;
}

export class CoderSimulator {
  /** The parameters the current build read, by name. */
  public readonly parameters = new Map<string, ParameterRead>();

  constructor(
    private readonly schemas: ProviderSchemas,
    /** What Coder's provisioner sets for the current build. */
    public env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Starts a new build: its environment, and no parameters read yet. */
  startBuild(env: NodeJS.ProcessEnv): void {
    this.env = env;
    this.parameters.clear();
  }

  /**
   * Refresh. As the real provider does, reading a `coder_agent` issues a new token (every build
   * gets one) and renders the init script again from `CODER_AGENT_SCRIPT_<os>_<arch>`.
   */
  read(type: string, state: Obj | null): Outcome {
    if (state === null || type !== 'coder_agent') return { value: state };
    return { value: { ...state, token: randomUUID(), init_script: this.initScript(state) } };
  }

  /** The agent's init script: Coder's bootstrap script for the OS and architecture, with the access URL filled in. */
  private initScript(agent: Obj): string {
    const script = this.env[`CODER_AGENT_SCRIPT_${agent.os}_${agent.arch}`] ?? '';
    const accessUrl = new URL('/', this.env.CODER_AGENT_URL ?? 'https://coder.example.com/').toString();
    return script
      .split('${ACCESS_URL}')
      .join(accessUrl)
      .split('${AUTH_TYPE}')
      .join(String(agent.auth ?? 'token'));
  }

  readData(type: string, config: Obj): Outcome {
    const e = this.env;
    const base: Obj = { ...config };
    const set = (values: Obj) => {
      for (const [k, v] of Object.entries(values)) if (k in this.schemaAttrs(type, true)) base[k] = v;
    };
    switch (type) {
      case 'coder_workspace': {
        const transition = e.CODER_WORKSPACE_TRANSITION ?? 'start';
        set({
          id: e.CODER_WORKSPACE_ID ?? '00000000-0000-0000-0000-000000000000',
          name: e.CODER_WORKSPACE_NAME ?? 'default',
          transition,
          start_count: transition === 'start' ? 1 : 0,
          access_url: e.CODER_AGENT_URL ?? 'https://coder.example.com',
          access_port: 443,
          template_name: e.CODER_WORKSPACE_TEMPLATE_NAME ?? '',
          template_version: e.CODER_WORKSPACE_TEMPLATE_VERSION ?? '',
          template_id: e.CODER_WORKSPACE_TEMPLATE_ID ?? '',
          is_prebuild: false,
          prebuild_count: 0,
        });
        break;
      }
      case 'coder_workspace_owner':
        set({
          id: e.CODER_WORKSPACE_OWNER_ID ?? '00000000-0000-0000-0000-000000000000',
          name: e.CODER_WORKSPACE_OWNER ?? 'default',
          full_name: e.CODER_WORKSPACE_OWNER_NAME ?? '',
          email: e.CODER_WORKSPACE_OWNER_EMAIL ?? 'default@example.com',
          ssh_public_key: e.CODER_WORKSPACE_OWNER_SSH_PUBLIC_KEY ?? '',
          ssh_private_key: '',
          groups: [],
          session_token: '',
          oidc_access_token: '',
          login_type: 'password',
          rbac_roles: [],
        });
        break;
      case 'coder_parameter': {
        const name = String(config.name);
        const value = this.env[parameterEnv(name)] ?? (config.default as string | null) ?? '';
        const problem = parameterProblem(config, value);
        this.parameters.set(name, { config, value });
        if (problem !== undefined) return { value: null, errors: [`parameter "${name}": ${problem}`] };
        set({ id: randomUUID(), value, optional: config.default !== null && config.default !== undefined });
        break;
      }
      case 'coder_provisioner':
        set({ id: randomUUID(), os: 'linux', arch: 'amd64' });
        break;
      default:
        set({ id: randomUUID() });
    }
    return { value: fillUnknown(base, this.schemas.dataSources[type], defaultFiller) };
  }

  plan(type: string, prior: Obj | null, proposed: Obj | null): Outcome {
    if (proposed === null) return { value: null };
    return { value: prior === null ? markComputedUnknown(proposed, this.schemas.resources[type]) : proposed };
  }

  apply(type: string, _prior: Obj | null, planned: Obj | null): Outcome {
    if (planned === null) return { value: null };
    const fill = (name: string, t: unknown) => (name === 'token' ? randomUUID() : name === 'init_script' ? this.initScript(planned) : defaultFiller(name, t));
    return { value: fillUnknown(planned, this.schemas.resources[type], fill) };
  }

  private schemaAttrs(type: string, data: boolean): Record<string, true> {
    const block = (data ? this.schemas.dataSources : this.schemas.resources)[type];
    return Object.fromEntries(block.attributes.map((a) => [a.name, true as const]));
  }
}

/** Coder's own checks of a parameter value: options, number bounds, regex. */
function parameterProblem(config: Obj, value: string): string | undefined {
  const options = (config.option as Obj[] | null) ?? [];
  if (options.length > 0 && !options.some((o) => o.value === value))
    return `value "${value}" must be one of the options (${options.map((o) => o.value).join(', ')})`;
  const validation = ((config.validation as Obj[] | null) ?? [])[0];
  if (config.type === 'number') {
    const n = Number(value);
    if (!Number.isFinite(n)) return `value "${value}" is not a number`;
    if (validation?.min !== null && validation?.min !== undefined && n < Number(validation.min)) return `value ${n} is less than the minimum ${validation.min}`;
    if (validation?.max !== null && validation?.max !== undefined && n > Number(validation.max)) return `value ${n} is more than the maximum ${validation.max}`;
  }
  if (typeof validation?.regex === 'string' && validation.regex !== '' && !new RegExp(validation.regex).test(value))
    return String(validation.error ?? 'does not match');
  return undefined;
}
