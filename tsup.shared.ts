import type { Options } from 'tsup';

/**
 * Build settings every published library shares, spread into each package's `tsup.config.ts` beside its entries:
 * ESM + CJS with declarations for both, Node 20 output, and `import.meta.url` shims so that CJS code locating
 * shipped data folders still works.
 */
export const libraryBuild = {
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  shims: true,
  tsconfig: 'tsconfig.lib.json',
} satisfies Options;
