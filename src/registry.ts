// The Coder template registry's layout and README rules, applied to what `cvmkit publish` writes.
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

/** Frontmatter keys the registry's README validation accepts for a template. */
export const TEMPLATE_KEYS = ['display_name', 'description', 'icon', 'verified', 'tags', 'supported_os', 'maintainer_github'] as const;
const NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const RESOURCE = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;

/** Splits a README into its frontmatter object and body. */
export function splitFrontmatter(readme: string): { frontmatter: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(readme);
  if (!m) throw new Error('README has no frontmatter fenced by two --- lines');
  return { frontmatter: (parseYaml(m[1]) ?? {}) as Record<string, unknown>, body: m[2] };
}

/** Joins frontmatter and body. */
export function joinFrontmatter(frontmatter: Record<string, unknown>, body: string): string {
  return `---\n${stringifyYaml(frontmatter).trimEnd()}\n---\n${body}`;
}

/**
 * The registry's checks of a template README (cmd/readmevalidation): known keys only, a
 * description, an icon that is a relative `../../../../.icons/` path to an existing file, tags
 * present and URL-safe, known OSes; a body that starts with one `# ` heading followed by a
 * paragraph, headings that step down one level at a time, closed code fences, and no `hcl`
 * fences. Returns the problems (empty when valid).
 */
export function registryReadmeProblems(readme: string, templateDir: string): string[] {
  const problems: string[] = [];
  let frontmatter: Record<string, unknown>;
  let body: string;
  try {
    ({ frontmatter, body } = splitFrontmatter(readme));
  } catch (err) {
    return [(err as Error).message];
  }
  for (const key of Object.keys(frontmatter)) if (!(TEMPLATE_KEYS as readonly string[]).includes(key)) problems.push(`detected unknown key "${key}"`);
  if (frontmatter.display_name !== undefined && String(frontmatter.display_name).trim() === '') problems.push('display_name is empty');
  if (typeof frontmatter.description !== 'string' || frontmatter.description.trim() === '') problems.push('description is missing');
  const icon = frontmatter.icon;
  if (typeof icon !== 'string' || !icon.startsWith('../../../../.icons/')) problems.push('icon must be a relative path starting with ../../../../.icons/');
  else if (!fs.existsSync(path.resolve(templateDir, icon))) problems.push(`icon ${icon} does not exist`);
  if (!Array.isArray(frontmatter.tags)) problems.push('tags are missing');
  else for (const t of frontmatter.tags) if (encodeURIComponent(String(t)) !== String(t)) problems.push(`tag "${t}" is not URL-safe`);
  if (frontmatter.verified !== undefined && typeof frontmatter.verified !== 'boolean') problems.push('verified must be a boolean');
  for (const os of (frontmatter.supported_os as unknown[]) ?? [])
    if (!['windows', 'macos', 'linux'].includes(String(os))) problems.push(`unknown supported_os "${os}"`);

  const lines = body.split('\n');
  let inFence = false;
  let level = 0;
  let h1 = 0;
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0 || !/^# \S/.test(lines[first])) problems.push('the body must start with a "# " heading');
  else {
    const next = lines.slice(first + 1).find((l) => l.trim() !== '');
    if (next === undefined || /^(#|```|\||-|\*|>)/.test(next)) problems.push('the "# " heading must be followed by a paragraph');
  }
  for (const line of lines) {
    const fence = /^```(\S*)/.exec(line);
    if (fence) {
      if (!inFence && fence[1] === 'hcl') problems.push('```hcl fences are rejected: use ```tf');
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const heading = /^(#+)(\s?)/.exec(line);
    if (!heading) continue;
    if (heading[2] !== ' ') problems.push(`heading without a space: "${line}"`);
    const n = heading[1].length;
    if (n === 1) h1++;
    if (n > 6 || n > level + 1) problems.push(`heading level jumps to ${n}: "${line}"`);
    level = n;
  }
  if (inFence) problems.push('a code fence is not closed');
  if (h1 > 1) problems.push('more than one "# " heading');
  return problems;
}

/** Checks a registry namespace and template names. */
export function checkRegistryNames(namespace: string, templates: readonly string[]): void {
  if (!NAME.test(namespace)) throw new Error(`namespace "${namespace}" must match ${NAME.source}`);
  for (const t of templates) if (!RESOURCE.test(t)) throw new Error(`template name "${t}" must match ${RESOURCE.source}`);
}
