import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The app package's root folder, found by walking up from this module to the package.json named
 * `@agent33/reference-app` (the module sits at different depths in `src/` and in the bundled `dist/`).
 */
export function appRoot(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === '@agent33/reference-app') return (cached = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot locate the @agent33/reference-app package root');
    dir = parent;
  }
}
