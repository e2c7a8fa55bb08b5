import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.shared.js';

// One entry per public subpath, mirrored in package.json "exports". Migrations are embedded as TypeScript
// (src/migrator/embedded.ts), so the bundles never read SQL files at runtime.
export default defineConfig({
  ...libraryBuild,
  entry: {
    'index': 'src/index.ts',
    'sqlite/index': 'src/sqlite/index.ts',
    'postgres/index': 'src/postgres/index.ts',
  },
});
