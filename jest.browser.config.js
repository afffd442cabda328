/**
 * Browser tests of the auditor page (`npm run test:browser`): playwright-core driving Debian's Chromium
 * (/usr/bin/chromium, apt package `chromium`) against the ledger on a temporary embedded store with the fixtures.
 * A missing Chromium fails the run; it is never skipped. Screenshots go to test-artifacts/browser/.
 */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/browser/**/*.browser.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // One browser and one ledger per file; files run one after another.
  maxWorkers: 1,
  testTimeout: 60000,
};
