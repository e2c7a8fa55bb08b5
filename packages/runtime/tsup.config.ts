import { defineConfig } from 'tsup';

// One entry per public subpath, mirrored in package.json "exports".
export default defineConfig({
  entry: {
    'index': 'src/index.ts',
    'ports/index': 'src/ports/index.ts',
    'testing/index': 'src/testing/index.ts',
    'skills/fs/index': 'src/skills/fs/index.ts',
    'tokenizers/gpt/index': 'src/tokenizers/gpt/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  shims: true,
  tsconfig: 'tsconfig.lib.json',
});
