import { defineConfig } from 'vitest/config';

// Workspace-level checks (module boundaries, lock file); their report is counted by tools/test-summary.mjs.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    environment: 'node',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
