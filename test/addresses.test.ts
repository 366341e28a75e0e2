// Construct ids are Terraform state: renaming one replaces the resource (for a disk, data loss).
// This pins every address each shipped template creates; change it only with a `moved` block.
import { Testing } from 'cdktf';
import { CATALOG } from '../src/catalog';

const PINNED: Record<string, string[]> = {
  'kubevirt-vm': [
    'coder_agent.main',
    'coder_app.code_server',
    'coder_metadata.vm_info',
    'coder_script.code_server',
    'data.coder_parameter.cpu',
    'data.coder_parameter.disk_size',
    'data.coder_parameter.distro',
    'data.coder_parameter.memory',
    'data.coder_workspace.me',
    'data.coder_workspace_owner.me',
    'kubernetes_manifest.root_disk',
    'kubernetes_manifest.vm',
    'kubernetes_secret_v1.cloud_init',
    'kubernetes_service_v1.vm_dns',
  ],
};

test.each(CATALOG.map((d) => d.name))('%s keeps its resource addresses', (name) => {
  const definition = CATALOG.find((d) => d.name === name)!;
  const json = JSON.parse(Testing.synth(definition.build(Testing.app({ stackTraces: false }), name), true));
  const addresses = [
    ...Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((n) => `${type}.${n}`)),
    ...Object.entries(json.data ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((n) => `data.${type}.${n}`)),
  ].sort();
  expect(addresses).toEqual(PINNED[name]);
});
