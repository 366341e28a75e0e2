/** Tests run from TypeScript sources; `npm test` type-checks everything with tsc first. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { transpilation: true }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 60000,
  // A leak (a child process, a server) must fail loudly, never hold CI until its time limit: jest
  // says when it had to force the exit, and the tests kill the commands they spawn on a deadline.
  forceExit: true,
};
