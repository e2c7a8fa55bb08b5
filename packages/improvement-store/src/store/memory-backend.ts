import type { BenchRunRecord, BenchRunSummary, BenchTrialRecord } from '@agent33/runtime/ports';
import type { SignalRecord } from '../domain/signals.js';
import { addToAggregate, emptyAggregate, type SummaryAggregate, type SummaryRow } from '../domain/summary.js';
import { isoToMicros, microsToIso } from '../domain/time.js';
import type { ResearchIntake, StoredLearningSignal } from '../domain/types.js';
import { StoreConflictError } from '../errors/store-conflict-error.js';
import type { Backend, DocKind, DocRow, ImportBatch, ImportOutcome, SignalFilter } from './backend.js';
import type { StoredRunEvent } from './types.js';

const clone = <T>(value: T): T => structuredClone(value);

interface Row<T> {
  seq: number;
  value: T;
}

/** Newest first by time, then insertion order: Python's stable sort of `recorded_at` descending. */
const byTimeDesc = (a: { t: number; seq: number }, b: { t: number; seq: number }): number => b.t - a.t || a.seq - b.seq;
const afterCursor = (t: number, seq: number, after?: { timeUs: number; seq: number }): boolean =>
  !after || t < after.timeUs || (t === after.timeUs && seq > after.seq);

/** The in-process backend of the memory store; every method is synchronous inside, hence atomic. */
export class MemoryBackend implements Backend {
  readonly kind = 'memory' as const;
  private seq = 0;
  private readonly signals = new Map<string, Row<SignalRecord>>();
  private readonly intakes = new Map<string, Row<ResearchIntake>>();
  private readonly docs = new Map<DocKind, Map<string, Row<DocRow>>>();
  private readonly events: StoredRunEvent[] = [];
  private readonly checkpoints = new Map<string, string>();
  private readonly runs = new Map<string, { seq: number; runId: string; status: string; createdAt: number; finishedAt?: number; config: string; provenance: string; aggregates: string | null }>();
  private readonly trials = new Map<string, Row<BenchTrialRecord>>();
  private readonly baselines = new Map<string, string>();
  private readonly meta = new Map<string, string>();

  private next(): number {
    this.seq += 1;
    return this.seq;
  }

  private scoped(tenantId: string | null): Row<SignalRecord>[] {
    return [...this.signals.values()].filter((r) => tenantId === null || r.value.signal.tenantId === tenantId);
  }

  async ingest(records: readonly SignalRecord[], windowUs: number, merge: (a: SignalRecord, b: SignalRecord) => SignalRecord) {
    const results: Array<{ record: SignalRecord | null; merged: boolean }> = [];
    for (const record of records) {
      if (windowUs > 0) {
        const match = [...this.signals.values()]
          .filter((r) => r.value.signal.tenantId === record.signal.tenantId && r.value.fingerprint === record.fingerprint && Math.abs(r.value.lastSeenUs - record.recordedUs) <= windowUs)
          .sort((a, b) => b.value.lastSeenUs - a.value.lastSeenUs || b.seq - a.seq)[0];
        if (match) {
          match.value = merge(match.value, record);
          results.push({ record: clone(match.value), merged: true });
          continue;
        }
      }
      if (this.signals.has(record.signal.signalId)) {
        results.push({ record: null, merged: false });
        continue;
      }
      this.signals.set(record.signal.signalId, { seq: this.next(), value: clone(record) });
      results.push({ record, merged: false });
    }
    return { results };
  }

  async getSignal(signalId: string, tenantId: string | null) {
    const row = this.signals.get(signalId);
    return row && (tenantId === null || row.value.signal.tenantId === tenantId) ? clone(row.value.signal) : null;
  }

  async listSignals(f: SignalFilter) {
    return this.scoped(f.tenantId)
      .filter((r) => {
        const s = r.value;
        return (
          (!f.signalType || s.signal.signalType === f.signalType) &&
          (!f.severity || s.signal.severity === f.severity) &&
          (f.sinceUs === undefined || s.recordedUs >= f.sinceUs) &&
          (f.untilUs === undefined || s.recordedUs < f.untilUs) &&
          afterCursor(s.recordedUs, r.seq, f.after)
        );
      })
      .sort((a, b) => byTimeDesc({ t: a.value.recordedUs, seq: a.seq }, { t: b.value.recordedUs, seq: b.seq }))
      .slice(0, f.limit)
      .map((r) => ({ signal: clone(r.value.signal), recordedUs: r.value.recordedUs, seq: r.seq }));
  }

