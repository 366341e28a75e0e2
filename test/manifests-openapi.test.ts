// Every Kubernetes object the catalog and the platform stacks create through kubernetes_manifest
// validates against the upstream OpenAPI specs (KubeVirt 1.9.0, CDI 1.66.0, Kubernetes 1.36).
import { CATALOG } from '../src/catalog';
import { renderPlatform } from '../src/platform-synth';
import { renderTemplate } from '../src/synth';
import { openApiProblems } from '../src/simulator/apiserver';

test('every kubernetes_manifest body of every template and platform stack is valid, with no unknown fields', async () => {
  const templates = [];
  for (const d of CATALOG) templates.push(await renderTemplate(d));
  const platform = await renderPlatform(templates);
  const manifests = [...templates, ...platform].flatMap((r) =>
    Object.entries((r.json.resource?.kubernetes_manifest ?? {}) as Record<string, any>).map(([name, body]) => ({ name, manifest: body.manifest })),
  );
  expect([...new Set(manifests.map((m) => m.manifest.kind))].sort()).toEqual(['DataImportCron', 'DataSource', 'DataVolume', 'RuntimeClass', 'VirtualMachine']);
  for (const { name, manifest } of manifests) expect({ name, problems: openApiProblems(manifest) }).toEqual({ name, problems: [] });
});

test('the check has teeth: a misspelt field, a wrong type and a field in the wrong place are reported', async () => {
  const vm = (await renderTemplate(CATALOG.find((d) => d.name === 'kubevirt-vm')!)).json.resource.kubernetes_manifest.vm.manifest;
  const typo = JSON.parse(JSON.stringify(vm));
  typo.spec.template.spec.domain.cpu.coress = 2;
  expect(openApiProblems(typo)).toContainEqual('spec.template.spec.domain.cpu.coress: unknown field');
  const wrongType = JSON.parse(JSON.stringify(vm));
  wrongType.spec.template.spec.terminationGracePeriodSeconds = 'soon';
  expect(openApiProblems(wrongType)).toContainEqual('spec.template.spec.terminationGracePeriodSeconds: must be of type integer');
  const rc = { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'x' }, handler: 'runsc', overhead: { cpu: '250m' } };
  expect(openApiProblems(rc)).toContainEqual('overhead.cpu: unknown field');
});
