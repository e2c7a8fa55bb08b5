import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer } from './support.js';

const P = '/v1/improvements/learning/signals';

async function count(t: Awaited<ReturnType<typeof startTestServer>>): Promise<number> {
  const list = (await (await t.get(`${P}?limit=1000`, ADMIN_TOKEN)).json()) as unknown[];
  return list.length;
}

describe('persistence on the real SQLite file', () => {
  it('keeps signals across a restart of the whole app', async () => {
    const first = await startTestServer();
    const dataDir = first.dataDir;
    for (let i = 0; i < 3; i++) {
      expect((await first.post(P, { signal_type: 'incident', severity: 'high', summary: `outage ${i}` })).status).toBe(200);
    }
    await first.stop();
    const second = await startTestServer({}, dataDir);
    try {
      expect(second.seed.seeded).toBe(false);
      expect(await count(second)).toBe(3);
    } finally {
      await second.stop();
    }
  });

  it('backs up and restores through the admin API', async () => {
    const t = await startTestServer();
    try {
      expect((await t.post(P, { signal_type: 'bug', severity: 'low', summary: 'kept' })).status).toBe(200);
      const forbidden = await t.post('/v1/admin/store/backup', {});
      expect(forbidden.status).toBe(403);
      const backup = await t.post('/v1/admin/store/backup', { label: 'before-change' }, ADMIN_TOKEN);
      expect(backup.status).toBe(200);
      const manifest = (await backup.json()) as { id: string; sha256: string; counts: Record<string, number> };
      expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
      const backups = (await (await t.get('/v1/admin/store/backups', ADMIN_TOKEN)).json()) as Array<{ id: string }>;
      expect(backups.map((b) => b.id)).toContain(manifest.id);

      expect((await t.post(P, { signal_type: 'bug', severity: 'low', summary: 'written after the backup' })).status).toBe(200);
      expect(await count(t)).toBe(2);

      const check = await t.post('/v1/admin/store/check', { mode: 'full' }, ADMIN_TOKEN);
      expect(((await check.json()) as { ok: boolean }).ok).toBe(true);

      const restored = await t.post('/v1/admin/store/restore', { from: manifest.id }, ADMIN_TOKEN);
      expect(restored.status).toBe(200);
      const report = (await restored.json()) as { restored_from: { id: string }; quarantine_path: string | null };
      expect(report.restored_from.id).toBe(manifest.id);
      expect(report.quarantine_path).not.toBeNull();
      expect(await count(t)).toBe(1);
      const ready = (await (await t.get('/ready', null)).json()) as { components: Array<{ name: string; state: string }> };
      expect(ready.components.find((c) => c.name === 'store')?.state).toBe('ready');

      const unknown = await t.post('/v1/admin/store/restore', { from: 'no-such-backup' }, ADMIN_TOKEN);
      expect(unknown.status).toBe(404);
      const migrate = (await (await t.post('/v1/admin/store/migrate', {}, ADMIN_TOKEN)).json()) as { known: string[] };
      expect(migrate.known.length).toBeGreaterThan(0);
      const health = (await (await t.get('/v1/admin/store/health', ADMIN_TOKEN)).json()) as { status: string; kind: string };
      expect(health).toMatchObject({ status: 'ok', kind: 'sqlite' });
    } finally {
      await t.stop();
    }
  });

  it('a part that fails to start (unknown policy pack) is a configuration error that leaves nothing open', async () => {
    const first = await startTestServer();
    const dataDir = first.dataDir;
    await first.stop();
    await expect(startTestServer({ AGENT33_POLICY_PACK: 'no-such-pack' }, dataDir)).rejects.toMatchObject({
      code: 'APP_BAD_CONFIG',
      message: expect.stringContaining('connectors.policyPack') as unknown,
    });
    const again = await startTestServer({}, dataDir);
    try {
      expect((await again.get('/ready', null)).status).toBe(200);
    } finally {
      await again.stop();
    }
  });
});
