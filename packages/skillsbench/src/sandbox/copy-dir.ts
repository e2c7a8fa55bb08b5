import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Copies a folder tree (regular files and folders; symlinks are skipped so a task cannot point the sandbox outside
 * itself). A plain readdir / copyFile walk: several times faster than `fs.cp` for the small trees of task folders,
 * which matters when thousands of trials each copy their environment and tests.
 */
export async function copyDir(src: string, dest: string, skip?: (path: string) => boolean): Promise<void> {
  await mkdir(dest, { recursive: true });
  const entries = await readdir(src, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const from = join(src, entry.name);
      if (skip?.(from)) return;
      const to = join(dest, entry.name);
      if (entry.isDirectory()) await copyDir(from, to, skip);
      else if (entry.isFile()) await copyFile(from, to);
    }),
  );
}
