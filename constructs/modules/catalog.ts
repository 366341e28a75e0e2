// Data: the Coder registry modules cvmkit offers, at the versions it pins, with their input variables and outputs.

/** One input variable of a module, as the module declares it. */
export interface ModuleVariable {
  /** Terraform type constraint, e.g. `string`, `list(string)`, `map(object({ provider = string }))`. */
  readonly type: string;
  /** True when the module declares no default: a call must set it. */
  readonly required?: boolean;
  /**
   * The default (a JSON value of the type). Long prose defaults are not reproduced: `""` stands in,
   * which keeps the variable optional and of its type.
   */
  readonly default?: unknown;
  /** Values the module's validation accepts (a string, or each element of a list or set). */
  readonly oneOf?: readonly string[];
  /** RE2 pattern the module's validation requires of a string value (Terraform's `regex` syntax). */
  readonly pattern?: string;
  /** True when the module declares the variable `sensitive`. */
  readonly sensitive?: boolean;
}

/** A `data "coder_parameter"` the module declares itself, unless an input makes it unnecessary. */
export interface ModuleParameter {
  /** The parameter's name (what a preset sets). */
  readonly name: string;
  /** The input that, when set (non-empty), replaces the parameter. */
  readonly unlessInput: string;
}

/** A module of registry.coder.com at one pinned version. */
export interface RegistryModuleSpec {
  /** Registry source address. */
  readonly source: string;
  /** The exact version pinned (a `release/coder/<name>/v<version>` tag of coder/registry). */
  readonly version: string;
  /** Input variables by name. */
  readonly variables: Readonly<Record<string, ModuleVariable>>;
  /** Outputs by name, each with the type of its value (`string`, `map`). */
  readonly outputs: Readonly<Record<string, 'string' | 'map'>>;
  /** Workspace parameters the module adds to the template. */
  readonly parameters: readonly ModuleParameter[];
  /** Providers the module requires besides coder/coder (Coder's provisioner installs them). */
  readonly extraProviders: readonly string[];
}

const ORDER = { type: 'number', default: null } as const;
const GROUP = { type: 'string', default: null } as const;
const DOTFILES_URL = '^(https?://|ssh://|git@|git://)[a-zA-Z0-9._/:@~-]+$';
/** JetBrains IDE product codes the jetbrains module knows. */
export const JETBRAINS_IDES = ['CL', 'GO', 'IU', 'PS', 'PY', 'RD', 'RM', 'RR', 'WS'] as const;
/** A JetBrains IDE product code (GoLand is `GO`, IntelliJ IDEA Ultimate `IU`…). */
export type JetBrainsIde = (typeof JETBRAINS_IDES)[number];

/**
 * The modules, read from coder/registry at the tags pinned here (`registry/coder/modules/<name>/main.tf`):
 * names, types, required-ness and defaults of every variable, the outputs, the parameters each adds.
 */
