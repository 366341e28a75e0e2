// What `cvmkit init` and `cvmkit add` write for a template of a repository, per backend (data, so a
// backend is one entry), and the rule for template names.
import { Backend } from './definition';

/** How a backend's template is scaffolded: a subclass of its construct that adds something. */
interface BackendScaffold {
  /** Construct class, its props type and the `cvmkit/<folder>` it is imported from. */
  readonly construct: string;
  readonly folder: string;
  /** Extra props of the construct (TypeScript source). */
  readonly props: string;
  /** `platform` requirements (TypeScript source), if any. */
  readonly platform?: string;
  readonly isolation: string;
  readonly icon: string;
  /** The resource that runs the workspace, for the scaffolded test. */
  readonly compute: string;
  /** The Pod Security level its pods meet (picks the namespace). */
  readonly podSecurity: 'restricted' | 'baseline' | 'privileged';
  /** What the subclass adds: a sentence, the constructor (TypeScript source) and the test's assertion of it. */
  readonly adds: string;
  readonly constructorSource: (props: string) => string;
  readonly assertion: string;
}

/** Pod backends add a second persistent disk: kept across stop and start, deleted with the workspace. */
const cacheDisk = (props: string) => `  constructor(scope: Construct, id: string, props: ${props}) {
    super(scope, id, props);
    this.workspace.addPersistentVolume('cache', { suffix: 'cache', size: '10Gi', mountPath: '/var/cache/team' }, props.storageClassName);
  }`;
const cacheAssertion = `expect(rendered.json.resource.kubernetes_persistent_volume_claim_v1.cache.spec[0].resources[0].requests.storage).toBe('10Gi');`;

export const SCAFFOLDS: Readonly<Record<Backend, BackendScaffold>> = {
  kubevirt: {
    construct: 'KubevirtWorkspace',
    folder: 'kubevirt',
    props: '',
    isolation: 'hardware virtualization (KVM)',
    icon: '/icon/kubernetes.svg',
    compute: 'kubernetes_manifest',
    podSecurity: 'baseline',
    adds: 'the team tools htop, make and jq on every VM',
    constructorSource: (props) => `  constructor(scope: Construct, id: string, props: ${props} = {}) {
    super(scope, id, props);
    this.addPackages('htop', 'make', 'jq');
  }`,
    assertion: `const provisioning = [...rendered.files].filter(([file]) => file.startsWith('provisioning/'));
  expect(provisioning.length).toBeGreaterThan(0);
  for (const [, content] of provisioning) expect(content).toContain('htop');`,
  },
  sysbox: {
    construct: 'SysboxWorkspace',
    folder: 'sysbox',
    props: '',
    isolation: 'user namespace + Sysbox syscall interception (shared kernel)',
    icon: '/icon/docker.svg',
    compute: 'kubernetes_deployment_v1',
    podSecurity: 'baseline',
    adds: 'a persistent cache disk',
    constructorSource: (p) => cacheDisk(`${p} = {}`),
    assertion: cacheAssertion,
  },
  envbox: {
    construct: 'EnvboxWorkspace',
    folder: 'envbox',
    props: '',
    isolation: 'inner Sysbox container in a privileged outer container (shared kernel)',
    icon: '/icon/docker.svg',
    compute: 'kubernetes_deployment_v1',
    podSecurity: 'privileged',
    adds: 'the team inner images, Go first',
    constructorSource: (props) => `  constructor(scope: Construct, id: string, props: ${props} = {}) {
    super(scope, id, { innerImages: [{ name: 'Go', image: 'codercom/enterprise-golang:ubuntu' }, { name: 'Ubuntu (base)', image: 'codercom/enterprise-base:ubuntu' }], ...props });
  }`,
    assertion: `expect(rendered.json.data.coder_parameter.image.default).toBe('codercom/enterprise-golang:ubuntu');`,
  },
  gvisor: {
    construct: 'GvisorWorkspace',
    folder: 'gvisor',
    props: 'pool: POOL',
    platform: '{ gvisorPools: [POOL] }',
    isolation: 'user-space kernel (gVisor runsc)',
    icon: '/icon/kubernetes.svg',
    compute: 'kubernetes_deployment_v1',
    podSecurity: 'restricted',
    adds: 'a persistent cache disk',
    constructorSource: cacheDisk,
    assertion: cacheAssertion,
  },
  kata: {
    construct: 'KataWorkspace',
    folder: 'kata',
    props: "hypervisor: 'qemu'",
    platform: "{ kataHypervisors: ['qemu'] }",
    isolation: 'hardware virtualization per pod (Kata micro-VM)',
    icon: '/icon/kubernetes.svg',
    compute: 'kubernetes_deployment_v1',
    podSecurity: 'restricted',
    adds: 'a persistent cache disk',
    constructorSource: (p) => cacheDisk(`${p} = {}`),
    assertion: cacheAssertion,
  },
};

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (name: string) => camel(name).charAt(0).toUpperCase() + camel(name).slice(1);
/** A TypeScript string literal of `text`. */
const quote = (text: string) => `'${text.replace(/[\\']/g, '\\$&')}'`;
const title = (name: string) =>
  name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

