import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Reads the verifier's reward from a logs dir: `reward.txt` (one number) first, else `reward.json` (a flat map of
 * numbers; the primary key is `reward`, else the first numeric value). A missing or unreadable file gives `null`.
 */
export async function readReward(logsDir: string): Promise<{ reward: number | null; rewards: Record<string, number> }> {
  const txt = await readFile(join(logsDir, 'reward.txt'), 'utf8').catch(() => undefined);
  if (txt !== undefined) {
    const value = Number.parseFloat(txt.trim());
    if (Number.isFinite(value)) return { reward: value, rewards: { reward: value } };
  }
  const json = await readFile(join(logsDir, 'reward.json'), 'utf8').catch(() => undefined);
  if (json !== undefined) {
    try {
      const parsed = JSON.parse(json) as unknown;
      if (typeof parsed === 'number' && Number.isFinite(parsed)) return { reward: parsed, rewards: { reward: parsed } };
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        const rewards: Record<string, number> = {};
        for (const [key, value] of Object.entries(parsed)) if (typeof value === 'number' && Number.isFinite(value)) rewards[key] = value;
        const primary = rewards.reward ?? Object.values(rewards)[0];
        return { reward: primary ?? null, rewards };
      }
    } catch {
      // A malformed reward.json is the same as no reward: the classifier reports a verifier error.
    }
  }
  return { reward: null, rewards: {} };
}
