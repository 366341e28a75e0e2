// Envbox: the outer container, what reaches the inner one, and the host-path table from Coder's CVM documents.
import { EnvboxWorkspace, EnvboxWorkspaceProps, ENVBOX_IMAGE, envboxHostPaths } from '../constructs/envbox';
import { only, podOf, synthTemplate } from './support/synth';

const build = (props: EnvboxWorkspaceProps = {}) => synthTemplate((t) => new EnvboxWorkspace(t, 'Workspace', props)).json;
const envOf = (pod: any) => Object.fromEntries(pod.spec.container[0].env.map((e: any) => [e.name, e.value ?? e.value_from]));
const mounts = (pod: any) => Object.fromEntries(pod.spec.container[0].volume_mount.map((m: any) => [m.mount_path, m]));

describe('EnvboxWorkspace', () => {
  const json = build({ fuse: true, innerImagePullSecret: 'regcred' });
  const pod = podOf(json);

  test('a privileged outer container runs the pinned Envbox image', () => {
    const c = pod.spec.container[0];
    expect(c.image).toBe(ENVBOX_IMAGE);
    expect(c.command).toEqual(['/envbox', 'docker']);
    expect(c.security_context).toEqual({ privileged: true });
    expect(only(json, 'kubernetes_deployment_v1').spec.replicas).toBe('${data.coder_workspace.me.start_count}');
    // No fsGroup: kubelet would rewrite the group of home and both Docker trees on every start (and ssh refuses 0660 keys).
    expect(pod.spec.security_context).toBeUndefined();
  });

  test('the inner container gets the chosen image, the agent token and bootstrap script, limits and options', () => {
    const env = envOf(pod);
    expect(env).toMatchObject({
      CODER_AGENT_TOKEN: { secret_key_ref: { name: '${local.workspace_name}-agent-${local.build_id}', key: 'token' } },
      CODER_BOOTSTRAP_SCRIPT: '${coder_agent.main.init_script}',
      CODER_AGENT_URL: '${data.coder_workspace.me.access_url}',
      CODER_INNER_IMAGE: '${data.coder_parameter.image.value}',
      CODER_INNER_USERNAME: 'coder',
      CODER_MOUNTS: '/home/coder:/home/coder',
      CODER_ADD_FUSE: 'true',
      CODER_ADD_TUN: 'false',
    });
    expect(env.CODER_INIT_SCRIPT).toBeUndefined();
    expect(env.CODER_CPUS).toEqual({ resource_field_ref: { container_name: 'dev', resource: 'limits.cpu' } });
    expect(env.CODER_MEMORY).toEqual({ resource_field_ref: { container_name: 'dev', resource: 'limits.memory' } });
    expect(env.CODER_IMAGE_PULL_SECRET).toEqual({ secret_key_ref: { name: 'regcred', key: '.dockerconfigjson' } });
    const image = json.data.coder_parameter.image;
    expect(image.mutable).toBe(true);
    expect(image.default).toBe('codercom/enterprise-base:ubuntu');
    expect(image.option.length).toBe(3);
  });

  test('home and the inner Docker data persist in one uncounted claim, through sub-paths', () => {
    const claim = only(json, 'kubernetes_persistent_volume_claim_v1');
    expect(claim.count).toBeUndefined();
    const m = mounts(pod);
    expect(m['/home/coder']).toMatchObject({ name: 'home', sub_path: 'home' });
    expect(m['/var/lib/coder/docker']).toMatchObject({ name: 'home', sub_path: 'cache/docker' });
    expect(m['/var/lib/coder/containers']).toMatchObject({ name: 'home', sub_path: 'cache/containers' });
    expect(m['/var/lib/sysbox']).toMatchObject({ name: 'sysbox' });
    expect(pod.spec.volume.filter((v: any) => v.name === 'home')).toHaveLength(1);
  });

  // Caching | Auto-load shiftfs | /usr/src | /lib/modules | /var/run | /var/lib
  test.each([
    [false, false, { '/usr/src': true, '/lib/modules': true }],
    [true, false, { '/usr/src': true, '/lib/modules': true, '/var/run': true, '/var/lib': false }],
    [true, true, { '/usr/src': false, '/lib/modules': false, '/var/run': true, '/var/lib': false }],
  ])('caching=%s, autoLoadShiftfs=%s mounts host paths read-only as %j', (caching, autoLoadShiftfs, readOnly) => {
    const expected = Object.fromEntries(Object.entries(readOnly).map(([p, ro]) => [p, ro]));
    expect(Object.fromEntries(envboxHostPaths(caching, autoLoadShiftfs).map((v) => [v.mountPath, v.readOnly]))).toEqual(expected);
    const p = podOf(build({ caching, autoLoadShiftfs }));
    const m = mounts(p);
    for (const [mountPath, ro] of Object.entries(readOnly)) expect(m[mountPath].read_only ?? false).toBe(ro);
    const hostPaths = p.spec.volume
      .filter((v: any) => v.host_path)
      .map((v: any) => v.host_path.path)
      .sort();
    expect(hostPaths).toEqual(Object.keys(readOnly).sort());
  });

  test("an NVIDIA GPU on bare metal: a device-plugin limit, and the host's /usr/lib for the driver libraries", () => {
    const p = podOf(build({ gpu: { vendor: 'nvidia' }, cluster: { bareMetal: true } }));
    expect(p.spec.container[0].resources.limits['nvidia.com/gpu']).toBe('1');
    expect(envOf(p)).toMatchObject({ CODER_ADD_GPU: 'true', CODER_USR_LIB_DIR: '/var/coder/usr/lib' });
    expect(mounts(p)['/var/coder/usr/lib']).toMatchObject({ read_only: true });
  });

  test.each<[string, EnvboxWorkspaceProps, string]>([
    ['shiftfs without caching', { autoLoadShiftfs: true }, 'invalid autoLoadShiftfs: applies only with caching enabled'],
    ['an AMD GPU', { gpu: { vendor: 'amd' } }, 'invalid gpu.vendor: AMD GPUs are not supported'],
    ['an NFS class', { storageClassName: 'nfs', cluster: { nfsStorageClasses: ['nfs'] } }, 'invalid storageClassName: "nfs" is declared as NFS'],
    ['no inner images', { innerImages: [] }, 'invalid innerImages: must offer at least one image'],
    ['a bad pull secret', { innerImagePullSecret: 'Reg Cred' }, 'invalid innerImagePullSecret'],
  ])('refuses %s', (_, props, message) => {
    expect(() => build(props)).toThrow(`test/Workspace: ${message}`);
  });
});
