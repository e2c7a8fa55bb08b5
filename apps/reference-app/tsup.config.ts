import { defineConfig } from 'tsup';

// The app ships one entry: the CLI's main module, which bin/agent33.mjs imports.
export default defineConfig({
  entry: { main: 'src/main.ts', index: 'src/index.ts' },
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  tsconfig: 'tsconfig.lib.json',
});
