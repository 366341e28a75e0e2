/** `npm run test:vm` only: boots a real VM (tens of minutes under TCG), never part of `npm test`. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test-vm'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // Generous: TCG slows down with the shared machine's load (a first boot took 17 min at load 20).
  testTimeout: 45 * 60 * 1000,
  // One VM at a time, steps in order: each test continues the previous one's boot.
  maxWorkers: 1,
};
