// The checks of KubevirtWorkspace's props that need more than a line: distributions, sizes, devices.
import { IConstruct } from 'constructs';
import { check } from '../core/errors';
import { isDnsLabel } from '../core/names';
import { checkGibibyteRange } from '../core/range';
import { DISTRO_KEYS, DISTROS, DistroKey, isDistroKey } from './distros';
import { goldenDiskGi } from './golden-images';
import { isCdiChecksum } from './images';
import { HttpImport } from './manifests';
import { KubevirtWorkspaceProps } from './props';

/** The instance types, checked, with their memory in Gi; undefined when the template offers none. */
export function checkInstancetypes(scope: IConstruct, props: KubevirtWorkspaceProps): { name: string; cpu: number; memoryGi: number }[] | undefined {
  if (props.instancetypes === undefined) {
    check(props.defaultInstancetype === undefined, scope, 'defaultInstancetype', 'needs instancetypes');
    return undefined;
  }
  check(props.instancetypes.length > 0, scope, 'instancetypes', 'must not be empty when given');
  const sizes = props.instancetypes.map((t, i) => {
    check(
      /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/.test(t.name),
      scope,
      `instancetypes[${i}].name`,
      `"${t.name}" is not a DNS-1123 subdomain of at most 63 characters`,
    );
    check(Number.isInteger(t.cpu) && t.cpu >= 1, scope, `instancetypes[${i}].cpu`, `${t.cpu} must be a whole number of vCPUs`);
    const memory = checkGibibyteRange(scope, `instancetypes[${i}].memory`, { default: t.memory, min: t.memory, max: t.memory });
    return { name: t.name, cpu: t.cpu, memoryGi: memory.default };
  });
  check(new Set(sizes.map((t) => t.name)).size === sizes.length, scope, 'instancetypes', 'names an instance type twice');
  const chosen = props.defaultInstancetype;
  check(chosen === undefined || sizes.some((t) => t.name === chosen), scope, 'defaultInstancetype', `"${chosen}" is not among the instancetypes`);
  return sizes;
}

/** Every passed-through device has a label name and a device the cluster permits. */
export function checkDevices(scope: IConstruct, props: KubevirtWorkspaceProps): void {
  const permitted = props.permittedDevices ?? [];
  const all = [...(props.gpus ?? []).map((d, i) => ({ d, at: `gpus[${i}]` })), ...(props.hostDevices ?? []).map((d, i) => ({ d, at: `hostDevices[${i}]` }))];
  for (const { d, at } of all) {
    check(isDnsLabel(d.name), scope, `${at}.name`, `"${d.name}" is not a DNS-1123 label`);
    check(
      permitted.includes(d.deviceName),
      scope,
      `${at}.deviceName`,
      `"${d.deviceName}" is not a device the cluster permits (${permitted.length > 0 ? permitted.join(', ') : "none declared: list them in the settings' devices"})`,
    );
  }
  check(new Set(all.map(({ d }) => d.name)).size === all.length, scope, 'gpus', 'a device name is used twice (gpus and hostDevices share one list)');
}

/** The offered distributions, checked. */
export function checkDistros(scope: IConstruct, props: KubevirtWorkspaceProps): DistroKey[] {
  const offered = [...(props.distros ?? DISTRO_KEYS)];
  check(offered.length > 0, scope, 'distros', 'must offer at least one distribution');
  for (const d of offered) check(isDistroKey(d), scope, 'distros', `unknown distribution "${d}"; known: ${DISTRO_KEYS.join(', ')}`);
  check(new Set(offered).size === offered.length, scope, 'distros', 'lists a distribution twice');
  if (props.defaultDistro !== undefined) {
    check(offered.includes(props.defaultDistro), scope, 'defaultDistro', `"${props.defaultDistro}" is not among the offered distros (${offered.join(', ')})`);
  }
  for (const key of Object.keys(props.imageUrls ?? {})) check(isDistroKey(key), scope, 'imageUrls', `unknown distribution "${key}"`);
  return offered;
}

/**
 * What each offered distribution's root disk imports over HTTP: the URL (`imageUrls` or the pinned
 * image) and the checksum CDI verifies (`imageChecksums`, else the pinned one unless the URL was overridden).
 */
export function checkImageSources(scope: IConstruct, props: KubevirtWorkspaceProps, distros: readonly DistroKey[]): Record<string, HttpImport> {
  for (const [key, sum] of Object.entries(props.imageChecksums ?? {})) {
    check(isDistroKey(key), scope, 'imageChecksums', `unknown distribution "${key}"`);
    check(
      typeof sum === 'string' && isCdiChecksum(sum),
      scope,
      `imageChecksums["${key}"]`,
      `"${sum}" must be "sha256:" and 64 lower-case hex digits (or md5, sha1, sha512 with theirs), as CDI takes it`,
    );
  }
  return Object.fromEntries(
    distros.map((d) => {
      const url = props.imageUrls?.[d];
      const checksum = props.imageChecksums?.[d] ?? (url === undefined ? DISTROS[d].imageChecksum : undefined);
      return [d, checksum !== undefined ? { url: url ?? DISTROS[d].imageUrl, checksum } : { url: url ?? DISTROS[d].imageUrl }];
    }),
  );
}

/**
 * The root disk's minimum against the images, the image source props and the user name; returns
 * the user name.
 */
export function checkImagesAndUser(scope: IConstruct, props: KubevirtWorkspaceProps, distros: readonly DistroKey[], minDiskGi: number): string {
  const largestImage = Math.max(...distros.map((d) => DISTROS[d].imageVirtualSizeGi));
  check(
    minDiskGi > largestImage,
    scope,
    'rootDiskSize.min',
    `${minDiskGi}Gi must exceed the largest offered image (${largestImage}Gi) plus file-system overhead`,
  );
  if (props.imageSource === 'golden') {
    const largestGolden = Math.max(...distros.map((d) => goldenDiskGi(d)));
    check(
      minDiskGi >= largestGolden,
      scope,
      'rootDiskSize.min',
      `${minDiskGi}Gi is smaller than the largest golden disk (${largestGolden}Gi); CDI refuses a clone smaller than its source`,
    );
  }
  const username = props.username ?? 'coder';
  check(
    /^[a-z_][a-z0-9_-]{0,31}$/.test(username) && username !== 'root',
    scope,
    'username',
    `"${username}" must be a Linux user name (^[a-z_][a-z0-9_-]{0,31}$, not root)`,
  );
  check(
    props.imageSource === undefined || ['http', 'golden'].includes(props.imageSource),
    scope,
    'imageSource',
    `"${props.imageSource}" must be "http" or "golden"`,
  );
  check(
    props.goldenImageNamespace === undefined || isDnsLabel(props.goldenImageNamespace),
    scope,
    'goldenImageNamespace',
    `"${props.goldenImageNamespace}" is not a DNS-1123 label`,
  );
  for (const url of Object.values(props.imageUrls ?? {})) {
    check(typeof url === 'string' && /^https?:\/\/\S+$/.test(url), scope, 'imageUrls', `"${url}" must be an http(s) URL`);
  }
  return username;
}
