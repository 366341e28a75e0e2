// The README's "Building your own template" example, run as written.
import { Testing } from 'cdktf';
import { CoderTemplate } from '../constructs/core';
import { DISTROS, KubevirtWorkspace } from '../constructs/kubevirt';

test('the README example synthesizes what it says', () => {
  const app = Testing.app({ stackTraces: false });
  const template = new CoderTemplate(app, 'team-vm', { namespace: 'dev-workspaces' });
  const vm = new KubevirtWorkspace(template, 'Workspace', {
    distros: ['debian-12', 'fedora-44'],
    imageUrls: { 'debian-12': 'https://mirror.internal/debian-12-genericcloud-amd64.qcow2' },
    cpu: { default: 4, min: 2, max: 16 },
    memory: { default: '8Gi', min: '4Gi', max: '64Gi' },
    storageClassName: 'ceph-block',
    nodeSelector: { 'kubevirt.io/schedulable': 'true' },
  });
  vm.addPackages('htop', 'make');
  vm.vm.addOverride('manifest.spec.template.spec.evictionStrategy', 'LiveMigrate');
  const json = JSON.parse(Testing.synth(template, true));
  expect(json.variable.namespace.default).toBe('dev-workspaces');
  expect(json.locals.image_sources['debian-12']).toEqual({ url: 'https://mirror.internal/debian-12-genericcloud-amd64.qcow2' });
  expect(json.locals.image_sources['fedora-44'].checksum).toBe(DISTROS['fedora-44'].imageChecksum);
  expect(json.resource.kubernetes_manifest.vm.manifest.spec.template.spec.evictionStrategy).toBe('LiveMigrate');
  expect(json.resource.kubernetes_manifest.root_disk.manifest.spec.storage.storageClassName).toBe('ceph-block');
  expect(template.renderFiles().find((f) => f.path === 'provisioning/fedora-44.sh')!.content).toMatch(/^wanted='.* htop make /m);
  expect(() => new KubevirtWorkspace(new CoderTemplate(app, 'bad'), 'Workspace', { memory: { default: '4GB', min: '4Gi', max: '8Gi' } })).toThrow(
    'bad/Workspace: invalid memory.default: "4GB" is not a size in binary units such as "16Gi" or "512Mi"',
  );
});
