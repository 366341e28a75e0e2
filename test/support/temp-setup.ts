// jest globalSetup: the run's temporary files (cdktf's `cdktf.outdir.*`, every mkdtemp, the tools' own) go into one folder.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Runs in jest's parent process before the workers start, so they and every tool the tests start
 * inherit TMPDIR (os.tmpdir() reads the real environment, not the sandbox's copy of it).
 */
export default function setup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-jest-'));
  // Like /tmp itself: tests run scripts as other users (the Sysbox entry script drops to the workspace user).
  fs.chmodSync(dir, 0o1777);
  process.env.CVMKIT_JEST_TMP = dir;
  if (process.env.TMPDIR !== undefined) process.env.CVMKIT_JEST_OLD_TMPDIR = process.env.TMPDIR;
  process.env.TMPDIR = dir;
}
