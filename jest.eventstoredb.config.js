/** The store contract against a real EventStoreDB (EVENTSTORE_CONNECTION_STRING must be set). */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/event-store/esdb-real.int.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
