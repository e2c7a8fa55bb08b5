#!/usr/bin/env node
// npm 11's `ci` rejects a lock that lacks an entry for an optional dependency some package declares
// (the rollup platform bindings were the first case). This lists every such hole before CI meets it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const names = new Set(Object.keys(lock.packages).map((key) => key.replace(/^.*node_modules\//, '')));
const missing = [];
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    if (!names.has(name)) missing.push(`${name} (optional dependency of ${key || 'the root'})`);
  }
}
if (missing.length > 0) {
  console.error(`check-lockfile: ${missing.length} optional dependencies have no lock entry:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log('check-lockfile: every optional dependency has a lock entry');
