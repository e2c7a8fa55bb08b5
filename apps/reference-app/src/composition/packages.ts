import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The libraries the app composes, in dependency order. */
export const COMPOSED_PACKAGES = [
  '@agent33/observability',
  '@agent33/runtime',
  '@agent33/connectors',
  '@agent33/improvement-store',
  '@agent33/skillsbench',
] as const;

/** Name and installed version of every composed library (read from each package's own package.json). */
export function composedPackages(): Array<{ name: string; version: string }> {
  return COMPOSED_PACKAGES.map((name) => {
    try {
      const pkg = require(`${name}/package.json`) as { version: string };
      return { name, version: pkg.version };
    } catch {
      return { name, version: 'missing' };
    }
  });
}
