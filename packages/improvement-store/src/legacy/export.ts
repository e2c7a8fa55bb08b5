import { createHash } from 'node:crypto';
import { open, rename } from 'node:fs/promises';
import type { ResearchIntake, StoredLearningSignal } from '../domain/types.js';
import { microsToIso } from '../domain/time.js';
import type { ExportManifest } from '../store/types.js';
import { toLegacyIntake, toLegacySignal } from './map.js';

type All = { signals: StoredLearningSignal[]; intakes: ResearchIntake[]; snapshots: unknown[] };

/** Writes a file atomically: temp file, fsync, rename. */
export async function writeFileAtomic(path: string, text: string): Promise<number> {
  const tmp = `${path}.tmp-${process.pid}`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
  return Buffer.byteLength(text, 'utf8');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Writes the portable JSONL export: a header line with counts, then one line per record. */
export async function exportJsonFile(path: string, all: All, nowUs: number): Promise<ExportManifest> {
  const counts = { signals: all.signals.length, intakes: all.intakes.length, metricsSnapshots: all.snapshots.length };
  const createdAt = microsToIso(nowUs);
  const lines = [JSON.stringify({ format: 'agent33-jsonl-v1', createdAt, counts })];
  for (const s of all.signals) lines.push(JSON.stringify({ kind: 'signal', data: s }));
  for (const i of all.intakes) lines.push(JSON.stringify({ kind: 'intake', data: i }));
  for (const m of all.snapshots) lines.push(JSON.stringify({ kind: 'metrics-snapshot', data: m }));
  const text = lines.join('\n') + '\n';
  const bytes = await writeFileAtomic(path, text);
  return { path, format: 'agent33-jsonl-v1', sha256: createHash('sha256').update(text).digest('hex'), bytes, counts, createdAt };
}

/**
 * Writes the reference engine's learning-state document (indent 2, sorted keys) so operators can roll back to it:
 * signals, generated intakes and the signal→intake map.
 */
export async function exportLegacyFile(path: string, all: All, nowUs: number): Promise<ExportManifest> {
  const generated = all.intakes.filter((i) => i.generatedFromSignalId !== null);
  const doc = {
    signals: all.signals.map(toLegacySignal),
    generated_intakes: generated.map(toLegacyIntake),
    signal_intake_map: Object.fromEntries(generated.map((i) => [i.generatedFromSignalId!, i.intakeId])),
  };
  const text = JSON.stringify(sortKeys(doc), null, 2);
  const bytes = await writeFileAtomic(path, text);
  return {
    path,
    format: 'legacy-state',
    sha256: createHash('sha256').update(text).digest('hex'),
    bytes,
    counts: { signals: doc.signals.length, intakes: generated.length, map: generated.length },
    createdAt: microsToIso(nowUs),
  };
}
