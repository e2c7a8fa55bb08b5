import { defineConfig } from 'tsup';

// One entry per public subpath, mirrored in package.json "exports"; the CLI is a separate ESM-only bin
// (top-level await) and ships no types.
export default defineConfig([
  {
    entry: {
      'index': 'src/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    shims: true,
    tsconfig: 'tsconfig.lib.json',
  },
  {
    entry: { 'cli/bin': 'src/cli/bin.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    shims: true,
    tsconfig: 'tsconfig.lib.json',
  },
]);