  private window(tenantId: string | null, sinceUs: number | null, untilUs: number | null): Row<SignalRecord>[] {
    return this.scoped(tenantId).filter((r) => (sinceUs === null || r.value.recordedUs >= sinceUs) && (untilUs === null || r.value.recordedUs < untilUs));
  }

  async summaryRows(tenantId: string | null, sinceUs: number | null, limit: number): Promise<SummaryRow[]> {
    return this.window(tenantId, sinceUs, null)
      .sort((a, b) => byTimeDesc({ t: a.value.recordedUs, seq: a.seq }, { t: b.value.recordedUs, seq: b.seq }))
      .slice(0, limit)
      .map((r) => ({ ...r.value.signal, recordedUs: r.value.recordedUs }));
  }

  async aggregate(tenantId: string | null, sinceUs: number | null, untilUs: number | null): Promise<SummaryAggregate> {
    const agg = emptyAggregate();
    for (const r of this.window(tenantId, sinceUs, untilUs)) {
      const s = r.value.signal;
      addToAggregate(agg, { signalType: s.signalType, severity: s.severity, tenantId: s.tenantId, n: 1, qualitySum: s.qualityScore, highCount: s.qualityLabel === 'high' ? 1 : 0, latestUs: r.value.recordedUs });
    }
    return agg;
  }

  async count(tenantId: string | null, sinceUs: number | null, untilUs: number | null): Promise<number> {
    return this.window(tenantId, sinceUs, untilUs).length;
  }

  async trendCounts(dimension: 'signal_type' | 'severity', tenantId: string | null, previousStartUs: number, startUs: number) {
    const out = new Map<string, { value: string; current: number; previous: number; occurrences: number }>();
    for (const r of this.window(tenantId, previousStartUs, null)) {
      const value = dimension === 'signal_type' ? r.value.signal.signalType : r.value.signal.severity;
      const entry = out.get(value) ?? { value, current: 0, previous: 0, occurrences: 0 };
      if (r.value.recordedUs >= startUs) {
        entry.current += 1;
        entry.occurrences += r.value.signal.occurrenceCount;
      } else entry.previous += 1;
      out.set(value, entry);
    }
    return [...out.values()];
  }

  async generateIntakes(o: { tenantId: string | null; minRank: number; minQuality: number; maxItems: number }, build: (s: StoredLearningSignal) => ResearchIntake) {
    const taken = new Set([...this.intakes.values()].map((r) => r.value.generatedFromSignalId).filter((x): x is string => x !== null));
    const candidates = this.scoped(o.tenantId)
      .filter((r) => !r.value.signal.intakeGenerated && !taken.has(r.value.signal.signalId) && r.value.severityRank >= o.minRank && r.value.signal.qualityScore >= o.minQuality)
      .sort((a, b) => b.value.severityRank - a.value.severityRank || b.value.signal.qualityScore - a.value.signal.qualityScore || b.value.recordedUs - a.value.recordedUs || a.seq - b.seq)
      .slice(0, o.maxItems);
    const created: ResearchIntake[] = [];
    for (const row of candidates) {
      const intake = build(row.value.signal);
      this.intakes.set(intake.intakeId, { seq: this.next(), value: clone(intake) });
      row.value = { ...row.value, signal: { ...row.value.signal, intakeGenerated: true, relatedIntakeId: intake.intakeId } };
      created.push(intake);
    }
    return created;
  }

  async insertIntake(intake: ResearchIntake) {
    if (this.intakes.has(intake.intakeId)) throw new StoreConflictError(`An intake with id ${intake.intakeId} already exists`);
    this.intakes.set(intake.intakeId, { seq: this.next(), value: clone(intake) });
  }

  async getIntake(intakeId: string, tenantId: string | null) {
    const row = this.intakes.get(intakeId);
    return row && (tenantId === null || row.value.tenantId === tenantId) ? clone(row.value) : null;
  }

