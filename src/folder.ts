// Reads a Coder template folder (as pushed or pulled) into memory: every file, relative path to content.
import * as fs from 'fs';
import * as path from 'path';

/**
 * Terraform's own files in a folder, which are the workspace's or the machine's, not the
 * template's; nor is cvmkit's marker file (`coder templates push` does not upload hidden files).
 */
const NOT_TEMPLATE = /^(\.terraform(\/|$)|\.terraform\.lock\.hcl$|terraform\.tfstate|.*\.tfplan$|\.cvmkit-generated$)/;

/** Every file under `dir` except Terraform's working files; throws when `dir` has no `.tf`/`.tf.json` file. */
export function readTemplateFolder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (NOT_TEMPLATE.test(child)) continue;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files.set(child, fs.readFileSync(path.join(dir, child), 'utf8'));
    }
  };
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
  walk('');
  if (![...files.keys()].some((f) => /\.tf(\.json)?$/.test(f) && !f.includes('/'))) throw new Error(`${dir} holds no Terraform file (main.tf or *.tf.json)`);
  return files;
}
