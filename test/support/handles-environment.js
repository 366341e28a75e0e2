// jest's node environment, which can say what a test file leaves running: with
// CVMKIT_TEST_HANDLES=<file>, each file's active handles after its last afterAll are appended
// there (what keeps a jest worker from exiting). `npm run test:handles` runs the suite so.
const fs = require('fs');
const { TestEnvironment } = require('jest-environment-node');

class HandlesEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
  }

  async teardown() {
    const out = process.env.CVMKIT_TEST_HANDLES;
    if (out) {
      // A moment for what closes asynchronously (sockets, child processes being reaped).
      await new Promise((resolve) => setTimeout(resolve, 300));
      const counts = {};
      for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
      fs.appendFileSync(out, `${JSON.stringify({ file: this.testPath, pid: process.pid, active: counts })}\n`);
    }
    await super.teardown();
  }
}

module.exports = HandlesEnvironment;