  async listIntakes(f: { tenantId: string | null; status?: string; researchType?: string; sinceUs?: number; limit: number; after?: { timeUs: number; seq: number } }) {
    return [...this.intakes.values()]
      .map((r) => ({ intake: r.value, seq: r.seq, atUs: isoToMicros(r.value.submittedAt) }))
      .filter(
        (r) =>
          (f.tenantId === null || r.intake.tenantId === f.tenantId) &&
          (!f.status || r.intake.disposition.status === f.status) &&
          (!f.researchType || r.intake.classification.researchType === f.researchType) &&
          (f.sinceUs === undefined || r.atUs >= f.sinceUs) &&
          afterCursor(r.atUs, r.seq, f.after),
      )
      .sort((a, b) => byTimeDesc({ t: a.atUs, seq: a.seq }, { t: b.atUs, seq: b.seq }))
      .slice(0, f.limit)
      .map((r) => ({ ...r, intake: clone(r.intake) }));
  }

  async updateIntake(intakeId: string, update: (i: ResearchIntake) => ResearchIntake) {
    const row = this.intakes.get(intakeId);
    if (!row) return null;
    row.value = clone(update(clone(row.value)));
    return clone(row.value);
  }

  private docTable(kind: DocKind): Map<string, Row<DocRow>> {
    let table = this.docs.get(kind);
    if (!table) {
      table = new Map();
      this.docs.set(kind, table);
    }
    return table;
  }

  async insertDoc(kind: DocKind, row: DocRow) {
    const table = this.docTable(kind);
    if (table.has(row.id)) throw new StoreConflictError(`A ${kind} with id ${row.id} already exists`);
    table.set(row.id, { seq: this.next(), value: clone(row) });
  }

  async getDoc(kind: DocKind, id: string) {
    const row = this.docTable(kind).get(id);
    return row ? clone(row.value.doc) : null;
  }

  async listDocs(kind: DocKind, keys: Record<string, string>, limit: number | null, order: 'asc' | 'desc') {
    const rows = [...this.docTable(kind).values()]
      .filter((r) => Object.entries(keys).every(([k, v]) => r.value.keys[k] === v))
      .sort((a, b) => (order === 'asc' ? a.value.atUs - b.value.atUs || a.seq - b.seq : b.value.atUs - a.value.atUs || b.seq - a.seq));
    return (limit === null ? rows : rows.slice(0, limit)).map((r) => clone(r.value.doc));
  }

  async updateDoc(kind: DocKind, id: string, update: (doc: unknown) => DocRow | null) {
    const row = this.docTable(kind).get(id);
    if (!row) return null;
    const next = update(clone(row.value.doc));
    if (!next) return null;
    row.value = clone(next);
    return clone(next.doc);
  }

  async appendRunEvents(events: ReadonlyArray<Omit<StoredRunEvent, 'seq' | 'recordedAt'> & { recordedUs: number }>) {
    for (const e of events) {
      this.events.push({ seq: this.next(), runId: e.runId, type: e.type, tenantId: e.tenantId, content: e.content, payload: clone(e.payload), recordedAt: microsToIso(e.recordedUs) });
    }
    return events.length;
  }

  async listRunEvents(q: { tenantId: string | null; runId?: string; limit: number }) {
    return this.events
      .filter((e) => (q.tenantId === null || e.tenantId === q.tenantId) && (q.runId === undefined || e.runId === q.runId))
      .sort((a, b) => b.seq - a.seq)
      .slice(0, q.limit)
      .map(clone);
  }

  async saveCheckpoint(runId: string, state: string) {
    this.checkpoints.set(runId, state);
  }

  async loadCheckpoint(runId: string) {
    return this.checkpoints.get(runId) ?? null;
  }

  async benchCreateRun(run: { runId: string; config: string; provenance: string; createdAt: number }) {
    if (this.runs.has(run.runId)) throw new StoreConflictError(`Bench run ${run.runId} already exists`);
    this.runs.set(run.runId, { seq: this.next(), ...run, status: 'running', aggregates: null });
  }

  async benchAppendTrial(record: BenchTrialRecord) {
    const key = `${record.trialId}\u0000${record.attempt}`;
    if (this.trials.has(key)) return false;
    this.trials.set(key, { seq: this.next(), value: clone(record) });
    return true;
  }

  async benchTrialIds(runId: string) {
    return new Set([...this.trials.values()].filter((t) => t.value.runId === runId).map((t) => t.value.trialId));
  }

  async benchFinishRun(runId: string, status: string, finishedAt: number, aggregates: string | null) {
    const run = this.runs.get(runId);
    if (!run) return false;
    Object.assign(run, { status, finishedAt, aggregates });
    return true;
  }

