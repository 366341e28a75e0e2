import * as fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Fn, TerraformLocal, TerraformStack, TerraformVariable } from 'cdktf';
import { dnsName, dnsNameValue, isDnsLabel } from '../constructs/core/names';
import { evaluate } from './support/terraform';
import { renderStackHcl } from '../src/hcl';
import { withTerraform } from './support/tools';

// Coder user and workspace names are [A-Za-z0-9-]; the rule must also survive anything else.
const coderName = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/);
const anyName = fc.string({ minLength: 1, maxLength: 80, unit: fc.constantFrom(...'aZ09-_. @ÄéX/'.split('')) });

describe('dnsName', () => {
  test('always yields a DNS-1123 label of at most 63 characters for Coder names', () => {
    fc.assert(
      fc.property(coderName, coderName, (owner, ws) => {
        const name = dnsName(`coder-${owner}-${ws}`);
        expect(isDnsLabel(name)).toBe(true);
        expect(isDnsLabel(dnsName(`coder-${owner}-${ws}`, '-cloudinit'))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test('is deterministic, keeps short names readable and keeps long names apart', () => {
    expect(dnsName('coder-Alice-My_WS')).toBe('coder-alice-my-ws');
    fc.assert(
      fc.property(anyName, anyName, (a, b) => {
        expect(dnsName(`coder-${a}`)).toBe(dnsName(`coder-${a}`));
        const [x, y] = [dnsName(`coder-${a}`), dnsName(`coder-${b}`)];
        if (x === y) expect(`coder-${a}`.toLowerCase().replace(/[^a-z0-9-]/g, '-')).toBe(`coder-${b}`.toLowerCase().replace(/[^a-z0-9-]/g, '-'));
        expect([...x].length).toBeLessThanOrEqual(63);
      }),
      { numRuns: 500 },
    );
  });

  test('truncates with a stable hash when owner and workspace are both 32 characters', () => {
    const name = dnsName(`coder-${'o'.repeat(32)}-${'w'.repeat(32)}`, '-root');
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^coder-o+-w*-[0-9a-f]{8}-root$/);
  });
});

/** A bare stack without cdktf's default local backend, so terraform console needs no init. */
class NoBackendStack extends TerraformStack {
  public ensureBackendExists(): never {
    return undefined as never;
  }
}

describe('dnsNameValue (the Terraform expression)', () => {
  withTerraform('evaluates in real terraform to exactly what dnsName computes', async () => {
    const samples = fc.sample(fc.tuple(coderName, coderName), { numRuns: 40, seed: 42 });
    samples.push(['Alice', 'My-Workspace'], ['o'.repeat(32), 'w'.repeat(32)]);
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-names-')), hclOutput: true, stackTraces: false });
    const stack = new NoBackendStack(app, 'names');
    const owner = new TerraformVariable(stack, 'owner', { type: 'list(string)' });
    const ws = new TerraformVariable(stack, 'ws', { type: 'list(string)' });
    const suffixes = ['', '-root', '-cloudinit'];
    samples.forEach((_, i) =>
      suffixes.forEach((suffix, j) => {
        const base = Fn.join('-', ['coder', Fn.element(owner.listValue, i), Fn.element(ws.listValue, i)]);
        new TerraformLocal(stack, `n_${i}_${j}`, dnsNameValue(base, suffix));
      }),
    );
    app.synth();
    const dir = app.outdir;
    fs.writeFileSync(path.join(dir, 'main.tf'), await renderStackHcl(stack));
    const exprs = samples.flatMap((_, i) => suffixes.map((__, j) => `local.n_${i}_${j}`));
    const values = evaluate(exprs, dir, {
      owner: JSON.stringify(samples.map(([o]) => o)),
      ws: JSON.stringify(samples.map(([, w]) => w)),
    });
    const expected = samples.flatMap(([o, w]) => suffixes.map((s) => dnsName(`coder-${o}-${w}`, s)));
    expect(values).toEqual(expected);
    fs.rmSync(app.outdir, { recursive: true, force: true });
  });
});
