import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTask, miniFixturesDir, type BenchTask } from '../src/index.js';

/** Loads one task of the shipped mini set. */
export async function miniTask(id: string): Promise<BenchTask> {
  return loadTask(join(miniFixturesDir(), 'tasks', id));
}

/** Copies a mini task into a temp folder, optionally replacing files, and loads it. */
export async function variantTask(id: string, newId: string, files: Record<string, string> = {}): Promise<BenchTask> {
  const root = await mkdtemp(join(tmpdir(), 'sb-variant-'));
  const dir = join(root, newId);
  await cp(join(miniFixturesDir(), 'tasks', id), dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) await writeFile(join(dir, rel), text);
  return loadTask(dir);
}