  async benchGetRun(runId: string): Promise<BenchRunRecord | undefined> {
    const run = this.runs.get(runId);
    if (!run) return undefined;
    const trials = [...this.trials.values()].filter((t) => t.value.runId === runId).sort((a, b) => a.seq - b.seq).map((t) => clone(t.value));
    return {
      runId,
      status: run.status as BenchRunRecord['status'],
      createdAt: run.createdAt,
      ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}),
      config: JSON.parse(run.config) as unknown,
      provenance: JSON.parse(run.provenance) as unknown,
      trials,
      ...(run.aggregates !== null ? { aggregates: JSON.parse(run.aggregates) as unknown } : {}),
    };
  }

  async benchListRuns(limit: number): Promise<BenchRunSummary[]> {
    return [...this.runs.values()]
      .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq)
      .slice(0, limit)
      .map((r) => ({
        runId: r.runId,
        status: r.status as BenchRunSummary['status'],
        createdAt: r.createdAt,
        ...(r.finishedAt !== undefined ? { finishedAt: r.finishedAt } : {}),
        trialCount: [...this.trials.values()].filter((t) => t.value.runId === r.runId).length,
      }));
  }

  async benchSetBaseline(name: string, runId: string) {
    if (!this.runs.has(runId)) return false;
    this.baselines.set(name, runId);
    return true;
  }

  async benchGetBaseline(name: string) {
    return this.baselines.get(name);
  }

  async retention(o: { cutoffUs: number; maxSignals: number | null; intakeCutoffUs: number | null }) {
    let signals = 0;
    for (const [id, row] of this.signals) {
      if (row.value.recordedUs < o.cutoffUs) {
        this.signals.delete(id);
        signals += 1;
      }
    }
    if (o.maxSignals !== null && this.signals.size > o.maxSignals) {
      const oldest = [...this.signals.values()].sort((a, b) => a.value.recordedUs - b.value.recordedUs || a.seq - b.seq);
      for (const row of oldest.slice(0, this.signals.size - o.maxSignals)) {
        this.signals.delete(row.value.signal.signalId);
        signals += 1;
      }
    }
    let intakes = 0;
    if (o.intakeCutoffUs !== null) {
      for (const [id, row] of this.intakes) {
        const terminal = row.value.disposition.status === 'rejected' || row.value.disposition.status === 'tracked';
        if (terminal && isoToMicros(row.value.submittedAt) < o.intakeCutoffUs) {
          this.intakes.delete(id);
          intakes += 1;
        }
      }
    }
    return { signals, intakes };
  }

  async importBatch(b: ImportBatch): Promise<ImportOutcome> {
    const none = { signalsInserted: 0, intakesInserted: 0, snapshotsInserted: 0 };
    if (this.meta.has(b.receiptKey)) return { outcome: 'skipped-receipt', ...none };
    if (b.mode === 'if-empty' && this.signals.size > 0) return { outcome: 'skipped-not-empty', ...none };
    const out = { outcome: 'imported' as const, ...none };
    for (const s of b.signals) {
      if (this.signals.has(s.signal.signalId)) continue;
      this.signals.set(s.signal.signalId, { seq: this.next(), value: clone(s) });
      out.signalsInserted += 1;
    }
    const taken = new Set([...this.intakes.values()].map((r) => r.value.generatedFromSignalId));
    for (const i of b.intakes) {
      if (this.intakes.has(i.intakeId) || (i.generatedFromSignalId !== null && taken.has(i.generatedFromSignalId))) continue;
      this.intakes.set(i.intakeId, { seq: this.next(), value: clone(i) });
      out.intakesInserted += 1;
    }
    const snaps = this.docTable('snapshot');
    for (const d of b.snapshots) {
      if (snaps.has(d.id)) continue;
      snaps.set(d.id, { seq: this.next(), value: clone(d) });
      out.snapshotsInserted += 1;
    }
    this.meta.set(b.receiptKey, b.receiptValue);
    return out;
  }

  async exportAll() {
    const signals = [...this.signals.values()].sort((a, b) => a.seq - b.seq).map((r) => clone(r.value.signal));
    const intakes = [...this.intakes.values()].sort((a, b) => a.seq - b.seq).map((r) => clone(r.value));
    const snapshots = [...this.docTable('snapshot').values()].sort((a, b) => a.seq - b.seq).map((r) => clone(r.value.doc));
    return { signals, intakes, snapshots };
  }

  async getMeta(key: string) {
    return this.meta.get(key) ?? null;
  }

  async setMeta(key: string, value: string) {
    this.meta.set(key, value);
  }

  async close() {
    // Nothing to release: the data lives and dies with the process.
  }
}
