// Workspace identity: object names from the immutable workspace id, the DNS Service name that follows
// renames without collisions, label-safe names; the Terraform expressions evaluated by real terraform.
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Fn, TerraformLocal, TerraformStack, TerraformVariable } from 'cdktf';
import { CoderTemplate } from '../constructs/core/coder-template';
import { labelValue, serviceName, serviceNameValue, WorkspaceIdentity } from '../constructs/core/identity';
import { isDnsLabel } from '../constructs/core/names';
import { renderStackHcl } from '../src/hcl';
import { evaluate } from './support/terraform';
import { synthTemplate } from './support/synth';
import { withTerraform } from './support/tools';

// Coder's rule for usernames and workspace names: alphanumerics separated by single hyphens, ≤ 32.
const coderName = fc.stringMatching(/^[A-Za-z0-9]{1,8}(-[A-Za-z0-9]{1,8}){0,3}$/).filter((n) => n.length <= 32);
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

describe('the DNS Service name', () => {
  test('is coder-<owner>-<workspace> for owners without a hyphen', () => {
    expect(serviceName('alice', 'dev')).toBe('coder-alice-dev');
    expect(serviceName('Alice', 'My-Workspace')).toBe('coder-alice-my-workspace');
  });

  test("keeps owner a-b's workspace c apart from owner a's workspace b-c (a hyphen in the owner is doubled)", () => {
    expect(serviceName('a-b', 'c')).toBe('coder-a--b-c');
    expect(serviceName('a', 'b-c')).toBe('coder-a-b-c');
  });

  test('never maps two different workspaces to one name, and is always a DNS-1123 label', () => {
    fc.assert(
      fc.property(coderName, coderName, coderName, coderName, (o1, w1, o2, w2) => {
        const [a, b] = [serviceName(o1, w1), serviceName(o2, w2)];
        expect(isDnsLabel(a)).toBe(true);
        if (o1.toLowerCase() !== o2.toLowerCase() || w1.toLowerCase() !== w2.toLowerCase()) expect(a).not.toBe(b);
      }),
      { numRuns: 2000 },
    );
  });
});

/** A bare stack without cdktf's default local backend, so terraform console needs no init. */
class NoBackendStack extends TerraformStack {
  public ensureBackendExists(): never {
    return undefined as never;
  }
}

withTerraform('serviceNameValue and labelValue evaluate in real terraform to the rules above', async () => {
  const samples = fc.sample(fc.tuple(coderName, coderName), { numRuns: 30, seed: 7 });
  samples.push(['a-b', 'c'], ['a', 'b-c'], ['O'.repeat(32), 'w-'.repeat(15) + 'xy'], ['_weird name!', '.dots.']);
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-identity-')), stackTraces: false });
  const stack = new NoBackendStack(app, 'identity');
  const owners = new TerraformVariable(stack, 'owners', { type: 'list(string)' });
  const workspaces = new TerraformVariable(stack, 'workspaces', { type: 'list(string)' });
  samples.forEach((_, i) => {
    const owner = Fn.element(owners.listValue, i);
    new TerraformLocal(stack, `service_${i}`, serviceNameValue(owner, Fn.element(workspaces.listValue, i)));
    new TerraformLocal(stack, `label_${i}`, labelValue(owner));
  });
  app.synth();
  fs.writeFileSync(path.join(app.outdir, 'main.tf'), renderStackHcl(stack));
  const values = evaluate(
    samples.flatMap((_, i) => [`local.service_${i}`, `local.label_${i}`]),
    app.outdir,
    { owners: JSON.stringify(samples.map(([o]) => o)), workspaces: JSON.stringify(samples.map(([, w]) => w)) },
  ) as string[];
  samples.forEach(([o, w], i) => {
    expect(values[2 * i]).toBe(serviceName(o, w));
    expect(values[2 * i + 1]).toMatch(LABEL_VALUE);
    expect(values[2 * i + 1].length).toBeLessThanOrEqual(63);
  });
  expect(values[2 * (samples.length - 1) + 1]).toBe('weird_name');
  fs.rmSync(app.outdir, { recursive: true, force: true });
});

describe('WorkspaceIdentity', () => {
  test('names objects coder-<workspace id>[-suffix] and keeps names out of object names', () => {
    const { json } = synthTemplate((t) => {
      const id = WorkspaceIdentity.of(t);
      new TerraformLocal(t, 'home', id.objectName('-home'));
      expect(WorkspaceIdentity.of(t)).toBe(id);
    });
    expect(json.locals.workspace_name).toBe('coder-${lower(data.coder_workspace.me.id)}');
    expect(json.locals.home).toBe('${local.workspace_name}-home');
  });

  test('fails when a suffix would make a name longer than 63 characters or is not a label', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-identity-')) });
    const id = WorkspaceIdentity.of(new CoderTemplate(app, 'tpl'));
    expect(() => id.objectName('-a-suffix-that-is-far-too-long')).toThrow(
      'tpl/WorkspaceIdentity: invalid suffix: "-a-suffix-that-is-far-too-long" must be "-" followed by at most 20 characters of [a-z0-9-]',
    );
    expect(() => id.objectName('home')).toThrow(/invalid suffix: "home" must be "-" followed by/);
  });
});
