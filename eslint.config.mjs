// Lint rules that catch what breaks durable code: floating promises (a lost activity result or
// an unawaited timer), value imports that should be type-only (activities in workflow code),
// import cycles, and the layering: imports run one way, api → workflows (messages, clients,
// workflow functions) → activities → domain; adapters implement ports and are wired in workers/
// and api/.
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', '.tools/**', 'prisma/generated/**', 'coverage/**', '**/*.js', '**/*.mjs', 'web/dist/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    // import-x resolves imports to files for no-cycle and no-restricted-paths; without `.ts` among
    // the extensions it finds none of ours and both rules pass silently.
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json', '.node'] })] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      // The layering, by resolved path (any depth of `../`). `target` may not import `from`.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './domain', from: ['./adapters', './activities', './workflows', './api', './prisma', './platform', './workers'], message: 'domain/ is pure: types, schemas and rules only.' },
            { target: './activities', from: ['./workflows', './api'], message: 'Activities sit below workflows and the API: take what you need as an injected port.' },
            { target: './platform', from: ['./workflows', './api', './activities'], message: 'platform/ (configuration, logging, encryption) sits below the processes: put shared types in domain/.' },
            { target: './workflows', from: ['./adapters'], message: 'Workflows reach adapters only through activities.' },
            { target: './adapters', from: ['./api', './workflows', './activities'], message: 'Adapters implement ports; they are wired in workers/ and api/, never the other way round.' },
            { target: './web', from: ['./domain', './platform', './adapters', './activities', './workflows', './api', './prisma', './workers'], message: 'The web app is a client of the REST API: it reaches the server over HTTP only.' },
          ],
        },
      ],
    },
  },
  {
    // The web app: React's rules of hooks (a hook called conditionally breaks the page at runtime).
    files: ['web/**/*.tsx', 'web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: activities only as types.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../activities', '../activities/*'], allowTypeImports: true, message: 'Workflows import activities with `import type` only.' },
            { group: ['node:*', 'fs', 'path', 'crypto', '../prisma/*', '../api/*', '../platform/*'], message: 'Workflow code must stay deterministic: no I/O modules.' },
          ],
        },
      ],
    },
  },
);
