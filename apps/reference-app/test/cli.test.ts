import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/io.js';
import { startTestServer } from './support.js';

function testIo(env: Record<string, string> = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'a33-cli-'));
  return {
    stdout,
    stderr,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    raw: (t) => stderr.push(t),
    env: { AGENT33_DATA_DIR: join(dir, 'data'), AGENT33_PORT: '0', AGENT33_DEMO: '1', ...env },
    cwd: dir,
    isTty: false,
    waitForStop: () => Promise.resolve('SIGTERM'),
  };
}

const json = <T>(io: { stdout: string[] }): T => JSON.parse(io.stdout.join('\n')) as T;

describe('agent33 CLI', () => {
  it('prints usage, versions, and answers unknown commands and flags with exit 2', async () => {
    const io = testIo();
    expect(await runCli(['help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toContain('usage: agent33 <command>');
    for (const c of ['serve', 'invoke', 'signals', 'store', 'bench', 'alerts', 'start']) expect(io.stdout.join('\n')).toContain(c);
    const v = testIo();
    expect(await runCli(['version'], v)).toBe(0);
    expect(v.stdout[0]).toBe('agent33 0.1.0');
    expect(v.stdout.join('\n')).toContain('@agent33/skillsbench');
    const bad = testIo();
    expect(await runCli(['frobnicate'], bad)).toBe(2);
    const flag = testIo();
    expect(await runCli(['signals', 'list', '--no-such-flag'], flag)).toBe(2);
    expect(flag.stderr.join('\n')).toContain('no-such-flag');
  });

  it('names the bad configuration key and exits 1', async () => {
    const io = testIo({ AGENT33_PORT: 'many' });
    expect(await runCli(['signals', 'list'], io)).toBe(1);
    expect(io.stderr.join('\n')).toContain('server.port (from env AGENT33_PORT)');
  });

  it('adds, lists and summarises signals in the SQLite store', async () => {
    const io = testIo();
    expect(await runCli(['signals', 'add', '--type', 'bug', '--severity', 'high', '--summary', 'cli signal'], io)).toBe(0);
    expect(json<{ signal_type: string; source: string }>(io)).toMatchObject({ signal_type: 'bug', source: 'cli' });
    const list = { ...io, stdout: [] as string[], out(l: string) { list.stdout.push(l); } };
    expect(await runCli(['signals', 'list'], list)).toBe(0);
    expect(json<Array<{ summary: string }>>(list).map((s) => s.summary)).toEqual(['cli signal']);
    const sum = { ...io, stdout: [] as string[], out(l: string) { sum.stdout.push(l); } };
    expect(await runCli(['signals', 'summary'], sum)).toBe(0);
    expect(json<{ total_signals: number }>(sum).total_signals).toBe(1);
    const missing = testIo();
    expect(await runCli(['signals', 'add', '--type', 'bug'], missing)).toBe(2);
  });

  it('migrates, backs up, lists backups, checks and restores the store', async () => {
    const io = testIo();
    const run = async (...args: string[]): Promise<unknown> => {
      io.stdout.length = 0;
      expect(await runCli(args, io), args.join(' ')).toBe(0);
      return json(io);
    };
    const migrate = (await run('store', 'migrate')) as { applied: string[]; known: string[] };
    expect(migrate.applied).toEqual(migrate.known);
    const again = (await run('store', 'migrate')) as { applied: string[] };
    expect(again.applied).toEqual([]);
    const backup = (await run('store', 'backup', '--label', 'cli')) as { id: string };
    const backups = (await run('store', 'backups')) as Array<{ id: string }>;
    expect(backups.map((b) => b.id)).toContain(backup.id);
    expect(((await run('store', 'check', '--full')) as { ok: boolean }).ok).toBe(true);
    const restored = (await run('store', 'restore', '--from', backup.id)) as { restored_from: { id: string } };
    expect(restored.restored_from.id).toBe(backup.id);
  });

  it('invokes an agent in process on the scripted model', async () => {
    const io = testIo();
    expect(await runCli(['invoke', 'assistant', '--set', 'question=hello', '--iterative'], io)).toBe(0);
    expect(json<{ status: string; model: string }>(io)).toMatchObject({ status: 'completed', model: 'scripted-demo' });
    const missing = testIo();
    expect(await runCli(['invoke'], missing)).toBe(2);
  });

  it('runs a benchmark with a progress bar, then prints its report', async () => {
    const io = testIo();
    expect(await runCli(['bench', 'run', '--tasks', 'echo-answer,needs-skill', '--conditions', 'none,curated'], io)).toBe(0);
    const summary = json<{ run_id: string; trials: number; outcomes: Record<string, number> }>(io);
    expect(summary.trials).toBe(4);
    expect(summary.outcomes).toEqual({ passed: 3, failed: 1 });
    expect(io.stderr.some((l) => l.includes('[') && l.includes('4/4'))).toBe(true);
    const report = { ...io, stdout: [] as string[], out(l: string) { report.stdout.push(l); } };
    expect(await runCli(['bench', 'report', summary.run_id, '--format', 'md'], report)).toBe(0);
    expect(report.stdout.join('\n')).toContain(summary.run_id);
    const other = testIo();
    const storePath = join(other.cwd, 'other.db');
    expect(await runCli(['bench', 'run', '--tasks', 'echo-answer', '--conditions', 'none', '--store', `sqlite:${storePath}`], other)).toBe(0);
  }, 120_000);

  it('reads alert states from a running server through the connectors boundary', async () => {
    const t = await startTestServer();
    try {
      const io = testIo();
      const code = await runCli(['alerts', '--url', t.server.url, '--token', 'operator-token-0123456789'], io);
      expect(code).toBe(0);
      expect(io.stdout.join('\n')).toContain('high_effort_routing_volume');
      const down = testIo();
      expect(await runCli(['alerts', '--url', 'http://127.0.0.1:1', '--token', 'x'.repeat(20)], down)).toBe(1);
    } finally {
      await t.stop();
    }
  });

  it('start: serves, seeds, runs the demo invocation, prints the URLs and exits with AGENT33_EXIT_AFTER_START', async () => {
    const io = testIo({ AGENT33_EXIT_AFTER_START: '1' });
    expect(await runCli(['start'], io)).toBe(0);
    const out = io.stdout.join('\n');
    expect(out, out).toMatch(/seeded: +\d+ agents, 2 skills, \d+ benchmark tasks/);
    expect(out).toContain('health:   200');
    expect(out).toMatch(/demo: +POST \/v1\/agents\/assistant\/invoke-iterative → 200 \(model scripted-demo, completed/);
    expect(out).toMatch(/API +http:\/\/127\.0\.0\.1:\d+\/v1/);
  });

  it('serve: composes, listens, reports the components and shuts down on a stop signal', async () => {
    const io = testIo();
    expect(await runCli(['serve'], io)).toBe(0);
    const out = io.stdout.join('\n');
    expect(out).toMatch(/agent33 0\.1\.0 listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('store: SQLite');
    expect(out).toContain('SIGTERM: shutting down');
  });
});
