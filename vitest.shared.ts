import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Settings every project's vitest config merges in.
 *
 * Sibling packages resolve to their TypeScript sources through the `@agent33/source` export condition, so tests
 * never wait for an upstream build. Node tests run through Vite's SSR pipeline, which is why the condition sits
 * under `ssr.resolve`. The JSON reporter feeds `tools/test-summary.mjs`, which prints the suite's closing line.
 */
export default defineConfig({
  ssr: { resolve: { conditions: ['@agent33/source'] } },
  resolve: { conditions: ['@agent33/source'] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    globalSetup: [fileURLToPath(new URL('./tools/vitest-temp-dir.ts', import.meta.url))],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
