import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TaskInvalidError } from '../errors/task-invalid-error.js';
import { BenchError } from '../errors/bench-error.js';
import { loadTask, loadTasks, filterTasks } from './loader.js';
import { parseSkillMarkdown } from './skill-bundle.js';
import { parseTaskToml } from './task-toml.js';
import { assertedLiterals, validateTask } from './validate.js';

async function makeTask(root: string, name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  return dir;
}

describe('parseTaskToml', () => {
  it('reads schema 1.0 with [metadata] and keeps unknown keys', () => {
    const toml = parseTaskToml(`version = "1.0"
[metadata]
category = "security"
difficulty = "hard"
tags = ["a", "b"]
custom_field = 3
[verifier]
timeout_sec = 900
[verifier.env]
MODE = "strict"
[agent]
timeout_sec = 1800
[environment]
cpus = 2
memory_mb = 4096
allow_internet = true
`);
    expect(toml).toMatchObject({
      schemaVersion: '1.0',
      metadata: { category: 'security', difficulty: 'hard', tags: ['a', 'b'], custom_field: 3 },
      verifier: { timeoutSec: 900, env: { MODE: 'strict' } },
      agent: { timeoutSec: 1800 },
      environment: { cpus: 2, memoryMb: 4096, allowInternet: true },
    });
  });

  it('reads newer schemas: [task] category as a fallback, network_mode, docker_image, artifacts', () => {
    const toml = parseTaskToml(`schema_version = "1.1"
artifacts = ["out.csv"]
network_mode = "none"
[task]
name = "x"
category = "research"
[environment]
docker_image = "ghcr.io/example/task:1"
`);
    expect(toml.schemaVersion).toBe('1.1');
    expect(toml.metadata.category).toBe('research');
    expect(toml.environment).toEqual({ networkMode: 'none', dockerImage: 'ghcr.io/example/task:1' });
    expect(toml.raw.artifacts).toEqual(['out.csv']);
  });

  it('throws on malformed TOML', () => {
    expect(() => parseTaskToml('[metadata\ncategory = ')).toThrow();
  });
});

describe('parseSkillMarkdown', () => {
  it('splits front matter and body, with lists and folded text', () => {
    const { meta, body } = parseSkillMarkdown('---\nname: pdf-tools\ndescription: >\n  Work with\n  PDF files.\ntags:\n  - pdf\n  - docs\nversion: 2\nallowed: [read, write]\n---\n# Title\n\nBody text.\n');
    expect(meta).toEqual({ name: 'pdf-tools', description: 'Work with PDF files.', tags: ['pdf', 'docs'], version: 2, allowed: ['read', 'write'] });
    expect(body).toBe('# Title\n\nBody text.');
  });

  it('no front matter → whole text is the body', () => {
    expect(parseSkillMarkdown('just text')).toEqual({ meta: {}, body: 'just text' });
  });
});

describe('loadTask / loadTasks', () => {
  it('rejects folders that are not tasks and bad TOML with TaskInvalidError', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sb-load-'));
    const notTask = await makeTask(root, 'not-a-task', { 'README.md': 'x' });
    const error = await loadTask(notTask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskInvalidError);
    expect(BenchError.isInstance(error)).toBe(true);
    expect((error as TaskInvalidError).code).toBe('BENCH_TASK_INVALID');
    expect((error as TaskInvalidError).diagnostics[0]?.code).toBe('missing-file');
    const badToml = await makeTask(root, 'bad-toml', { 'instruction.md': 'x', 'task.toml': '[metadata\n' });
    const tomlError = (await loadTask(badToml).catch((e: unknown) => e)) as TaskInvalidError;
    expect(tomlError.diagnostics[0]?.code).toBe('toml-parse');
    await expect(loadTasks(join(root, 'missing'))).rejects.toBeInstanceOf(TaskInvalidError);
  });

  it('category defaults to "uncategorized"; digest changes with any file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sb-load-'));
    const dir = await makeTask(root, 'plain', { 'instruction.md': 'Do it.\n', 'tests/test.sh': 'echo 1 > "$SB_LOGS_DIR/reward.txt"\n' });
    const before = await loadTask(dir);
    expect(before.category).toBe('uncategorized');
    expect(before.instruction).toBe('Do it.');
    await writeFile(join(dir, 'tests', 'test.sh'), 'echo 0 > "$SB_LOGS_DIR/reward.txt"\n');
    const after = await loadTask(dir);
    expect(after.digest).not.toBe(before.digest);
  });

  it('filters by ids, categories, exclusions, difficulty and max', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sb-filter-'));
    for (const [name, category, difficulty] of [['a', 'x', 'easy'], ['b', 'y', 'hard'], ['c', 'x', 'hard']] as const) {
      await makeTask(join(root, 'tasks'), name, { 'instruction.md': 'i', 'task.toml': `[metadata]\ncategory = "${category}"\ndifficulty = "${difficulty}"\n` });
    }
    const all = await loadTasks(root);
    expect(all.map((t) => t.id)).toEqual(['a', 'b', 'c']);
    expect(filterTasks(all, { categories: ['x'] }).map((t) => t.id)).toEqual(['a', 'c']);
    expect(filterTasks(all, { excludeCategories: ['x'] }).map((t) => t.id)).toEqual(['b']);
    expect(filterTasks(all, { difficulties: ['hard'], max: 1 }).map((t) => t.id)).toEqual(['b']);
    expect(filterTasks(all, { ids: ['x/c'] }).map((t) => t.id)).toEqual(['c']);
    expect((await loadTasks(root, { max: 0 })).length).toBe(3);
  });
});

describe('validateTask', () => {
  it('names every problem of a broken task', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sb-lint-'));
    const dir = await makeTask(root, 'messy', {
      'instruction.md': 'Use the secret-sauce skill to finish.',
      'tests/test_outputs.py': 'def test_x():\n    assert open("/root/out.txt").read() == "TOKEN-777"\n',
      'environment/Dockerfile': 'FROM python:3.12\nADD skills /root/.agents/skills\n',
      'environment/skills/secret-sauce/SKILL.md': '---\nname: secret-sauce\ndescription: d\n---\nThe answer is TOKEN-777.\n',
    });
    const diagnostics = await validateTask(await loadTask(dir));
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['missing-file', 'error'],
      ['skill-named-in-instruction', 'error'],
      ['answer-leak', 'error'],
      ['skills-in-image', 'warn'],
      ['absolute-paths', 'warn'],
    ]);
    expect((await loadTask(dir)).requiresContainer).toBe(true);
  });

  it('assertedLiterals ignores paths, variables and bare identifiers', () => {
    expect(assertedLiterals('x == "ZEPHYR-21"; open("/tmp/a"); "$HOME/x"; "answer"; 3.14; 12; 2048')).toEqual(['2048', '3.14', 'ZEPHYR-21']);
  });
});
