import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.shared.js';

// One entry per public subpath, mirrored in package.json "exports"; the CLI is a separate ESM-only bin
// (top-level await) and ships no types.
export default defineConfig([
  {
    ...libraryBuild,
    entry: {
      'index': 'src/index.ts',
    },
  },
  {
    ...libraryBuild,
    entry: { 'cli/bin': 'src/cli/bin.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
  },
]);
