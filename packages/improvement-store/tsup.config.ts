import { defineConfig } from 'tsup';

// One entry per public subpath, mirrored in package.json "exports". Migrations are embedded as TypeScript
// (src/migrator/embedded.ts), so the bundles never read SQL files at runtime.
export default defineConfig({
  entry: {
    'index': 'src/index.ts',
    'sqlite/index': 'src/sqlite/index.ts',
    'postgres/index': 'src/postgres/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  shims: true,
  tsconfig: 'tsconfig.lib.json',
});
