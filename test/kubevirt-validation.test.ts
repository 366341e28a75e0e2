import { Testing } from 'cdktf';
import { CoderTemplate } from '../constructs/core/coder-template';
import { CvmkitValidationError } from '../constructs/core/errors';
import { KubevirtWorkspace, KubevirtWorkspaceProps } from '../constructs/kubevirt';

function build(props: KubevirtWorkspaceProps): void {
  const app = Testing.app({ stackTraces: false });
  new KubevirtWorkspace(new CoderTemplate(app, 'tpl'), 'Workspace', props);
}

function expectError(props: KubevirtWorkspaceProps, message: string): void {
  let error: unknown;
  try {
    build(props);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CvmkitValidationError);
  expect((error as Error).message).toBe(message);
}

describe('KubevirtWorkspace validation', () => {
  test('fails when a size is not in binary units', () => {
    expectError(
      { memory: { default: '4GB', min: '2Gi', max: '8Gi' } },
      'tpl/Workspace: invalid memory.default: "4GB" is not a size in binary units such as "16Gi" or "512Mi"',
    );
    expectError(
      { rootDiskSize: { default: '20G', min: '16Gi', max: '64Gi' } },
      'tpl/Workspace: invalid rootDiskSize.default: "20G" is not a size in binary units such as "16Gi" or "512Mi"',
    );
  });

  test('fails when a size is not whole Gi', () => {
    expectError({ memory: { default: '1536Mi', min: '1Gi', max: '8Gi' } }, 'tpl/Workspace: invalid memory.default: 1536Mi must be a whole number of Gi');
  });

  test('fails when the distro is unknown or the list is empty', () => {
    expectError(
      { distros: ['gentoo' as never] },
      'tpl/Workspace: invalid distros: unknown distribution "gentoo"; known: ubuntu-24.04, ubuntu-26.04, ubuntu-22.04, debian-12, debian-13, fedora-44, arch, almalinux-9, almalinux-10, centos-stream-9, centos-stream-10, rocky-9, rocky-10',
    );
    expectError({ distros: [] }, 'tpl/Workspace: invalid distros: must offer at least one distribution');
    expectError({ distros: ['arch'], defaultDistro: 'debian-12' }, 'tpl/Workspace: invalid defaultDistro: "debian-12" is not among the offered distros (arch)');
  });

  test('fails when CPU or memory defaults fall outside their bounds', () => {
    expectError({ cpu: { default: 16, min: 1, max: 8 } }, 'tpl/Workspace: invalid cpu.default: 16 is outside 1..8');
    expectError({ cpu: { default: 2, min: 4, max: 2 } }, 'tpl/Workspace: invalid cpu: min 4 is greater than max 2');
    expectError({ cpu: { default: 1.5, min: 1, max: 8 } }, 'tpl/Workspace: invalid cpu.default: 1.5 must be a positive whole number');
    expectError({ memory: { default: '64Gi', min: '2Gi', max: '32Gi' } }, 'tpl/Workspace: invalid memory.default: 64 is outside 2..32');
  });

  test('fails when the root disk could not hold the largest offered image', () => {
    expectError(
      { rootDiskSize: { default: '10Gi', min: '8Gi', max: '64Gi' } },
      'tpl/Workspace: invalid rootDiskSize.min: 8Gi must exceed the largest offered image (10Gi) plus file-system overhead',
    );
    expect(() => build({ distros: ['arch'], rootDiskSize: { default: '8Gi', min: '4Gi', max: '64Gi' } })).not.toThrow();
  });

  test('fails on bad names, labels, URLs and tolerations', () => {
    expectError({ username: 'Root User' }, 'tpl/Workspace: invalid username: "Root User" must be a Linux user name (^[a-z_][a-z0-9_-]{0,31}$, not root)');
    expectError(
      { labels: { team: 'not a value' } },
      'tpl/Workspace: invalid labels: value "not a value" of "team" is not a valid label value (63 characters of [A-Za-z0-9-_.])',
    );
    expectError({ imageUrls: { arch: 'ftp://mirror/arch.qcow2' } }, 'tpl/Workspace: invalid imageUrls: "ftp://mirror/arch.qcow2" must be an http(s) URL');
    expectError({ tolerations: [{ operator: 'Exists', value: 'x' }] }, 'tpl/Workspace: invalid tolerations[0]: operator Exists takes no value');
  });

  test('fails outside a CoderTemplate', () => {
    const app = Testing.app({ stackTraces: false });
    expect(() => new KubevirtWorkspace(app, 'Loose')).toThrow('Loose: invalid scope: must be created inside a CoderTemplate');
  });
});
