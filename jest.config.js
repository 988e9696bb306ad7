/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type-checking is `npm run typecheck`; here TypeScript is only transpiled, which keeps the
  // suites fast.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  // Suites start real servers (Temporal, PostgreSQL databases, SMTP): generous, but bounded.
  testTimeout: 120_000,
  maxWorkers: 2,
};
