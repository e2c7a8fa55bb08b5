import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { miniFixturesDir, runCli } from '../src/index.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) }, out: () => out.join(''), err: () => err.join('') };
}

const pkgDir = join(import.meta.dirname, '..');

describe('agent33-skillsbench CLI', () => {
  it('list prints every task; --json gives machine-readable rows', async () => {
    const a = io();
    expect(await runCli(['list', miniFixturesDir()], a.io)).toBe(0);
    expect(a.out()).toContain('needs-skill\tconventions\tmedium\tskills=1');
    expect(a.out()).toContain('13 task(s)');
    const b = io();
    expect(await runCli(['list', miniFixturesDir(), '--json', '--category', 'integrity'], b.io)).toBe(0);
    expect((JSON.parse(b.out()) as Array<{ id: string }>).map((t) => t.id)).toEqual(['lint-image-skills', 'lint-leak', 'lint-named-skill', 'plant-reward', 'tests-hidden']);
  });

  it('validate exits 1 on error diagnostics and lists them; oracle and nop checks run', async () => {
    const a = io();
    expect(await runCli(['validate', miniFixturesDir()], a.io)).toBe(1);
    expect(a.out()).toContain('ERROR\tlint-leak\tanswer-leak');
    expect(a.out()).toContain('WARN\tlint-image-skills\tskills-in-image');
    const b = io();
    expect(await runCli(['validate', miniFixturesDir(), '--task', 'echo-answer,needs-skill', '--oracle', '--nop', '--json'], b.io)).toBe(0);
    expect(JSON.parse(b.out())).toEqual([]);
    const c = io();
    expect(await runCli(['validate', miniFixturesDir(), '--task', 'verifier-broken', '--oracle'], c.io)).toBe(1);
    expect(c.out()).toMatch(/oracle-check\toracle should reach reward 1, got error/);
  });

  it('run → report → baseline → compare, with exit 2 on a regression', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-cli-'));
    const store = `file:${join(dir, 'runs')}`;
    const common = ['--task', 'echo-answer,needs-skill,skill-hurts', '--store', store, '--trials', '3', '--concurrency', '2'];
    const good = io();
    expect(await runCli(['run', miniFixturesDir(), '--agent', 'builtin:fixture', '--run-id', 'good', '--out', join(dir, 'good'), ...common], good.io)).toBe(0);
    expect(good.out()).toContain('run good completed: 18 trials, 18 score-eligible');
    expect(good.err()).toContain('[18/18]');
    expect((await readdir(join(dir, 'good'))).sort()).toEqual(['ctrf.json', 'report.html', 'report.md', 'run.json']);
    const bad = io();
    expect(await runCli(['run', miniFixturesDir(), '--agent', 'builtin:nop', '--run-id', 'bad', '--conditions', 'none,curated', '--format', 'md', '--out', join(dir, 'bad'), ...common], bad.io)).toBe(0);
    expect(await runCli(['baseline', 'set', 'main', 'good', '--store', store], io().io)).toBe(0);
    const report = io();
    expect(await runCli(['report', 'bad', '--store', store, '--format', 'ctrf', '--granularity', 'cell', '--out', join(dir, 'again')], report.io)).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'again', 'ctrf.json'), 'utf8')).results.summary.tests).toBe(6);
    const soft = io();
    expect(await runCli(['compare', 'bad', '--baseline', 'main', '--store', store], soft.io)).toBe(0);
    expect(soft.out()).toContain('Gate: **FAILED**');
    const hard = io();
    expect(await runCli(['compare', 'bad', '--baseline', 'main', '--store', store, '--fail-on-regression', '--thresholds', 'overall=5,task=20,category=5'], hard.io)).toBe(2);
    expect(await runCli(['compare', 'good', '--baseline', 'main', '--store', store, '--fail-on-regression'], io().io)).toBe(0);
  });

  it('run --resume reruns nothing that is already stored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-cli-'));
    const args = ['run', miniFixturesDir(), '--agent', 'builtin:oracle', '--task', 'echo-answer', '--trials', '2', '--store', `file:${join(dir, 'runs')}`, '--format', 'json', '--out', join(dir, 'out')];
    expect(await runCli([...args, '--run-id', 'r1'], io().io)).toBe(0);
    const again = io();
    expect(await runCli([...args, '--resume', 'r1'], again.io)).toBe(0);
    expect(again.err()).toContain('planned 4 trial(s), 4 already done or skipped');
    expect(again.out()).toContain('run r1 completed: 4 trials');
  });

  it('draws a progress bar in place on a terminal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-cli-tty-'));
    const err: string[] = [];
    const code = await runCli(['run', miniFixturesDir(), '--agent', 'builtin:oracle', '--task', 'echo-answer', '--trials', '2', '--store', 'memory', '--format', 'md', '--out', dir], {
      stdout: () => undefined,
      stderr: (t) => void err.push(t),
      isTTY: true,
    });
    expect(code).toBe(0);
    const bars = err.filter((t) => t.startsWith('\r['));
    expect(bars).toHaveLength(4);
    expect(bars.at(-1)).toContain('] 4/4 passed 4');
  });

  it('a module agent: the default export builds the agent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-cli-agent-'));
    const modulePath = join(dir, 'agent.mjs');
    await writeFile(modulePath, "export default ({ model, skillInjection }) => ({ id: 'module-agent', model, harness: skillInjection, async run(ctx) { await ctx.workspace.writeFile('answer.txt', 'hello\\n'); return { status: 'completed' }; } });\n");
    const a = io();
    expect(await runCli(['run', miniFixturesDir(), '--agent', modulePath, '--model', 'm-1', '--skill-injection', 'full', '--task', 'echo-answer', '--trials', '1', '--conditions', 'none', '--store', 'memory', '--format', 'json', '--out', join(dir, 'out')], a.io)).toBe(0);
    const run = JSON.parse(await readFile(join(dir, 'out', 'run.json'), 'utf8'));
    expect(run.run.trials[0]).toMatchObject({ agentId: 'module-agent', model: 'm-1', outcome: 'passed' });
    expect(run.run.config.agents).toEqual([{ id: 'module-agent', model: 'm-1', harness: 'full' }]);
  });

  it('import-harbor stores Harbor trials as a run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-cli-'));
    const a = io();
    expect(await runCli(['import-harbor', join(import.meta.dirname, 'data', 'harbor-job'), '--store', `file:${dir}`], a.io)).toBe(0);
    expect(a.out()).toContain('imported 3 trial(s) into run 2026-01-01__12-00-00');
  });

  it('stats prints pass@k, pass^k and Wilson', async () => {
    const a = io();
    expect(await runCli(['stats', '--n', '5', '--c', '2', '--k', '1,2,5'], a.io)).toBe(0);
    expect(a.out()).toContain('wilson95=[0.117621, 0.769276]');
    expect(a.out()).toContain('k=2 pass@k=0.7000000000 pass^k=0.1000000000');
  });

  it('usage errors exit 1 with the usage text', async () => {
    const a = io();
    expect(await runCli(['frobnicate'], a.io)).toBe(1);
    expect(a.err()).toContain('unknown command frobnicate');
    expect(a.err()).toContain('agent33-skillsbench <command>');
    expect(await runCli(['run', miniFixturesDir()], io().io)).toBe(1);
    expect(await runCli(['list', '--bogus'], io().io)).toBe(1);
    expect(await runCli(['stats', '--n', '3', '--c', '1', '--k', '5'], io().io)).toBe(1);
    const b = io();
    expect(await runCli(['--help'], b.io)).toBe(0);
    expect(b.out()).toContain('Exit codes');
  });

  it('the bin runs as a real process', async () => {
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', '--conditions=@agent33/source', join(pkgDir, 'src', 'cli', 'bin.ts'), 'stats', '--n', '10', '--c', '3', '--k', '5'], { cwd: pkgDir }, (error, stdout) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }),
      );
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('k=5 pass@k=0.9166666667');
  });
});
