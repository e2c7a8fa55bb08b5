import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.shared.js';

// One entry per public subpath, mirrored in package.json "exports".
export default defineConfig({
  ...libraryBuild,
  entry: {
    'index': 'src/index.ts',
    'ports/index': 'src/ports/index.ts',
    'testing/index': 'src/testing/index.ts',
    'skills/fs/index': 'src/skills/fs/index.ts',
    'tokenizers/gpt/index': 'src/tokenizers/gpt/index.ts',
  },
});
