// Kata Containers: runtime classes with overhead, micro-VM workspaces, and where VFIO passthrough is refused.
import { Testing } from 'cdktf';
import { KATA_HYPERVISORS, KataRuntimeClass, KataWorkspace, KataWorkspaceProps } from '../constructs/kata';
import { PlatformStack } from '../constructs/platform';
import { podOf, synthTemplate } from './support/synth';

const build = (props: KataWorkspaceProps = {}) => synthTemplate((t) => new KataWorkspace(t, 'Workspace', props)).json;

test.each(Object.entries(KATA_HYPERVISORS))("the %s RuntimeClass has kata-deploy's name, node label and overhead", (hv, info) => {
  const stack = new PlatformStack(Testing.app({ stackTraces: false }), 'platform');
  new KataRuntimeClass(stack, 'Class', { hypervisor: hv as any });
  const manifest = (Object.values(JSON.parse(Testing.synth(stack, true)).resource.kubernetes_manifest)[0] as any).manifest;
  expect(manifest.metadata.name).toBe(info.runtimeClassName);
  expect(manifest.handler).toBe(info.runtimeClassName);
  expect(manifest.scheduling.nodeSelector).toEqual({ 'katacontainers.io/kata-runtime': 'true' });
  expect(manifest.overhead.podFixed).toEqual(info.overhead);
});

test('QEMU is the default and carries 320Mi of overhead', () => {
  expect(KATA_HYPERVISORS.qemu.overhead.memory).toBe('320Mi');
  expect(podOf(build()).spec.runtime_class_name).toBe('kata-qemu');
});

test('VFIO devices become device-plugin requests and limits on QEMU and Cloud Hypervisor', () => {
  for (const hypervisor of ['qemu', 'cloud-hypervisor'] as const) {
    const pod = podOf(build({ hypervisor, vfioDevices: [{ resource: 'nvidia.com/pgpu', count: 1 }] }));
    expect(pod.spec.runtime_class_name).toBe(KATA_HYPERVISORS[hypervisor].runtimeClassName);
    expect(pod.spec.container[0].resources.limits['nvidia.com/pgpu']).toBe('1');
    expect(pod.spec.container[0].resources.requests['nvidia.com/pgpu']).toBe('1');
  }
});

test('a cluster-specific class name replaces the default', () => {
  expect(podOf(build({ runtimeClassName: 'kata-qemu-nvidia-gpu' })).spec.runtime_class_name).toBe('kata-qemu-nvidia-gpu');
});

test.each<[string, KataWorkspaceProps, string]>([
  [
    'VFIO on Firecracker',
    { hypervisor: 'firecracker', vfioDevices: [{ resource: 'nvidia.com/pgpu' }] },
    'invalid vfioDevices: Firecracker cannot pass PCI devices through',
  ],
  ['an unknown hypervisor', { hypervisor: 'bhyve' as any }, 'invalid hypervisor: "bhyve" is not one of qemu, cloud-hypervisor, firecracker'],
  ['a bad device resource', { vfioDevices: [{ resource: 'gpu' }] }, 'invalid vfioDevices[0].resource: "gpu" is not a device-plugin resource name'],
  ['zero devices', { vfioDevices: [{ resource: 'nvidia.com/pgpu', count: 0 }] }, 'invalid vfioDevices[0].count: 0 must be a positive whole number'],
])('refuses %s', (_, props, message) => {
  expect(() => build(props)).toThrow(`test/Workspace: ${message}`);
});
