/** Unit, integration and end-to-end specs share one runner; files say their level (.unit/.int/.e2e). */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.spec.ts', '<rootDir>/projections/**/*.spec.ts'],
  // Run by their own commands, never silently skipped: a real EventStoreDB (`npm run test:eventstoredb`) and
  // Chromium (`npm run test:browser`).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/event-store/esdb-real.int.spec.ts', '<rootDir>/test/browser/'],
  transform: {
    // Type-checking is done once by `tsc --noEmit` in `npm test`; per-file transpiling keeps jest fast.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
};
