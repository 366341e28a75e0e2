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
    'coder_script.provisioning',
    'data.coder_parameter.cpu',
    'data.coder_parameter.disk_size',
    'data.coder_parameter.distro',
    'data.coder_parameter.memory',
    'data.coder_workspace.me',
    'data.coder_workspace_owner.me',
    'kubernetes_manifest.root_disk',
    'kubernetes_manifest.vm',
    'kubernetes_network_policy_v1.same_owner',
    'kubernetes_secret_v1.cloud_init',
    'kubernetes_service_v1.vm_dns',
    'terraform_data.build',
  ],
  'sysbox-cvm': [
    'coder_agent.main',
    'coder_app.code_server',
    'coder_metadata.workspace_info',
    'coder_script.code_server',
    'data.coder_parameter.cpu',
    'data.coder_parameter.home_disk_size',
    'data.coder_parameter.memory',
    'data.coder_workspace.me',
    'data.coder_workspace_owner.me',
    'kubernetes_deployment_v1.main',
    'kubernetes_network_policy_v1.same_owner',
    'kubernetes_persistent_volume_claim_v1.docker_data',
    'kubernetes_persistent_volume_claim_v1.home',
    'kubernetes_secret_v1.agent_token',
  ],
  'envbox-cvm': [
    'coder_agent.main',
    'coder_app.code_server',
    'coder_metadata.workspace_info',
    'coder_script.code_server',
    'data.coder_parameter.cpu',
    'data.coder_parameter.home_disk_size',
    'data.coder_parameter.image',
    'data.coder_parameter.memory',
    'data.coder_workspace.me',
    'data.coder_workspace_owner.me',
    'kubernetes_deployment_v1.main',
    'kubernetes_network_policy_v1.same_owner',
    'kubernetes_persistent_volume_claim_v1.home',
    'kubernetes_secret_v1.agent_token',
  ],
  'gvisor-sandbox': [
    'coder_agent.main',
    'coder_app.code_server',
    'coder_metadata.workspace_info',
    'coder_script.code_server',
    'data.coder_parameter.cpu',
    'data.coder_parameter.home_disk_size',
    'data.coder_parameter.memory',
    'data.coder_workspace.me',
    'data.coder_workspace_owner.me',
    'kubernetes_deployment_v1.main',
    'kubernetes_network_policy_v1.same_owner',
    'kubernetes_persistent_volume_claim_v1.home',
    'kubernetes_secret_v1.agent_token',
  ],
  'kata-microvm': [
    'coder_agent.main',
    'coder_app.code_server',
    'coder_metadata.workspace_info',
    'coder_script.code_server',
    'data.coder_parameter.cpu',
    'data.coder_parameter.home_disk_size',
    'data.coder_parameter.memory',
    'data.coder_workspace.me',
    'data.coder_workspace_owner.me',
    'kubernetes_deployment_v1.main',
    'kubernetes_network_policy_v1.same_owner',
    'kubernetes_persistent_volume_claim_v1.home',
    'kubernetes_secret_v1.agent_token',
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
