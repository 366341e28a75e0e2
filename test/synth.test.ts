// The pipeline end to end: in-process synth of the catalog into pushable folders.
import { DISTRO_KEYS } from '../constructs/kubevirt/distros';
import { splitFrontmatter } from '../src/registry';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CATALOG, selectTemplates } from '../src/catalog';
import { TemplateDefinition } from '../src/definition';
import { synthTemplates } from '../src/synth';
import { KubevirtWorkspace } from '../constructs/kubevirt';
import { CoderTemplate } from '../constructs/core/coder-template';
import { fmtCheck } from './support/terraform';
import { withTerraform } from './support/tools';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-dist-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('synth', () => {
  let results: Awaited<ReturnType<typeof synthTemplates>>;
  beforeAll(async () => {
    results = await synthTemplates(CATALOG, out);
  });

  test('writes main.tf, README.md and the referenced cloud-init files for every template', () => {
    for (const def of CATALOG) {
      const dir = path.join(out, def.name);
      expect(fs.existsSync(path.join(dir, 'main.tf'))).toBe(true);
      // The frontmatter is YAML that parses (descriptions contain colons) and says what the definition says.
      const { frontmatter, body } = splitFrontmatter(fs.readFileSync(path.join(dir, 'README.md'), 'utf8'));
      expect(frontmatter).toMatchObject({ display_name: def.displayName, description: def.description, icon: def.icon, tags: [...def.tags] });
      expect(body).toMatch(new RegExp(`^\\n# ${def.displayName}\\n\\n\\S`));
    }
    const kv = path.join(out, 'kubevirt-vm');
    const mainTf = fs.readFileSync(path.join(kv, 'main.tf'), 'utf8');
    for (const ref of mainTf.matchAll(/cloud-init\/\$\{data\.coder_parameter\.distro\.value\}\.yaml\.tftpl/g)) expect(ref).toBeTruthy();
    expect(fs.readdirSync(path.join(kv, 'cloud-init')).sort()).toHaveLength(DISTRO_KEYS.length);
    expect(fs.readdirSync(path.join(kv, 'provisioning')).sort()).toHaveLength(DISTRO_KEYS.length);
  });

  withTerraform('main.tf is HCL that passes `terraform fmt -check`, with no backend block', () => {
    const { ok, output } = fmtCheck(out);
    expect(output).toBe('');
    expect(ok).toBe(true);
    const mainTf = fs.readFileSync(path.join(out, 'kubevirt-vm', 'main.tf'), 'utf8');
    expect(mainTf).toMatch(/required_providers \{/);
    expect(mainTf).not.toMatch(/backend\s+"/);
    expect(mainTf).toMatch(/resource "kubernetes_manifest" "vm"/);
  });

  test('reports resources per template', () => {
    const kv = results.find((r) => r.definition.name === 'kubevirt-vm')!;
    expect(kv.resources).toBe(11);
  });

  test('fails naming the construct path and prop, and writes nothing', async () => {
    const before = fs.readFileSync(path.join(out, 'kubevirt-vm', 'main.tf'), 'utf8');
    const broken: TemplateDefinition = {
      ...CATALOG[0],
      name: 'broken',
      build(scope, id) {
        const t = new CoderTemplate(scope, id);
        new KubevirtWorkspace(t, 'Workspace', { rootDiskSize: { default: '4GB', min: '16Gi', max: '32Gi' } });
        return t;
      },
    };
    await expect(synthTemplates([CATALOG[0], broken], out)).rejects.toThrow('broken/Workspace: invalid rootDiskSize.default: "4GB"');
    expect(fs.existsSync(path.join(out, 'broken'))).toBe(false);
    expect(fs.readFileSync(path.join(out, 'kubevirt-vm', 'main.tf'), 'utf8')).toBe(before);
    expect(fs.readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  test('replaces a template folder whole: stale files disappear', async () => {
    fs.writeFileSync(path.join(out, 'kubevirt-vm', 'stale.tf'), 'x');
    await synthTemplates(selectTemplates(['kubevirt-vm']), out);
    expect(fs.existsSync(path.join(out, 'kubevirt-vm', 'stale.tf'))).toBe(false);
  });

  test('--format json writes main.tf.json without cdktf metadata', async () => {
    const jsonOut = path.join(out, 'json');
    await synthTemplates(selectTemplates(['kubevirt-vm']), jsonOut, 'json');
    const json = JSON.parse(fs.readFileSync(path.join(jsonOut, 'kubevirt-vm', 'main.tf.json'), 'utf8'));
    expect(json['//']).toBeUndefined();
    expect(json.resource.kubernetes_manifest.vm).toBeDefined();
  });

  test('unknown template names are rejected with the catalog listed', () => {
    expect(() => selectTemplates(['nope'])).toThrow('unknown template(s): nope; the catalog has kubevirt-vm');
  });
});
