/**
 * Tests run from TypeScript sources; `npm test` builds (tsc) first. `npm run test:unit`
 * (CVMKIT_TESTS=unit) leaves out the files that run terraform, cloud-init, Chromium, tsc, npm, the CLI or the build's synth workers,
 * and deselects the tests named with [terraform] in the other files (test/support/tools.ts).
 */
const TOOL_FILES = ['catalog-page', 'cli', 'cloud-init', 'hcl-strings', 'init', 'output-format', 'package', 'simulator', 'simulator-cli', 'simulator-provider-validation', 'upgrade', 'module-standins', 'apiserver-catalog', 'readme-settings', 'images-refresh', 'parallel-synth', 'bundle-output'];
const unit = process.env.CVMKIT_TESTS === 'unit';
const os = require('os');

module.exports = {
  // jest's node environment; it can report what a file leaves running (test/support/handles-environment.js).
  testEnvironment: '<rootDir>/test/support/handles-environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...(unit ? TOOL_FILES.map((f) => `/test/${f}\\.test\\.ts$`) : [])],
  // The tests that run terraform carry [terraform] in their name (test/support/tools.ts).
  ...(unit ? { testNamePattern: '^(?!.*\\[terraform\\])' } : {}),
  // Transpiled file by file (tsconfig.json's isolatedModules): `npm test` type-checks with tsc
  // first, so ts-jest need not build a program of its own (~2 s per worker and file batch).
  transform: { '^.+\\.ts$': 'ts-jest' },
  // cpu-report.ts does nothing unless CVMKIT_TEST_CPU names a file (npm run bench measures the suite with it).
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts', '<rootDir>/test/support/cpu-report.ts'],
  // Every temporary folder of the run (cdktf's cdktf.outdir.*, mkdtemp's) is removed at its end.
  globalSetup: '<rootDir>/test/support/temp-setup.ts',
  globalTeardown: '<rootDir>/test/support/temp-teardown.ts',
  testTimeout: 60000,
  // Two test files at a time even on two cores: most tests wait on terraform, tsc or a CLI they
  // spawned (measured: 282 s against 380 s in band on 2 cores).
  maxWorkers: Math.max(2, os.cpus().length - 1),
  // A worker whose memory passed 1 GB after a file is replaced: the simulator files grow workers to
  // ~1.2 GB, and a worker that large could take longer to exit than jest's grace period at the end
  // of the run ("a worker process has failed to exit gracefully", with no handle left open).
  workerIdleMemoryLimit: '1GB',
  // No forceExit: the tests kill the commands they spawn on a deadline, and .ci/run puts a time
  // limit on the whole suite, so a leak fails loudly without holding CI until its limit.
};
