import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestServer } from './support.js';

const guarded = {
  name: 'guarded',
  version: '1.0.0',
  role: 'researcher',
  description: 'Needs approval before reading the learning summary.',
  inputs: { question: { type: 'string', required: true } },
  governance: { approval_required: ['learning_summary'] },
};

describe('approvals: a run paused for a tool approval resumes from the store', () => {
  it('pauses with awaiting_approval, then completes after POST /v1/agents/runs/:id/approve, across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'a33-approve-'));
    mkdirSync(join(dataDir, 'agents'), { recursive: true });
    writeFileSync(join(dataDir, 'agents', 'guarded.json'), JSON.stringify(guarded));
    const first = await startTestServer({}, dataDir);
    let runId: string;
    let callId: string;
    try {
      const res = await first.post('/v1/agents/guarded/invoke-iterative', { inputs: { question: 'what have we learned?' } });
      expect(res.status).toBe(200);
      const paused = (await res.json()) as { status: string; run_id: string; pending_approvals: Array<{ call_id: string; tool: string }> };
      expect(paused.status).toBe('awaiting_approval');
      expect(paused.pending_approvals).toHaveLength(1);
      expect(paused.pending_approvals[0]?.tool).toBe('learning_summary');
      runId = paused.run_id;
      callId = paused.pending_approvals[0]?.call_id as string;
      expect((await first.post('/v1/agents/runs/run-unknown/approve', { decisions: [{ call_id: 'x', approved: true }] })).status).toBe(404);
    } finally {
      await first.stop();
    }
    // The paused state was checkpointed in SQLite: a fresh process resumes it.
    const second = await startTestServer({}, dataDir);
    try {
      const res = await second.post(`/v1/agents/runs/${runId}/approve`, { decisions: [{ call_id: callId, approved: true }] });
      expect(res.status).toBe(200);
      const done = (await res.json()) as { status: string; tool_calls_made: number; tools_used: string[]; agent: string };
      expect(done).toMatchObject({ agent: 'guarded', status: 'completed', tools_used: ['learning_summary'] });
      const again = await second.post(`/v1/agents/runs/${runId}/approve`, { decisions: [{ call_id: callId, approved: true }] });
      expect(again.status).toBe(409);
    } finally {
      await second.stop();
    }
  });
});