export const REGISTRY_MODULES = {
  'code-server': {
    source: 'registry.coder.com/coder/code-server/coder',
    version: '1.5.2',
    variables: {
      agent_id: { type: 'string', required: true },
      extensions: { type: 'list(string)', default: [] },
      port: { type: 'number', default: 13337 },
      display_name: { type: 'string', default: 'code-server' },
      slug: { type: 'string', default: 'code-server' },
      settings: { type: 'any', default: {} },
      machine_settings: { type: 'any', default: {} },
      folder: { type: 'string', default: '' },
      workspace: { type: 'string', default: '' },
      install_prefix: { type: 'string', default: '/tmp/code-server' },
      log_path: { type: 'string', default: '/tmp/code-server.log' },
      install_version: { type: 'string', default: '' },
      share: { type: 'string', default: 'owner', oneOf: ['owner', 'authenticated', 'public'] },
      order: ORDER,
      group: GROUP,
      offline: { type: 'bool', default: false },
      use_cached: { type: 'bool', default: false },
      use_cached_extensions: { type: 'bool', default: false },
      extensions_dir: { type: 'string', default: '' },
      auto_install_extensions: { type: 'bool', default: false },
      subdomain: { type: 'bool', default: false },
      open_in: { type: 'string', default: 'slim-window', oneOf: ['tab', 'slim-window'] },
      additional_args: { type: 'string', default: '' },
    },
    outputs: {},
    parameters: [],
    extraProviders: [],
  },
  jetbrains: {
    source: 'registry.coder.com/coder/jetbrains/coder',
    version: '1.4.0',
    variables: {
      agent_id: { type: 'string', required: true },
      agent_name: { type: 'string', default: null },
      folder: { type: 'string', required: true, pattern: '^(?:/[^/]+)+/?$' },
      default: { type: 'set(string)', default: [] },
      group: GROUP,
      coder_app_order: ORDER,
      coder_parameter_order: ORDER,
      tooltip: { type: 'string', default: '' },
      major_version: { type: 'string', default: 'latest', pattern: '^([0-9]{4}\\.[1-3]|latest)$' },
      channel: { type: 'string', default: 'release', oneOf: ['release', 'eap'] },
      options: { type: 'set(string)', default: [...JETBRAINS_IDES], oneOf: [...JETBRAINS_IDES] },
      releases_base_link: { type: 'string', default: 'https://data.services.jetbrains.com', pattern: '^https?://.+$' },
      download_base_link: { type: 'string', default: 'https://download.jetbrains.com', pattern: '^https?://.+$' },
      ide_config: { type: 'map(object({ build = string, name = optional(string), icon = optional(string) }))', default: null },
    },
    outputs: { ide_metadata: 'map' },
    parameters: [{ name: 'jetbrains_ides', unlessInput: 'default' }],
    // It asks JetBrains' release API for build numbers at plan time (unless ide_config is set).
    extraProviders: ['hashicorp/http'],
  },
  dotfiles: {
    source: 'registry.coder.com/coder/dotfiles/coder',
    version: '1.4.2',
    variables: {
      agent_id: { type: 'string', required: true },
      order: ORDER,
      group: GROUP,
      description: { type: 'string', default: '' },
      default_dotfiles_uri: { type: 'string', default: '', pattern: `^$|${DOTFILES_URL}` },
      default_dotfiles_branch: { type: 'string', default: '' },
      dotfiles_uri: { type: 'string', default: null },
      dotfiles_branch: { type: 'string', default: null },
      user: { type: 'string', default: null },
      coder_parameter_order: ORDER,
      manual_update: { type: 'bool', default: false },
      post_clone_script: { type: 'string', default: null },
    },
    outputs: { dotfiles_uri: 'string' },
    parameters: [
      { name: 'dotfiles_uri', unlessInput: 'dotfiles_uri' },
      { name: 'dotfiles_branch', unlessInput: 'dotfiles_branch' },
    ],
    extraProviders: [],
  },
  'git-clone': {
    source: 'registry.coder.com/coder/git-clone/coder',
    version: '2.0.3',
    variables: {
      url: { type: 'string', required: true },
      base_dir: { type: 'string', default: '' },
      agent_id: { type: 'string', required: true },
      git_providers: {
        type: 'map(object({ provider = string }))',
        default: { 'https://github.com/': { provider: 'github' }, 'https://gitlab.com/': { provider: 'gitlab' } },
      },
      branch_name: { type: 'string', default: '' },
      folder_name: { type: 'string', default: '' },
      extra_args: { type: 'list(string)', default: [] },
      post_clone_script: { type: 'string', default: null },
      pre_clone_script: { type: 'string', default: null },
    },
    outputs: { repo_dir: 'string', git_provider: 'string', folder_name: 'string', clone_url: 'string', web_url: 'string', branch_name: 'string' },
    parameters: [],
    extraProviders: [],
  },
  // Web RDP through Devolutions Gateway on Windows agents (installed by the module's script at start).
  'windows-rdp': {
    source: 'registry.coder.com/coder/windows-rdp/coder',
    version: '1.3.1',
    variables: {
      display_name: { type: 'string', default: 'Web RDP' },
      slug: { type: 'string', default: 'web-rdp' },
      icon: { type: 'string', default: '/icon/desktop.svg' },
      order: ORDER,
      group: GROUP,
      share: { type: 'string', default: 'owner', oneOf: ['owner', 'authenticated', 'public'] },
      agent_id: { type: 'string', required: true },
      admin_username: { type: 'string', default: 'Administrator' },
      admin_password: { type: 'string', default: 'coderRDP!', sensitive: true },
      devolutions_gateway_version: { type: 'string', default: 'latest' },
    },
    outputs: {},
    parameters: [],
    extraProviders: [],
  },
} as const satisfies Record<string, RegistryModuleSpec>;

/** A module cvmkit offers. */
export type RegistryModuleName = keyof typeof REGISTRY_MODULES;

/** The spec of a module by its registry source address, if cvmkit has it. */
export function moduleBySource(source: string): { name: RegistryModuleName; spec: RegistryModuleSpec } | undefined {
  const entry = Object.entries(REGISTRY_MODULES).find(([, m]) => m.source === source);
  return entry && { name: entry[0] as RegistryModuleName, spec: entry[1] };
}
