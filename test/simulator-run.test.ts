// The run folder terraform works in: the simulator's build clock, and the part of the kubernetes
// schema each command is served.
import * as fs from 'fs';
import * as path from 'path';
import { prepareRun, removeRuns, setBuildClock, terraform } from '../src/simulator/harness';
import { kubernetesSchemas } from '../src/simulator/kubernetes-schema';
import { namedWords, servedSchemas } from '../src/simulator/served-types';
import { SimulatedWorkspace } from '../src/simulator/workspace';
import { cleanOutput } from '../src/simulator/lifecycle';
import { withTerraform } from './support/tools';

jest.setTimeout(120_000);
afterAll(removeRuns);

const PROVIDERS = `terraform {
  required_providers {
    kubernetes = { source = "hashicorp/kubernetes" }
    coder      = { source = "coder/coder" }
  }
}
`;

describe('the build clock', () => {
  test('build n sees plantimestamp() plus n seconds; literal text and files without the call are left alone', async () => {
    const hcl = 'locals {\n  id   = substr(sha1(plantimestamp()), 0, 8)\n  text = "$${plantimestamp()}"\n}\n';
    const json = JSON.stringify({ locals: { id: '${sha1(plantimestamp( ))}' } });
    const run = await prepareRun(
      new Map([
        ['main.tf', hcl],
        ['extra.tf.json', json],
        ['other.tf', '# no clock here\n'],
      ]),
    );
    fs.writeFileSync(path.join(run.dir, 'other.tf'), '# touched by the test\n');
    setBuildClock(run, 7);
    const main = fs.readFileSync(path.join(run.dir, 'main.tf'), 'utf8');
    expect(main).toContain('substr(sha1(timeadd(plantimestamp(), "7s")), 0, 8)');
    expect(main).toContain('text = "$${plantimestamp()}"');
    // Still JSON, with the offset's quotes escaped inside the string.
    expect(JSON.parse(fs.readFileSync(path.join(run.dir, 'extra.tf.json'), 'utf8')).locals.id).toBe('${sha1(timeadd(plantimestamp(), "7s"))}');
    expect(fs.readFileSync(path.join(run.dir, 'other.tf'), 'utf8')).toBe('# touched by the test\n');
  });

  withTerraform('builds in the same second get distinct, increasing plan times (HCL and JSON)', async () => {
    const files = new Map([
      ['main.tf', `${PROVIDERS}output "at" {\n  value = plantimestamp()\n}\n`],
      ['more.tf.json', JSON.stringify({ output: { also: { value: '${plantimestamp()}' } } })],
    ]);
    const workspace = await SimulatedWorkspace.create(files);
    const times: [string, string][] = [];
    for (const step of ['one', 'two', 'three']) {
      const row = await workspace.build(step, 'start');
      expect(row.errors).toEqual([]);
      const outputs = JSON.parse(fs.readFileSync(path.join(workspace.run.dir, 'terraform.tfstate'), 'utf8')).outputs;
      times.push([outputs.at.value, outputs.also.value]);
    }
    // Three builds well inside a few seconds; each plan time is later than the one before.
    for (const [at, also] of times) expect(at).toBe(also);
    const seconds = times.map(([at]) => Date.parse(at));
    expect(seconds[1]).toBeGreaterThan(seconds[0]);
    expect(seconds[2]).toBeGreaterThan(seconds[1]);
    expect(seconds[2] - Date.now()).toBeLessThan(10_000);
  });
});

describe('the served kubernetes schema', () => {
  const all = kubernetesSchemas();

  test('holds the types the configuration, its modules and the state name, and the whole schema when a name is no type', () => {
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'cvmkit-served-'));
    fs.writeFileSync(path.join(dir, 'main.tf'), 'resource "kubernetes_secret_v1" "a" {}\ndata "kubernetes_namespace_v1" "ns" {}\n');
    fs.mkdirSync(path.join(dir, '.terraform', 'modules', 'm'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.terraform', 'modules', 'm', 'main.tf'), 'resource "kubernetes_config_map_v1" "c" {}\n');
    // A type only the state still has (removed from the configuration): terraform needs it to plan its deletion.
    fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify({ resources: [{ type: 'kubernetes_pod_v1' }] }));
    expect([...namedWords(dir, 'kubernetes')].sort()).toEqual([
      'kubernetes_config_map_v1',
      'kubernetes_namespace_v1',
      'kubernetes_pod_v1',
      'kubernetes_secret_v1',
    ]);
    const served = servedSchemas(all, dir, 'kubernetes');
    // A name is served as each kind that has it (these four are resources and data sources alike).
    expect(Object.keys(served.resources).sort()).toEqual(['kubernetes_config_map_v1', 'kubernetes_namespace_v1', 'kubernetes_pod_v1', 'kubernetes_secret_v1']);
    expect(Object.keys(served.dataSources).sort()).toEqual([
      'kubernetes_config_map_v1',
      'kubernetes_namespace_v1',
      'kubernetes_pod_v1',
      'kubernetes_secret_v1',
    ]);
    expect(served.provider).toBe(all.provider);
    fs.appendFileSync(path.join(dir, 'main.tf'), 'resource "kubernetes_secret_v9" "typo" {}\n');
    expect(servedSchemas(all, dir, 'kubernetes')).toBe(all);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  withTerraform("an unknown type gets terraform's own error and suggestion from the whole list; a type only the state has is deleted", async () => {
    const typo = await prepareRun(new Map([['main.tf', `${PROVIDERS}resource "kubernetes_config_mapp_v1" "c" {\n  metadata {\n    name = "c"\n  }\n}\n`]]));
    const bad = await terraform(typo, ['validate', '-no-color']);
    expect(bad.status).toBe(1);
    expect(cleanOutput(bad).replace(/\s+/g, ' ')).toContain(
      'The provider hashicorp/kubernetes does not support resource type "kubernetes_config_mapp_v1". Did you mean "kubernetes_config_map_v1"?',
    );
    // Created as a config map, then the configuration drops it: only the state names its type.
    const withMap = `${PROVIDERS}resource "kubernetes_config_map_v1" "c" {\n  metadata {\n    name      = "c"\n    namespace = "default"\n  }\n}\n`;
    const workspace = await SimulatedWorkspace.create(new Map([['main.tf', withMap]]));
    expect((await workspace.build('create', 'start')).created).toEqual(['kubernetes_config_map_v1.c']);
    workspace.upgrade(new Map([['main.tf', PROVIDERS]]));
    const dropped = await workspace.build('drop', 'start');
    expect(dropped.errors).toEqual([]);
    expect(dropped.deleted).toEqual(['kubernetes_config_map_v1.c']);
  });
});