/** The files of a new template of a repository (paths relative to its root). */
export function scaffoldFiles(name: string, backend: Backend): Map<string, string> {
  const s = SCAFFOLDS[backend];
  const variable = camel(name);
  const subclass = `${pascal(name)}Workspace`;
  const propsType = `${s.construct}Props`;
  const kubevirt = backend === 'kubevirt';
  const pool =
    backend === 'gvisor'
      ? `\n/** The node pool of this template; Gardener's gVisor extension installs runsc there. */\nconst POOL: GvisorPoolProps = { pool: '${name}' };\n`
      : '';
  const imports = [
    ...(backend === 'gvisor' ? ['GvisorPoolProps'] : []),
    ...(kubevirt ? ['DISTRO_KEYS', 'DISTROS', 'pinnedChecksums'] : []),
    s.construct,
    propsType,
  ].join(', ');
  // KubeVirt templates offer the settings' distros, their images through the settings' mirrors.
  const base = kubevirt
    ? `{
      ...workspaceProps(settings, 'kubevirt'),
      distros,
      imageUrls: Object.fromEntries(distros.map((d) => [d, mirrored(DISTROS[d].imageUrl, settings?.imageMirrors)])),
      imageChecksums: pinnedChecksums(distros),
    }`
    : `workspaceProps(settings, '${backend}')`;
  const props = s.props === '' ? base : `{ ...${base}, ${s.props} }`;
  const index = `// Template ${name}: ${s.construct} plus ${s.adds} (scaffolded by cvmkit; edit freely).
import { Construct } from 'constructs';
import { ${kubevirt ? 'mirrored, ' : ''}templateProps, workspaceProps } from 'cvmkit';
import type { OrganisationSettings, TemplateDefinition } from 'cvmkit';
import { CoderTemplate } from 'cvmkit/core';
import { ${imports} } from 'cvmkit/${s.folder}';
${pool}
/** cvmkit's ${s.construct} with ${s.adds}. */
export class ${subclass} extends ${s.construct} {
${s.constructorSource(propsType)}
}

export const ${variable}: TemplateDefinition = {
  name: '${name}',
  displayName: ${quote(title(name))},
  description: ${quote(`A ${backend} workspace with ${s.adds}, scaffolded by cvmkit.`)},
  icon: '${s.icon}',
  tags: ['kubernetes', '${backend}'],
  backend: '${backend}',
  isolation: '${s.isolation}',
  podSecurity: '${s.podSecurity}',
  // Relative to the repository's root (the folder of cvmkit.config.yaml).
  readme: 'templates/${name}/README.md.hbs',${s.platform ? `\n  platform: ${s.platform},` : ''}
  build(scope: Construct, id: string, settings?: OrganisationSettings): CoderTemplate {
    const template = new CoderTemplate(scope, id, templateProps(settings, this));${kubevirt ? '\n    const distros = settings?.distros ?? DISTRO_KEYS;' : ''}
    new ${subclass}(template, 'Workspace', ${props});
    return template;
  },
};
`;
  const readme = `---
display_name: {{yaml displayName}}
description: {{yaml description}}
icon: {{yaml icon}}
verified: false
tags: [{{#each tags}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}]
supported_os: [linux]
---

# {{displayName}}

{{description}} Isolation: {{isolation}}.

## What you choose

| parameter | type | default | choices | can change later |
| --- | --- | --- | --- | --- |
{{#each parameters}}
| {{displayName}} (\`{{name}}\`) | {{type}} | {{default}} | {{#each options}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}{{#unless options.length}}{{bounds}}{{/unless}} | {{#if mutable}}yes{{else}}no{{/if}} |
{{/each}}

## Push

\`\`\`sh
coder templates push {{name}} --directory .
\`\`\`

Generated by cvmkit; edit the template's definition, not this folder.
`;
  const test = `// ${name}: this repository's settings offer it, and it synthesizes with what ${subclass} adds.
import * as path from 'path';
import { loadProject, renderTemplate } from 'cvmkit';

test(${quote(`${name} is found through cvmkit.config.yaml and synthesizes with ${s.adds}`)}, async () => {
  // The settings list the compiled modules (npm test builds first).
  const project = loadProject({ dir: path.join(__dirname, '..') });
  const definition = project.templates.find((d) => d.name === '${name}');
  expect(definition).toBeDefined();
  const rendered = await renderTemplate(definition!, 'hcl', project.settings);
  expect(Object.keys(rendered.json.resource)).toContain('${s.compute}');
  expect(rendered.json.resource.coder_agent).toBeDefined();
  expect(rendered.files.get('README.md')).toMatch(/^---\\ndisplay_name: "${title(name)}"\\n/);
  ${s.assertion}
});
`;
  return new Map([
    [`templates/${name}/index.ts`, index],
    [`templates/${name}/README.md.hbs`, readme],
    [`test/${name}.test.ts`, test],
  ]);
}

