// The pinned cloud image of every distribution (images.json): a dated URL, its checksum, and where newer ones are published.
import data from './images.json';
import type { DistroKey } from './distros';

/** Checksum algorithms the publishers' checksum files use (CDI also accepts md5 and sha1). */
export type ChecksumAlgorithm = 'sha256' | 'sha512';

/**
 * Where a publisher lists its dated releases and their checksums. Templates use `{name}`
 * placeholders: `{index}`, the named groups of `pattern`, and (in `checksums`) `{image}`.
 */
export interface ImageSource {
  /** The directory listing (an HTML index page) that names every release. */
  readonly index: string;
  /** Regular expression, with named groups, matched against each link of the index; one match per release. */
  readonly pattern: string;
  /** URL of a release's image. */
  readonly image: string;
  /** URL of the checksum file that lists the image (GNU `hex  name` or BSD `SHA256 (name) = hex` lines). */
  readonly checksums: string;
  /** The algorithm of the checksum taken from that file. */
  readonly algorithm: ChecksumAlgorithm;
}

/** One distribution's pinned image. */
export interface PinnedImage {
  /** The dated image URL CDI imports. */
  readonly url: string;
  /**
   * The image's checksum as CDI takes it (`sha256:<hex>`, `sha512:<hex>`), copied from the
   * publisher's checksum file; absent when not known yet (`cvmkit images refresh` fills it in).
   */
  readonly checksum?: string;
  /** The release `url` is, as the named groups of `source.pattern` (e.g. `{ "build": "20260705" }`). */
  readonly release?: Readonly<Record<string, string>>;
  /** Where `cvmkit images refresh` looks for newer releases. */
  readonly source: ImageSource;
}

/** The shape of images.json. */
export interface PinnedImagesFile {
  readonly $comment?: string;
  readonly images: Readonly<Record<string, PinnedImage>>;
}

/** Every distribution's pinned image, as images.json has it. */
export const PINNED_IMAGES: Readonly<Record<string, PinnedImage>> = (data as PinnedImagesFile).images;

/** The pinned image of `key`; throws when images.json lacks it (a distribution added without its image). */
export function pinnedImage(key: DistroKey): PinnedImage {
  const image = PINNED_IMAGES[key];
  if (image === undefined) throw new Error(`constructs/kubevirt/images.json has no image for the distribution "${key}"`);
  return image;
}

const HEX_DIGITS: Readonly<Record<string, number>> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

/** True when `value` is a checksum in CDI's `algorithm:hex` form (md5, sha1, sha256 or sha512, lower-case hex of the right length). */
export function isCdiChecksum(value: string): boolean {
  const m = /^(md5|sha1|sha256|sha512):([0-9a-f]+)$/.exec(value);
  return m !== null && m[2].length === HEX_DIGITS[m[1]];
}

/** Replaces every `{name}` in `template` with `values[name]`; throws naming a placeholder without a value. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`"${template}" uses {${name}}, which has no value (known: ${Object.keys(values).join(', ')})`);
    return value;
  });
}
