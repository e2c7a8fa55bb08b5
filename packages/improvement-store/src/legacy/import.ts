import { LegacyFormatError } from '../errors/legacy-format-error.js';
import type { QualityScoringConfig } from '../domain/scoring.js';
import type { SignalRecord } from '../domain/signals.js';
import { isoToMicros } from '../domain/time.js';
import type { ResearchIntake } from '../domain/types.js';
import type { Backend, DocRow } from '../store/backend.js';
import type { ImportReport, LegacySource } from '../store/types.js';
import { mapLegacyIntake, mapLegacySignal, mapLegacySnapshot } from './map.js';
import { readLegacySource } from './read-source.js';

/**
 * Imports a legacy source in one transaction. The source is never modified; a receipt keyed by its sha-256 makes a
 * re-import a no-op; `if-empty` imports only into a store without signals (the reference's migrate-on-start);
 * `merge` inserts the ids that are missing. Invalid records abort the import unless `strict` is false.
 */
export async function importLegacySource(
  backend: Backend,
  source: LegacySource,
  o: { mode: 'if-empty' | 'merge'; strict: boolean; nowUs: number; scoring: QualityScoringConfig },
): Promise<ImportReport> {
  const read = await readLegacySource(source);
  const { state } = read.parsed;
  const invalid: ImportReport['invalid'] = [];
  const signals: SignalRecord[] = [];
  state.signals.forEach((raw, i) => {
    try {
      signals.push(mapLegacySignal(raw, o.scoring));
    } catch (error) {
      invalid.push({ path: `signals[${i}]`, reason: (error as Error).message });
    }
  });
  const intakes: ResearchIntake[] = [];
  state.generated_intakes.forEach((raw, i) => {
    try {
      intakes.push(mapLegacyIntake(raw));
    } catch (error) {
      invalid.push({ path: `generated_intakes[${i}]`, reason: (error as Error).message });
    }
  });
  const snapshots: DocRow[] = [];
  state.metrics_snapshots.forEach((raw, i) => {
    try {
      const s = mapLegacySnapshot(raw);
      snapshots.push({ id: s.snapshotId, keys: { period: s.period }, atUs: isoToMicros(s.capturedAt), doc: s, version: 1 });
    } catch (error) {
      invalid.push({ path: `metrics_snapshots[${i}]`, reason: (error as Error).message });
    }
  });
  if (invalid.length > 0 && o.strict) {
    throw new LegacyFormatError(`Legacy source has ${invalid.length} invalid record(s): ${invalid.map((x) => `${x.path}: ${x.reason}`).join('; ')}`, source.path);
  }

  // The map is cross-checked against the intakes; where they disagree the intake's own link wins.
  const mapMismatches: string[] = [];
  const bySignal = new Map(intakes.filter((i) => i.generatedFromSignalId).map((i) => [i.generatedFromSignalId!, i.intakeId]));
  for (const [signalId, intakeId] of Object.entries(state.signal_intake_map)) {
    const actual = bySignal.get(signalId);
    if (actual !== intakeId) mapMismatches.push(`${signalId}: map says ${intakeId}, intakes say ${actual ?? 'none'}`);
  }
  for (const record of signals) {
    const intakeId = bySignal.get(record.signal.signalId);
    if (intakeId) record.signal = { ...record.signal, intakeGenerated: true, relatedIntakeId: intakeId };
  }

  const outcome = await backend.importBatch({
    signals,
    intakes,
    snapshots,
    receiptKey: `legacy-import:${read.sha256}`,
    receiptValue: JSON.stringify({ path: source.path, kind: source.kind, importedAtUs: o.nowUs }),
    mode: o.mode,
  });
  const imported = outcome.outcome === 'imported';
  return {
    source,
    sourceSha256: read.sha256,
    format: read.format,
    outcome: outcome.outcome,
    signals: { read: state.signals.length, inserted: outcome.signalsInserted, existing: imported ? signals.length - outcome.signalsInserted : 0 },
    intakes: { read: state.generated_intakes.length, inserted: outcome.intakesInserted, existing: imported ? intakes.length - outcome.intakesInserted : 0 },
    metricsSnapshots: { read: state.metrics_snapshots.length, inserted: outcome.snapshotsInserted, existing: imported ? snapshots.length - outcome.snapshotsInserted : 0 },
    mapMismatches,
    invalid,
  };
}
