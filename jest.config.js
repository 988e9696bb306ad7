/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Finds or builds the Temporal CLI and the test server once, before any suite starts.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  setupFiles: ['<rootDir>/test/support/quiet-temporal.ts'],
  // Type-checking is `npm run typecheck`; here TypeScript is only transpiled, which keeps the
  // suites fast.
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    // The schema engine's glue is an ES module. Node loads it through require(); jest's own
    // module loader cannot, so jest compiles this one file to CommonJS.
    'schema_engine_bg\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@prisma/schema-engine-wasm/)'],
  // Suites start real servers (Temporal, PostgreSQL databases, SMTP): generous, but bounded.
  testTimeout: 120_000,
  maxWorkers: 2,
  // Every suite in a fresh process: suites start Temporal workers and test servers whose native
  // runtime outlives jest's module registry, and a time-skipping suite that followed another in
  // the same process was seen to stall. A worker above this (tiny) limit is replaced after each file.
  workerIdleMemoryLimit: '1MB',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
