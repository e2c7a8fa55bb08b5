import { defineConfig } from 'tsup';

// One entry per public subpath, mirrored in package.json "exports".
export default defineConfig({
  entry: {
    'index': 'src/index.ts',
    'mcp/index': 'src/mcp/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  shims: true,
  tsconfig: 'tsconfig.lib.json',
});
