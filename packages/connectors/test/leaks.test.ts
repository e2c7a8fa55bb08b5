import { execFile } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createBoundary } from '../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

const CALLS = 100_000;

describe('leak and soak checks (bounded: 100 000 calls each)', () => {
  it('leaves no abort listener on a long-lived caller signal and raises no MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on('warning', onWarning);
    const boundary = createBoundary({ timeoutMs: 30_000, retry: { maxAttempts: 2 } });
    const controller = new AbortController();
    const request = { connector: 'svc:soak', operation: 'GET', signal: controller.signal };
    let leaked = 0;
    for (let index = 0; index < CALLS; index += 1) {
      await boundary.execute(request, async (ctx) => (index % 1000 === 0 ? ctx.signal.aborted : index));
      if (getEventListeners(controller.signal, 'abort').length !== 0) leaked += 1;
    }
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(leaked).toBe(0);
    expect(warnings.filter((name) => name === 'MaxListenersExceededWarning')).toEqual([]);
    await boundary.close();
  });

  it('keeps retained heap growth under 2 MiB and holds no per-call timers', async () => {
    const before = resourceCounts();
    const boundary = createBoundary({ timeoutMs: 30_000 });
    const request = { connector: 'svc:heap', operation: 'GET' };
    for (let index = 0; index < 5000; index += 1) await boundary.execute(request, async () => index);
    gc();
    const baseline = process.memoryUsage().heapUsed;
    for (let index = 0; index < CALLS; index += 1) await boundary.execute(request, async () => index);
    gc();
    const growth = process.memoryUsage().heapUsed - baseline;
    expect(growth).toBeLessThan(2 * 1024 * 1024);
    const during = resourceCounts();
    expect((during.get('Timeout') ?? 0) - (before.get('Timeout') ?? 0)).toBeLessThanOrEqual(1);
    await boundary.close();
    const after = resourceCounts();
    for (const [type, count] of after) expect(count, type).toBeLessThanOrEqual(before.get(type) ?? 0);
  });

  it('lets a process that used a boundary and a stdio MCP server exit by itself after close()', async () => {
    const script = fileURLToPath(new URL('./fixtures/exit-child.ts', import.meta.url));
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', '--conditions=@agent33/source', script], { timeout: 60_000, cwd: fileURLToPath(new URL('..', import.meta.url)) }, (error, out) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out }),
      );
      child.stdin?.end();
    });
    expect(stdout.trim()).toBe('done true');
    expect(code).toBe(0);
  });
});
