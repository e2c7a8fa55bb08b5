import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFilesRecursive } from './fs-walk.js';

/**
 * The task digest, like Harbor's `task_checksum`: sha256 over the sorted (relative path, file sha256) pairs of the
 * folder, so any edit to an instruction, test, skill or data file changes it.
 */
export async function taskDigest(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const rel of await listFilesRecursive(dir)) {
    const fileHash = createHash('sha256').update(await readFile(join(dir, rel))).digest('hex');
    hash.update(`${rel}\0${fileHash}\n`);
  }
  return hash.digest('hex');
}
