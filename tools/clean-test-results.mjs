#!/usr/bin/env node
// Removes every project's previous vitest report so the summary never counts a stale run.
// Nx restores the report from its cache on a cache hit, so a cached test still counts.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const targets = [join(root, 'tools', 'test-results')];
for (const group of ['packages', 'apps']) {
  const groupDir = join(root, group);
  if (!existsSync(groupDir)) continue;
  for (const name of readdirSync(groupDir)) targets.push(join(groupDir, name, 'test-results'));
}
for (const target of targets) rmSync(target, { recursive: true, force: true });
