import nx from '@nx/eslint-plugin';

// Package families that only some projects may import.
const SDK = ['@opentelemetry/sdk-*', '@opentelemetry/exporter-*', '@opentelemetry/resources'];
const DB = ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/pglite', '@electric-sql/pglite/*'];
const MCP = ['@modelcontextprotocol/sdk', '@modelcontextprotocol/sdk/*'];

// The same layered constraints twice: with the OTel SDK banned (default) and allowed (file overrides below).
const boundaries = ({ allowSdk }) => {
  const sdk = allowSdk ? [] : SDK;
  return [
    'error',
    {
      enforceBuildableLibDependency: true,
      // Workspace-level helpers that configs and benchmarks share (never part of a published build).
      allow: ['../../vitest.shared.js', '../../tsup.shared.js', '../../../tools/bench/harness.js'],
      depConstraints: [
        { sourceTag: 'pkg:observability', onlyDependOnLibsWithTags: [], bannedExternalImports: [...sdk, ...DB, ...MCP] },
        { sourceTag: 'pkg:runtime', onlyDependOnLibsWithTags: ['pkg:observability'], bannedExternalImports: [...sdk, ...DB, ...MCP] },
        { sourceTag: 'pkg:connectors', onlyDependOnLibsWithTags: ['pkg:runtime', 'pkg:observability'], bannedExternalImports: [...sdk, ...DB] },
        { sourceTag: 'pkg:improvement-store', onlyDependOnLibsWithTags: ['pkg:runtime', 'pkg:observability'], bannedExternalImports: [...sdk, ...MCP] },
        { sourceTag: 'pkg:skillsbench', onlyDependOnLibsWithTags: ['pkg:runtime', 'pkg:observability'], bannedExternalImports: [...sdk, ...DB, ...MCP] },
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
        { sourceTag: 'npm:public', notDependOnLibsWithTags: ['npm:private'] },
      ],
    },
  ];
};

const VIA_CONNECTORS = 'App code reaches the network through @agent33/connectors (boundary.fetch, the MCP registry).';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/coverage', '**/.nx', '**/drizzle', '**/migrations', '**/test-results', '**/bench/results', '**/fixtures/**/*.js', '**/.boundary-probe/**'] },
  {
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries({ allowSdk: false }),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The OTel SDK: observability's /otel-sdk entry, and the tests and benchmarks of any package.
    files: [
      'packages/observability/src/otel-sdk/**/*.ts',
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.ts',
      'packages/*/bench/**/*.ts',
    ],
    rules: { '@nx/enforce-module-boundaries': boundaries({ allowSdk: true }) },
  },
  {
    // Raw network clients: banned in app code only (never in tests, connectors, or runtime's model provider).
    files: ['apps/reference-app/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: VIA_CONNECTORS }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'undici', message: VIA_CONNECTORS },
            ...['node:http', 'node:https', 'http', 'https'].map((name) => ({
              name,
              importNames: ['default', 'request', 'get', 'Agent', 'globalAgent'],
              message: VIA_CONNECTORS,
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['packages/*/package.json'],
    languageOptions: { parser: await import('jsonc-eslint-parser') },
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          ignoredFiles: [
            '{projectRoot}/**/*.test.ts',
            '{projectRoot}/test/**',
            '{projectRoot}/bench/**',
            '{projectRoot}/*.config.ts',
            '{projectRoot}/scripts/**',
          ],
          checkMissingDependencies: true,
          checkObsoleteDependencies: true,
          checkVersionMismatches: true,
        },
      ],
    },
  },
];
