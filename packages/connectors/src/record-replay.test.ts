import { describe, expect, it } from 'vitest';
import { createBoundary } from './boundary.js';
import { recordHandler, replayHandler } from './record-replay.js';

describe('record / replay handlers', () => {
  it('replays a recorded flaky sequence with the same retries and report', async () => {
    let calls = 0;
    const recorder = recordHandler(async () => {
      calls += 1;
      if (calls === 1) throw new Error('flaky');
      return { ok: calls };
    });
    const live = createBoundary({ retry: { maxAttempts: 2, backoff: 'none' } });
    const request = { connector: 'svc:rr', operation: 'GET' };
    await expect(live.execute(request, recorder.handler)).resolves.toEqual({ ok: 2 });
    const saved = JSON.parse(JSON.stringify(recorder.toJSON()));
    expect(saved.map((call: { attempt: number; outcome: { ok: boolean } }) => [call.attempt, call.outcome.ok])).toEqual([
      [1, false],
      [2, true],
    ]);
    const replay = createBoundary({ retry: { maxAttempts: 2, backoff: 'none' } });
    const reports: number[] = [];
    await expect(replay.execute({ ...request, onReport: (r) => reports.push(r.attempts) }, replayHandler(saved))).resolves.toEqual({ ok: 2 });
    expect(reports).toEqual([2]);
    await expect(replay.execute({ connector: 'svc:other', operation: 'GET' }, replayHandler(saved))).rejects.toMatchObject({ code: 'CONNECTOR_BAD_CONFIG' });
  });
});
