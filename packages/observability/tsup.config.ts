import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.shared.js';

// One entry per public subpath, mirrored in package.json "exports".
export default defineConfig({
  ...libraryBuild,
  entry: {
    'index': 'src/index.ts',
    'otel-sdk/index': 'src/otel-sdk/index.ts',
  },
});