// ---- Template names: what `cvmkit init` accepts, and why ------------------------------------

/** A DNS-1123 label of 2–42 characters that starts with a letter, with single hyphens (camel-casing "a--b" is no identifier). */
const TEMPLATE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Names a template's variable cannot take, and why: JavaScript's reserved words (strict mode, as
 * in every module), the names TypeScript refuses to redeclare at a module's top level (globals,
 * CommonJS), and the names the scaffolded `index.ts` imports itself.
 */
const RESERVED_VARIABLES = new Map<string, string>([
  ...'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with implements interface let package private protected public static yield await arguments eval'
    .split(' ')
    .map((w) => [w, 'a JavaScript reserved word'] as [string, string]),
  ...'undefined globalThis require exports module'.split(' ').map((w) => [w, "a name TypeScript reserves at a module's top level"] as [string, string]),
  ...'templateProps workspaceProps mirrored pinnedChecksums'.split(' ').map((w) => [w, 'already imported by the scaffolded index.ts'] as [string, string]),
]);

/** Folders under `templates/` that are not templates. */
const RESERVED_FOLDERS: Readonly<Record<string, string>> = { icons: 'templates/icons holds the backend icons' };

function nameRule(name: string): string {
  const where = TEMPLATE_NAME.test(name)
    ? `the folder templates/${name} and the variable \`${camel(name)}\` in templates/${name}/index.ts`
    : 'a folder under templates/ and a variable in its index.ts';
  return `a template name must be a DNS-1123 label of 2–42 characters that starts with a letter (lower-case letters, digits, single "-"), its variable must not be a JavaScript reserved word, and the repository must not have the name yet, because it becomes ${where}`;
}

/** Why `name` is not a DNS-1123 label of 2–42 characters starting with a letter, or undefined. */
export function labelProblem(name: string): string | undefined {
  if (name.length < 2 || name.length > 42) return `it has ${name.length} character${name.length === 1 ? '' : 's'}`;
  if (/[^a-z0-9-]/.test(name)) return 'it has characters other than a-z, 0-9 and "-"';
  if (!/^[a-z]/.test(name)) return 'it does not start with a letter';
  if (name.endsWith('-')) return 'it ends with "-"';
  if (name.includes('--')) return 'it has "--"';
  return undefined;
}

/** Why `name` can never be a template name (a usage error), or undefined. */
export function templateNameProblem(name: string): string | undefined {
  const variable = camel(name);
  let problem = labelProblem(name);
  if (problem === undefined && RESERVED_VARIABLES.has(variable)) problem = `its variable \`${variable}\` is ${RESERVED_VARIABLES.get(variable)}`;
  if (problem === undefined && name in RESERVED_FOLDERS) problem = `it is reserved: ${RESERVED_FOLDERS[name]}`;
  return problem === undefined ? undefined : `template name "${name}" is refused: ${problem}; ${nameRule(name)}`;
}

/** What the name check needs to know of a repository: the template names it offers and which files exist. */
export interface ProjectFiles {
  /** Names of the templates the repository offers already (its own, and the built-in catalog unless `catalog: none`). */
  readonly templateNames: readonly string[];
  exists(relative: string): boolean;
}

/** Why `name` clashes with what `project` already has (a failure, not a usage error), or undefined. */
export function templateNameClash(name: string, project: ProjectFiles): string | undefined {
  let problem: string | undefined;
  if (project.exists(`templates/${name}`)) problem = `templates/${name} already exists`;
  else if (project.templateNames.includes(name))
    problem = `the repository already offers a template named "${name}" (cvmkit's built-in catalog, unless its settings say catalog: none)`;
  else if (project.exists(`test/${name}.test.ts`)) problem = `test/${name}.test.ts already exists`;
  return problem === undefined ? undefined : `template name "${name}" is refused: ${problem}; ${nameRule(name)}`;
}
