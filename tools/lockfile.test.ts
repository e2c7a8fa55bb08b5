import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('package-lock.json', () => {
  it('has an entry for every optional dependency, so npm ci accepts it', () => {
    const run = spawnSync(process.execPath, [join(root, 'tools', 'check-lockfile.mjs')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('keeps rollup on the overridden version whose platform bindings all exist in the registry', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { overrides: Record<string, string> };
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    expect(lock.packages['node_modules/rollup']?.version).toBe(manifest.overrides.rollup);
  });

  it('pins every Nx package to one version and keeps TypeScript below 6', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    const nxVersions = new Set(
      Object.entries(lock.packages)
        .filter(([key]) => /node_modules\/(nx|@nx\/[^/]+)$/.test(key) && !key.includes('@nx/nx-'))
        .map(([, entry]) => entry.version),
    );
    expect([...nxVersions]).toEqual(['23.2.1']);
    expect(lock.packages['node_modules/typescript']?.version).toMatch(/^5\./);
  });
});
