// The cluster a catalog template meets: what the installers put there (CRDs, RuntimeClasses, Coder's
// namespace), then the platform stacks applied through terraform, as a platform team does before it
// pushes templates. Template runs start from the result (a baseline), so the simulated API server
// checks that their namespaces, RuntimeClasses and CRDs exist and that their pods meet the
// namespaces' Pod Security level.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CATALOG } from '../catalog';
import { TemplateDefinition } from '../definition';
import { catalogJson, renderPlatform } from '../platform-synth';
import { OrganisationSettings } from '../settings';
import { ApiObject, Baseline, baselineAfter, CDI_CRDS, KUBEVIRT_CRDS, namespace, runtimeClass, writeBaseline } from './apiserver';
import { prepareRun, terraform } from './harness';

/**
 * What a cluster has before cvmkit's platform stacks: the KubeVirt and CDI operators' CRDs, the
 * RuntimeClasses the runtime installers create (sysbox-deploy: `sysbox-runc`; Gardener's gVisor
 * extension: `gvisor`; kata-deploy: `kata-qemu`, `kata-clh`, `kata-fc`) and Coder's own namespace.
 */
export const INSTALLED: Baseline = {
  crds: [...KUBEVIRT_CRDS, ...CDI_CRDS],
  objects: [namespace('coder'), ...['sysbox-runc', 'gvisor', 'kata-qemu', 'kata-clh', 'kata-fc'].map((n) => runtimeClass(n))],
};

const cache = new Map<string, Promise<Baseline>>();

/**
 * The cluster after the platform stacks of `definitions` rendered with each of `settings` in turn
 * (e.g. the settings, then the upgraded settings: a platform team applies the new platform before
 * it pushes the new template version). Each stack is one `terraform apply` on a simulated cluster
 * that starts where the previous one ended; a refused apply throws with terraform's output.
 * Cached per process.
 */
export function platformBaseline(
  settings: readonly OrganisationSettings[] = [{}],
  definitions: readonly TemplateDefinition[] = CATALOG,
  start: Baseline = INSTALLED,
): Promise<Baseline> {
  const key = JSON.stringify([settings, definitions.map((d) => d.name), start]);
  if (!cache.has(key)) cache.set(key, applyPlatforms(settings, definitions, start));
  return cache.get(key)!;
}

/**
 * The simulator's own code, by file size and time: a cached cluster is reused only by the code
 * that made it (its admission rules decide what a platform apply leaves behind).
 */
let codeKey: string | undefined;
function simulatorCode(): string {
  if (codeKey === undefined) {
    const hash = createHash('sha256');
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const f = path.join(dir, e.name);
        if (e.isDirectory()) walk(f);
        else if (/\.(js|ts)$/.test(e.name)) {
          const st = fs.statSync(f);
          hash.update(`${f}|${st.size}|${st.mtimeMs}\n`);
        }
      }
    };
    walk(__dirname);
    codeKey = hash.digest('hex');
  }
  return codeKey;
}

/**
 * Applies each rendered platform stack on the cluster the previous one left. The cluster after each
 * apply is kept on disk (os.tmpdir()/cvmkit-platform-cache), keyed by the cluster before, the stack's
 * files and the simulator's code: the same stacks on the same cluster always end the same way, and
 * every later command or test process starts from the file (~1 s of terraform per stack saved).
 */
async function applyPlatforms(settings: readonly OrganisationSettings[], definitions: readonly TemplateDefinition[], start: Baseline): Promise<Baseline> {
  let baseline = start;
  const cacheDir = path.join(os.tmpdir(), 'cvmkit-platform-cache');
  for (const s of settings) {
    const templates = catalogJson(definitions, s);
    for (const stack of await renderPlatform(templates, undefined, s)) {
      const key = createHash('sha256')
        .update(JSON.stringify([simulatorCode(), baseline, [...stack.files].sort()]))
        .digest('hex')
        .slice(0, 40);
      const cached = path.join(cacheDir, `${key}.json`);
      if (fs.existsSync(cached)) {
        baseline = JSON.parse(fs.readFileSync(cached, 'utf8')) as Baseline;
        continue;
      }
      const run = await prepareRun(stack.files);
      writeBaseline(run.simDir, baseline);
      const r = await terraform(run, ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve']);
      if (r.status !== 0) throw new Error(`platform stack ${stack.definition.name} was refused:\n${r.stdout}${r.stderr}`);
      baseline = baselineAfter(run.simDir);
      fs.mkdirSync(cacheDir, { recursive: true });
      const tmp = `${cached}.${process.pid}`;
      fs.writeFileSync(tmp, JSON.stringify(baseline));
      fs.renameSync(tmp, cached);
    }
    baseline = { ...baseline, objects: [...(baseline.objects ?? []), ...providedByHand(templates, baseline)] };
  }
  return baseline;
}

/**
 * What the platform team provides by hand because no stack can make it: the Windows golden images
 * the templates clone (`local.windows_golden_image`; cvmkit cannot download Windows: licensing),
 * as the DataSource pointing at the PVC the team uploaded. Only those the cluster lacks.
 */
function providedByHand(templates: ReturnType<typeof catalogJson>, baseline: Baseline): ApiObject[] {
  const has = (ns: string, name: string) =>
    (baseline.objects ?? []).some((o) => o.kind === 'DataSource' && o.metadata.namespace === ns && o.metadata.name === name);
  const images = new Map<string, { namespace: string; name: string }>();
  for (const t of templates) {
    const image = t.json.locals?.windows_golden_image as { namespace: string; name: string } | undefined;
    if (image !== undefined && !has(image.namespace, image.name)) images.set(`${image.namespace}/${image.name}`, image);
  }
  return [...images.values()].map(({ namespace: ns, name }) => ({
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'DataSource',
    metadata: { name, namespace: ns },
    spec: { source: { pvc: { name, namespace: ns } } },
  }));
}
