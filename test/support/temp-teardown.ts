// jest globalTeardown: removes the run's temporary folder made by temp-setup.ts, with whatever the tests left in it.
import * as fs from 'fs';

export default function teardown(): void {
  const dir = process.env.CVMKIT_JEST_TMP;
  if (dir === undefined) return;
  if (process.env.CVMKIT_JEST_OLD_TMPDIR !== undefined) process.env.TMPDIR = process.env.CVMKIT_JEST_OLD_TMPDIR;
  else delete process.env.TMPDIR;
  fs.rmSync(dir, { recursive: true, force: true });
}
