import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { TaskInvalidError } from '../errors/task-invalid-error.js';
import { containerPathsIn } from './container-paths.js';
import { taskDigest } from './digest.js';
import { listFilesRecursive } from './fs-walk.js';
import { loadSkillsDir } from './skill-bundle.js';
import { parseTaskToml } from './task-toml.js';
import type { BenchTask, TaskDiagnostic, TaskFilter, TaskToml } from './types.js';

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** A directory is a task if it holds `instruction.md` and one of `task.toml`, `tests/test.sh`, `tests/test_outputs.py`. */
export async function isTaskDir(dir: string): Promise<boolean> {
  if (!(await isFile(join(dir, 'instruction.md')))) return false;
  for (const rel of ['task.toml', 'tests/test.sh', 'tests/test_outputs.py']) if (await isFile(join(dir, rel))) return true;
  return false;
}

async function testsText(testsDir: string): Promise<string> {
  if (!(await isDir(testsDir))) return '';
  const parts: string[] = [];
  for (const rel of await listFilesRecursive(testsDir)) parts.push(await readFile(join(testsDir, rel), 'utf8'));
  return parts.join('\n');
}

/**
 * Loads one task folder. `categoryFromPath` is the parent folder name in the nested legacy layout and is used when
 * `task.toml` names no category. Throws {@link TaskInvalidError} when the folder is not a task or its `task.toml`
 * does not parse.
 */
export async function loadTask(dir: string, categoryFromPath?: string): Promise<BenchTask> {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new TaskInvalidError(String(dir), [{ taskId: '', severity: 'error', code: 'missing-file', message: 'task directory must be a non-empty string' }]);
  }
  const abs = resolve(dir);
  const id = basename(abs);
  if (!(await isTaskDir(abs))) {
    throw new TaskInvalidError(abs, [
      { taskId: id, severity: 'error', code: 'missing-file', message: 'not a task folder: needs instruction.md and one of task.toml, tests/test.sh, tests/test_outputs.py' },
    ]);
  }
  let toml: TaskToml = { metadata: {}, agent: {}, verifier: {}, environment: {}, raw: {} };
  const tomlPath = join(abs, 'task.toml');
  if (await isFile(tomlPath)) {
    try {
      toml = parseTaskToml(await readFile(tomlPath, 'utf8'));
    } catch (cause) {
      const message = `task.toml does not parse: ${cause instanceof Error ? cause.message : String(cause)}`;
      throw new TaskInvalidError(abs, [{ taskId: id, severity: 'error', code: 'toml-parse', message }], { cause });
    }
  }
  const paths: BenchTask['paths'] = {};
  const candidates: Array<[keyof BenchTask['paths'], string, 'file' | 'dir']> = [
    ['testSh', 'tests/test.sh', 'file'],
    ['testPy', 'tests/test_outputs.py', 'file'],
    ['solveSh', 'solution/solve.sh', 'file'],
    ['dockerfile', 'environment/Dockerfile', 'file'],
    ['environmentDir', 'environment', 'dir'],
    ['testsDir', 'tests', 'dir'],
  ];
  for (const [key, rel, kind] of candidates) {
    const full = join(abs, rel);
    if (kind === 'file' ? await isFile(full) : await isDir(full)) paths[key] = full;
  }
  const metadataCategory = toml.metadata.category;
  return {
    id,
    dir: abs,
    category: metadataCategory ?? categoryFromPath ?? 'uncategorized',
    ...(toml.metadata.difficulty === undefined ? {} : { difficulty: toml.metadata.difficulty }),
    tags: toml.metadata.tags ?? [],
    instruction: (await readFile(join(abs, 'instruction.md'), 'utf8')).trim(),
    toml,
    digest: await taskDigest(abs),
    skills: await loadSkillsDir(join(abs, 'environment', 'skills')),
    paths,
    requiresContainer: paths.testsDir === undefined ? false : containerPathsIn(await testsText(paths.testsDir)).length > 0,
  };
}

/** Finds task folders: flat children first, then one level of category folders (the nested legacy layout). */
async function discover(tasksDir: string): Promise<Array<{ dir: string; category?: string }>> {
  const found: Array<{ dir: string; category?: string }> = [];
  const children = (await readdir(tasksDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  for (const name of children) {
    const dir = join(tasksDir, name);
    if (await isTaskDir(dir)) {
      found.push({ dir });
      continue;
    }
    const nested = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    for (const inner of nested) if (await isTaskDir(join(dir, inner))) found.push({ dir: join(dir, inner), category: name });
  }
  return found;
}

/** Applies a {@link TaskFilter} in a fixed order: ids, categories, exclusions, difficulties, then `max`. */
export function filterTasks(tasks: readonly BenchTask[], filter: TaskFilter = {}): BenchTask[] {
  let out = [...tasks];
  if (filter.ids && filter.ids.length > 0) out = out.filter((t) => filter.ids?.includes(t.id) || filter.ids?.includes(`${t.category}/${t.id}`));
  if (filter.categories && filter.categories.length > 0) out = out.filter((t) => filter.categories?.includes(t.category));
  if (filter.excludeCategories) out = out.filter((t) => !filter.excludeCategories?.includes(t.category));
  if (filter.difficulties && filter.difficulties.length > 0) out = out.filter((t) => t.difficulty !== undefined && filter.difficulties?.includes(t.difficulty));
  const max = filter.max ?? 0;
  return max > 0 ? out.slice(0, max) : out;
}

/**
 * Loads every task under `root`: `<root>/tasks/*` when `root` holds a `tasks/` folder, else `<root>/*`; the nested
 * `tasks/<category>/<name>` layout is accepted too. Sorted by id; duplicate ids are rejected.
 */
export async function loadTasks(root: string, filter?: TaskFilter): Promise<BenchTask[]> {
  if (typeof root !== 'string' || root.length === 0 || !(await isDir(root))) {
    throw new TaskInvalidError(String(root), [{ taskId: '', severity: 'error', code: 'missing-file', message: 'tasks root is not a directory' }]);
  }
  const tasksDir = (await isDir(join(root, 'tasks'))) ? join(root, 'tasks') : root;
  const tasks: BenchTask[] = [];
  for (const entry of await discover(tasksDir)) tasks.push(await loadTask(entry.dir, entry.category));
  const seen = new Map<string, string>();
  const dupes: TaskDiagnostic[] = [];
  for (const task of tasks) {
    const prior = seen.get(task.id);
    if (prior) dupes.push({ taskId: task.id, severity: 'error', code: 'missing-file', message: `duplicate task id ${task.id} in ${prior} and ${dirname(task.dir)}` });
    seen.set(task.id, dirname(task.dir));
  }
  if (dupes.length > 0) throw new TaskInvalidError(resolve(root), dupes);
  tasks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return filterTasks(tasks, filter);
}
