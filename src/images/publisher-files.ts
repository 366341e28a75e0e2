// Reading what image publishers serve: the links of a directory listing and the lines of a checksum file.
import { ChecksumAlgorithm } from '../../constructs/kubevirt/images';

/**
 * The last path segment of every link on an HTML index page (Apache, nginx and lighttpd listings
 * alike), a folder's with its trailing slash: `release-20260705/`, `SHA256SUMS`.
 */
export function listingNames(html: string): string[] {
  const names = new Set<string>();
  for (const m of html.matchAll(/href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    let href = (m[1] ?? m[2]).replace(/[?#].*$/, '');
    try {
      href = decodeURIComponent(href);
    } catch {
      continue; // not a link to a file of the listing
    }
    const folder = href.endsWith('/');
    const segment = href.replace(/\/+$/, '').split('/').pop() ?? '';
    if (segment !== '' && segment !== '.' && segment !== '..') names.add(folder ? `${segment}/` : segment);
  }
  return [...names];
}

const HEX_DIGITS: Readonly<Record<ChecksumAlgorithm, number>> = { sha256: 64, sha512: 128 };

/** What a checksum file says about one file, or why it cannot say it. */
export type ChecksumLookup = { readonly checksum: string } | { readonly problem: string };

/**
 * The checksum of `fileName` in a checksum file, in CDI's `algorithm:hex` form. Reads GNU lines
 * (`<hex>  name`, `<hex> *name`: SHA256SUMS, SHA512SUMS, Arch's `.SHA256`) and BSD lines
 * (`SHA256 (name) = <hex>`: Fedora's, AlmaLinux's, Rocky's and CentOS's CHECKSUM files, inside a
 * PGP clear-signed message or not); comments, blank lines and the signature are skipped.
 */
export function checksumOf(text: string, fileName: string, algorithm: ChecksumAlgorithm): ChecksumLookup {
  const entries: { name: string; algorithm?: string; hex: string }[] = [];
  let inSignature = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('-----BEGIN PGP SIGNATURE')) inSignature = true;
    if (line.startsWith('-----END PGP SIGNATURE')) {
      inSignature = false;
      continue;
    }
    if (inSignature || line === '' || line.startsWith('#') || line.startsWith('-----') || /^Hash:/i.test(line)) continue;
    const bsd = /^([A-Za-z0-9-]+)\s*\((.+)\)\s*=\s*(\S+)$/.exec(line);
    const gnu = /^([0-9A-Fa-f]+)\s+\*?(.+)$/.exec(line);
    if (bsd) entries.push({ algorithm: bsd[1].toLowerCase().replace('-', ''), name: bsd[2], hex: bsd[3] });
    else if (gnu) entries.push({ name: gnu[2], hex: gnu[1] });
  }
  if (entries.length === 0) return { problem: 'is not a checksum file: no "<hex>  <name>" or "SHA256 (<name>) = <hex>" line' };
  const named = entries.filter((e) => e.name.replace(/^\.\//, '') === fileName);
  if (named.length === 0) return { problem: `lists no checksum for ${fileName}` };
  const ours = named.filter((e) => e.algorithm === undefined || e.algorithm === algorithm);
  if (ours.length === 0) return { problem: `lists only ${named.map((e) => e.algorithm).join(', ')} for ${fileName}, not ${algorithm}` };
  const hex = ours[0].hex.toLowerCase();
  if (!new RegExp(`^[0-9a-f]{${HEX_DIGITS[algorithm]}}$`).test(hex)) {
    return { problem: `gives "${ours[0].hex}" for ${fileName}, which is not a ${algorithm} (${HEX_DIGITS[algorithm]} hex digits)` };
  }
  if (ours.some((e) => e.hex.toLowerCase() !== hex)) return { problem: `lists two different checksums for ${fileName}` };
  return { checksum: `${algorithm}:${hex}` };
}

/** Orders release strings as people read versions: digit runs by value (`9.10` after `9.8`), the rest as text. */
export function compareVersions(a: string, b: string): number {
  const parts = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    const c = nx && ny ? Number(BigInt(x) - BigInt(y)) : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

/** Orders releases given as the named groups of a pattern: group by group, in the pattern's order. */
export function compareReleases(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>, groups: readonly string[]): number {
  for (const g of groups) {
    const c = compareVersions(a[g] ?? '', b[g] ?? '');
    if (c !== 0) return c;
  }
  return 0;
}
