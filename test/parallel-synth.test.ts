// Many templates on worker threads write what one thread writes, write nothing when one fails, and skip what did not change.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { catalogOfSize } from '../bench/variants';
import { IN_THREAD_LIMIT, synthCatalog } from '../src/catalog-synth';
import { MANIFEST_FILE } from '../src/incremental';
import { projectPath } from '../src/paths';
import { synthTemplates } from '../src/synth';
import { CatalogSource } from '../src/synth-worker';

// Workers run the compiled build (lib/), which `npm test` makes first.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-parallel-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const N = IN_THREAD_LIMIT + 6;
const variants: CatalogSource = { module: projectPath('lib/bench/variants.js'), export: 'catalogOfSize', args: [N] };

/** Every file under `dir`, relative path to content. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

test(`${N} templates on two workers are byte-identical to one thread's synth`, async () => {
  const one = path.join(tmp, 'one');
  const two = path.join(tmp, 'two');
  await synthTemplates(catalogOfSize(N), one);
  const run = await synthCatalog({ definitions: catalogOfSize(N), source: variants, outDir: two, jobs: 2 });
  expect(run.workers?.workersStarted).toBe(2);
  expect(run.rendered.map((r) => r.definition.name)).toEqual(catalogOfSize(N).map((d) => d.name));
  expect(tree(two)).toEqual(tree(one));
});

test("fails with the failing template's error, and writes and leaves nothing", async () => {
  const out = path.join(tmp, 'broken');
  const module = path.join(tmp, 'broken-catalog.js');
  fs.writeFileSync(
    module,
    `const { catalogOfSize } = require(${JSON.stringify(projectPath('lib/bench/variants.js'))});
exports.catalog = (n) => [...catalogOfSize(n), { ...catalogOfSize(1)[0], name: 'broken', build() { throw new Error('broken on purpose'); } }];\n`,
  );
  const { catalog } = require(module);
  await expect(synthCatalog({ definitions: catalog(N), source: { module, export: 'catalog', args: [N] }, outDir: out, jobs: 2 })).rejects.toThrow(
    'broken on purpose',
  );
  expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
});

describe('incremental', () => {
  const out = path.join(tmp, 'incremental');
  const definitions = catalogOfSize(3);
  const run = (extra: object = {}) => synthCatalog({ definitions, source: { module: 'cvmkit:catalog' }, outDir: out, incremental: true, ...extra });
  const names = (ds: { definition?: { name: string }; name?: string }[]) => ds.map((d) => d.definition?.name ?? d.name);

  test('records the inputs, then skips every unchanged template', async () => {
    expect((await run()).rendered).toHaveLength(3);
    expect(fs.existsSync(path.join(out, MANIFEST_FILE))).toBe(true);
    const again = await run();
    expect(again.rendered).toEqual([]);
    expect(names(again.unchanged)).toEqual(definitions.map((d) => d.name));
  });

  test('renders again a template whose folder was edited, and only that one', async () => {
    fs.appendFileSync(path.join(out, definitions[1].name, 'main.tf'), '# edited\n');
    const again = await run();
    expect(names(again.rendered)).toEqual([definitions[1].name]);
    expect(fs.readFileSync(path.join(out, definitions[1].name, 'main.tf'), 'utf8')).not.toContain('# edited');
  });

  test('renders everything again when the settings or the format change', async () => {
    expect(names((await run({ settings: { storageClass: 'fast-ssd' } })).rendered)).toEqual(definitions.map((d) => d.name));
    expect((await run({ settings: { storageClass: 'fast-ssd' } })).rendered).toEqual([]);
    expect((await run({ settings: { storageClass: 'fast-ssd' }, format: 'json' })).rendered).toHaveLength(3);
  });

  test('a definition that changes renders again', async () => {
    const changed = [definitions[0], { ...definitions[1], description: 'Another description.' }, definitions[2]];
    const again = await synthCatalog({
      definitions: changed,
      source: { module: 'cvmkit:catalog' },
      outDir: out,
      incremental: true,
      settings: { storageClass: 'fast-ssd' },
      format: 'json',
    });
    expect(names(again.rendered)).toEqual([definitions[1].name]);
  });
});
