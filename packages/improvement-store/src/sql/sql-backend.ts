import type { BenchRunRecord, BenchRunSummary, BenchTrialRecord } from '@agent33/runtime/ports';
import type { SignalRecord } from '../domain/signals.js';
import { addToAggregate, emptyAggregate, type SummaryAggregate, type SummaryRow } from '../domain/summary.js';
import { isoToMicros, microsToIso } from '../domain/time.js';
import type { QualityLabel, ResearchIntake, SignalSeverity, SignalType, StoredLearningSignal } from '../domain/types.js';
import { StoreConflictError } from '../errors/store-conflict-error.js';
import type { Backend, DocKind, DocRow, ImportBatch, ImportOutcome, SignalFilter } from '../store/backend.js';
import type { StoredRunEvent } from '../store/types.js';
import { num, q, type Program, type SqlExecutor, type SqlValue } from './program.js';
import { HOUR_US, RollupDeltas, type RollupEntry } from './rollups.js';
import { DOC_TABLES, SIGNAL_COLUMNS, SIGNAL_SELECT, signalFromRow, signalParams, trialFromRow } from './rows.js';

const INSERT_SIGNAL_BASE = `INSERT INTO learning_signals (${SIGNAL_COLUMNS}) VALUES (${SIGNAL_COLUMNS.split(',').map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`;
const FIND_DUPLICATE = `SELECT ${SIGNAL_SELECT} FROM learning_signals WHERE tenant_id = ? AND fingerprint = ? AND last_seen_at_us BETWEEN ? AND ? ORDER BY last_seen_at_us DESC, seq DESC LIMIT 1`;
const UPDATE_MERGED =
  'UPDATE learning_signals SET severity = ?, severity_rank = ?, details = ?, source = ?, context = ?, quality_score = ?, quality_label = ?, quality_reasons = ?, enrichment = ?, occurrence_count = ?, first_seen_at_us = ?, last_seen_at_us = ? WHERE seq = ?';
const rollupOf = (r: SignalRecord): RollupEntry => ({
  tenantId: r.signal.tenantId,
  recordedUs: r.recordedUs,
  signalType: r.signal.signalType,
  severity: r.signal.severity,
  occurrenceCount: r.signal.occurrenceCount,
  qualityScore: r.signal.qualityScore,
  high: r.signal.qualityLabel === 'high',
});

const GROUPED =
  "SELECT tenant_id, signal_type, severity, COUNT(*) AS n, SUM(quality_score) AS qs, SUM(CASE WHEN quality_label = 'high' THEN 1 ELSE 0 END) AS hn, MAX(recorded_at_us) AS latest FROM learning_signals";

/**
 * Grouped counts of [sinceUs, untilUs): whole hours from the rollups, the partial edge hours and the latest time from
 * the base table (exact, whatever the window's alignment).
 */
function* aggregateProgram(tenantId: string | null, sinceUs: number | null, untilUs: number | null): Program<SummaryAggregate> {
  const agg = emptyAggregate();
  const add = (rows: Record<string, unknown>[], withLatest: boolean): void => {
    for (const r of rows) {
      addToAggregate(agg, { tenantId: r.tenant_id as string, signalType: r.signal_type as SignalType, severity: r.severity as SignalSeverity, n: num(r.n), qualitySum: num(r.qs), highCount: num(r.hn), latestUs: withLatest && r.latest !== null ? num(r.latest) : null });
    }
  };
  const rollFrom = sinceUs === null ? null : Math.ceil(sinceUs / HOUR_US);
  const rollTo = untilUs === null ? null : Math.floor(untilUs / HOUR_US);
  const useRollup = rollFrom === null || rollTo === null || rollFrom < rollTo;
  const edges: Array<[number | null, number | null]> = [];
  if (!useRollup) edges.push([sinceUs, untilUs]);
  else {
    if (sinceUs !== null && rollFrom !== null && sinceUs < rollFrom * HOUR_US) edges.push([sinceUs, rollFrom * HOUR_US]);
    if (untilUs !== null && rollTo !== null && rollTo * HOUR_US < untilUs) edges.push([rollTo * HOUR_US, untilUs]);
    const w = where([tenantCond(tenantId), rollFrom === null ? null : ['hour >= ?', [rollFrom]], rollTo === null ? null : ['hour < ?', [rollTo]]]);
    add(yield q(`SELECT tenant_id, signal_type, severity, SUM(n) AS n, SUM(quality_sum) AS qs, SUM(high_n) AS hn FROM signal_rollup_hourly ${w.clause} GROUP BY tenant_id, signal_type, severity HAVING SUM(n) > 0`, ...w.params), false);
  }
  for (const [from, to] of edges) {
    const w = where([tenantCond(tenantId), ...rangeConds(from, to)]);
    add(yield q(`${GROUPED} ${w.clause} GROUP BY tenant_id, signal_type, severity`, ...w.params), true);
  }
  if (useRollup) {
    const w = where([tenantCond(tenantId), ...rangeConds(sinceUs, untilUs)]);
    const latest = (yield q(`SELECT MAX(recorded_at_us) AS latest FROM learning_signals ${w.clause}`, ...w.params))[0]?.latest;
    agg.latestUs = latest === null || latest === undefined ? null : num(latest);
  }
  return agg;
}

const DELETED = 'tenant_id, recorded_at_us, signal_type, severity, occurrence_count, quality_score, quality_label';

/** Removes deleted rows from their rollups. */
function* unroll(rows: Record<string, unknown>[]): Program<void> {
  const deltas = new RollupDeltas();
  for (const r of rows) {
    deltas.add(
      { tenantId: r.tenant_id as string, recordedUs: num(r.recorded_at_us), signalType: r.signal_type as string, severity: r.severity as string, occurrenceCount: num(r.occurrence_count), qualityScore: num(r.quality_score), high: r.quality_label === 'high' },
      -1,
    );
  }
  yield* deltas.flush();
}

const INTAKE_COLUMNS = 'intake_id, tenant_id, submitted_at_us, status, research_type, urgency, title, priority_score, generated_from_signal_id, doc, version, updated_at_us';
const INSERT_INTAKE = `INSERT INTO research_intakes (${INTAKE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING seq`;

function intakeParams(i: ResearchIntake, submittedUs: number, nowUs: number): SqlValue[] {
  return [i.intakeId, i.tenantId, submittedUs, i.disposition.status, i.classification.researchType, i.classification.urgency, i.content.title, i.relevance.priorityScore, i.generatedFromSignalId, JSON.stringify(i), i.version, nowUs];
}

function where(conditions: Array<[string, SqlValue[]] | null>): { clause: string; params: SqlValue[] } {
  const present = conditions.filter((c): c is [string, SqlValue[]] => c !== null);
  return { clause: present.length ? `WHERE ${present.map((c) => c[0]).join(' AND ')}` : '', params: present.flatMap((c) => c[1]) };
}

const tenantCond = (tenantId: string | null): [string, SqlValue[]] | null => (tenantId === null ? null : ['tenant_id = ?', [tenantId]]);
const rangeConds = (sinceUs: number | null | undefined, untilUs: number | null | undefined): Array<[string, SqlValue[]] | null> => [
  sinceUs === null || sinceUs === undefined ? null : ['recorded_at_us >= ?', [sinceUs]],
  untilUs === null || untilUs === undefined ? null : ['recorded_at_us < ?', [untilUs]],
];

/** A {@link Backend} over SQL, shared by the SQLite and Postgres stores through their executors. */
export class SqlBackend implements Backend {
  constructor(
    readonly kind: 'sqlite' | 'postgres',
    private readonly exec: SqlExecutor,
  ) {
    this.insertSignal = exec.dialect === 'postgres' ? `${INSERT_SIGNAL_BASE} RETURNING seq` : INSERT_SIGNAL_BASE;
  }

  /** SQLite reports inserted rows through the change count; Postgres needs RETURNING. */
  private readonly insertSignal: string;

  private get lockClause(): string {
    return this.exec.dialect === 'postgres' ? ' FOR UPDATE' : '';
  }

  ingest(records: readonly SignalRecord[], windowUs: number, merge: (a: SignalRecord, b: SignalRecord) => SignalRecord, nowUs: number) {
    const INSERT_SIGNAL = this.insertSignal;
    return this.exec.write(function* (): Program<{ results: Array<{ record: SignalRecord | null; merged: boolean }> }> {
      const results: Array<{ record: SignalRecord | null; merged: boolean }> = [];
      // Rollups are summed per bucket and written once at the end of the transaction (dedupe reads only the base table).
      const deltas = new RollupDeltas();
      for (const record of records) {
        if (windowUs > 0) {
          const found = yield q(FIND_DUPLICATE, record.signal.tenantId, record.fingerprint, record.recordedUs - windowUs, record.recordedUs + windowUs);
          if (found[0]) {
            const existing = signalFromRow(found[0]);
            const m = merge(existing, record);
            const s = m.signal;
            yield q(UPDATE_MERGED, s.severity, m.severityRank, s.details, s.source, JSON.stringify(s.context), s.qualityScore, s.qualityLabel, JSON.stringify(s.qualityReasons), JSON.stringify(s.enrichment), s.occurrenceCount, m.firstSeenUs, m.lastSeenUs, existing.seq);
            deltas.add(rollupOf(existing), -1);
            deltas.add(rollupOf(m), 1);
            results.push({ record: m, merged: true });
            continue;
          }
        }
        const inserted = yield q(INSERT_SIGNAL, ...signalParams(record, nowUs));
        if (inserted.length > 0) deltas.add(rollupOf(record), 1);
        results.push({ record: inserted.length > 0 ? record : null, merged: false });
      }
      yield* deltas.flush();
      return { results };
    });
  }

  getSignal(signalId: string, tenantId: string | null) {
    return this.exec.read(function* (): Program<StoredLearningSignal | null> {
      const w = where([['signal_id = ?', [signalId]], tenantCond(tenantId)]);
      const rows = yield q(`SELECT ${SIGNAL_SELECT} FROM learning_signals ${w.clause}`, ...w.params);
      return rows[0] ? signalFromRow(rows[0]).signal : null;
    });
  }

  listSignals(f: SignalFilter) {
    return this.exec.read(function* (): Program<Array<{ signal: StoredLearningSignal; recordedUs: number; seq: number }>> {
      const w = where([
        tenantCond(f.tenantId),
        f.signalType ? ['signal_type = ?', [f.signalType]] : null,
        f.severity ? ['severity = ?', [f.severity]] : null,
        ...rangeConds(f.sinceUs, f.untilUs),
        f.after ? ['(recorded_at_us < ? OR (recorded_at_us = ? AND seq > ?))', [f.after.timeUs, f.after.timeUs, f.after.seq]] : null,
      ]);
      const rows = yield q(`SELECT ${SIGNAL_SELECT} FROM learning_signals ${w.clause} ORDER BY recorded_at_us DESC, seq ASC LIMIT ?`, ...w.params, f.limit);
      return rows.map((row) => {
        const r = signalFromRow(row);
        return { signal: r.signal, recordedUs: r.recordedUs, seq: r.seq };
      });
    });
  }

  summaryRows(tenantId: string | null, sinceUs: number | null, limit: number) {
    return this.exec.read(function* (): Program<SummaryRow[]> {
      const w = where([tenantCond(tenantId), ...rangeConds(sinceUs, null)]);
      const rows = yield q(
        `SELECT signal_type, severity, tenant_id, quality_score, quality_label, recorded_at_us FROM learning_signals ${w.clause} ORDER BY recorded_at_us DESC, seq ASC LIMIT ?`,
        ...w.params,
        limit,
      );
      return rows.map((r) => ({
        signalType: r.signal_type as SignalType,
        severity: r.severity as SignalSeverity,
        tenantId: r.tenant_id as string,
        qualityScore: num(r.quality_score),
        qualityLabel: r.quality_label as QualityLabel,
        recordedUs: num(r.recorded_at_us),
      }));
    });
  }

  aggregate(tenantId: string | null, sinceUs: number | null, untilUs: number | null) {
    return this.exec.read(() => aggregateProgram(tenantId, sinceUs, untilUs));
  }

  count(tenantId: string | null, sinceUs: number | null, untilUs: number | null) {
    return this.exec.read(function* (): Program<number> {
      return (yield* aggregateProgram(tenantId, sinceUs, untilUs)).total;
    });
  }

  trendCounts(dimension: 'signal_type' | 'severity', tenantId: string | null, previousStartUs: number, startUs: number) {
    return this.exec.read(function* (): Program<Array<{ value: string; current: number; previous: number; occurrences: number }>> {
      const w = where([tenantCond(tenantId), ...rangeConds(previousStartUs, null)]);
      const rows = yield q(
        `SELECT ${dimension} AS v, SUM(CASE WHEN recorded_at_us >= ? THEN 1 ELSE 0 END) AS cur, SUM(CASE WHEN recorded_at_us < ? THEN 1 ELSE 0 END) AS prev, SUM(CASE WHEN recorded_at_us >= ? THEN occurrence_count ELSE 0 END) AS occ FROM learning_signals ${w.clause} GROUP BY ${dimension}`,
        startUs,
        startUs,
        startUs,
        ...w.params,
      );
      return rows.map((r) => ({ value: r.v as string, current: num(r.cur), previous: num(r.prev), occurrences: num(r.occ) }));
    });
  }

  generateIntakes(o: { tenantId: string | null; minRank: number; minQuality: number; maxItems: number }, build: (s: StoredLearningSignal) => ResearchIntake) {
    const lock = this.exec.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    return this.exec.write(function* (): Program<ResearchIntake[]> {
      const w = where([['intake_generated = 0', []], tenantCond(o.tenantId), ['severity_rank >= ?', [o.minRank]], ['quality_score >= ?', [o.minQuality]]]);
      const rows = yield q(`SELECT ${SIGNAL_SELECT} FROM learning_signals ${w.clause} ORDER BY severity_rank DESC, quality_score DESC, recorded_at_us DESC, seq ASC LIMIT ?${lock}`, ...w.params, o.maxItems + 16);
      const created: ResearchIntake[] = [];
      for (const row of rows) {
        if (created.length >= o.maxItems) break;
        const candidate = signalFromRow(row);
        const intake = build(candidate.signal);
        const submittedUs = isoToMicros(intake.submittedAt);
        const inserted = yield q(INSERT_INTAKE, ...intakeParams(intake, submittedUs, submittedUs));
        if (inserted.length > 0) {
          yield q('UPDATE learning_signals SET intake_generated = 1, related_intake_id = ? WHERE seq = ?', intake.intakeId, candidate.seq);
          created.push(intake);
        } else {
          // Another writer generated it first: link the flag to the existing intake, never a second one.
          const existing = yield q('SELECT intake_id FROM research_intakes WHERE generated_from_signal_id = ?', candidate.signal.signalId);
          if (existing[0]) yield q('UPDATE learning_signals SET intake_generated = 1, related_intake_id = ? WHERE seq = ?', existing[0].intake_id as string, candidate.seq);
        }
      }
      return created;
    });
  }

  insertIntake(intake: ResearchIntake, nowUs: number) {
    return this.exec.write(function* (): Program<void> {
      const rows = yield q(INSERT_INTAKE, ...intakeParams(intake, isoToMicros(intake.submittedAt), nowUs));
      if (rows.length === 0) throw new StoreConflictError(`An intake with id ${intake.intakeId} already exists`);
    });
  }

  getIntake(intakeId: string, tenantId: string | null) {
    return this.exec.read(function* (): Program<ResearchIntake | null> {
      const w = where([['intake_id = ?', [intakeId]], tenantCond(tenantId)]);
      const rows = yield q(`SELECT doc FROM research_intakes ${w.clause}`, ...w.params);
      return rows[0] ? (JSON.parse(rows[0].doc as string) as ResearchIntake) : null;
    });
  }

  listIntakes(f: { tenantId: string | null; status?: string; researchType?: string; sinceUs?: number; limit: number; after?: { timeUs: number; seq: number } }) {
    return this.exec.read(function* (): Program<Array<{ intake: ResearchIntake; seq: number; atUs: number }>> {
      const w = where([
        tenantCond(f.tenantId),
        f.status ? ['status = ?', [f.status]] : null,
        f.researchType ? ['research_type = ?', [f.researchType]] : null,
        f.sinceUs !== undefined ? ['submitted_at_us >= ?', [f.sinceUs]] : null,
        f.after ? ['(submitted_at_us < ? OR (submitted_at_us = ? AND seq > ?))', [f.after.timeUs, f.after.timeUs, f.after.seq]] : null,
      ]);
      const rows = yield q(`SELECT seq, submitted_at_us, doc FROM research_intakes ${w.clause} ORDER BY submitted_at_us DESC, seq ASC LIMIT ?`, ...w.params, f.limit);
      return rows.map((r) => ({ intake: JSON.parse(r.doc as string) as ResearchIntake, seq: num(r.seq), atUs: num(r.submitted_at_us) }));
    });
  }

  updateIntake(intakeId: string, update: (i: ResearchIntake) => ResearchIntake, nowUs: number) {
    const lock = this.lockClause;
    return this.exec.write(function* (): Program<ResearchIntake | null> {
      const rows = yield q(`SELECT doc FROM research_intakes WHERE intake_id = ?${lock}`, intakeId);
      if (!rows[0]) return null;
      const next = update(JSON.parse(rows[0].doc as string) as ResearchIntake);
      yield q(
        'UPDATE research_intakes SET status = ?, research_type = ?, urgency = ?, title = ?, priority_score = ?, doc = ?, version = ?, updated_at_us = ? WHERE intake_id = ?',
        next.disposition.status,
        next.classification.researchType,
        next.classification.urgency,
        next.content.title,
        next.relevance.priorityScore,
        JSON.stringify(next),
        next.version,
        nowUs,
        intakeId,
      );
      return next;
    });
  }

  insertDoc(kind: DocKind, row: DocRow) {
    const t = DOC_TABLES[kind];
    const keyCols = Object.values(t.keyColumns);
    const text = `INSERT INTO ${t.table} (${t.idColumn}, ${keyCols.join(', ')}, ${t.atColumn}, doc, version) VALUES (${['?', ...keyCols.map(() => '?'), '?', '?', '?'].join(', ')}) ON CONFLICT DO NOTHING RETURNING seq`;
    return this.exec.write(function* (): Program<void> {
      const rows = yield q(text, row.id, ...Object.keys(t.keyColumns).map((k) => row.keys[k] ?? ''), row.atUs, JSON.stringify(row.doc), row.version);
      if (rows.length === 0) throw new StoreConflictError(`A ${kind} with id ${row.id} already exists`);
    });
  }

  getDoc(kind: DocKind, id: string) {
    const t = DOC_TABLES[kind];
    return this.exec.read(function* (): Program<unknown> {
      const rows = yield q(`SELECT doc FROM ${t.table} WHERE ${t.idColumn} = ?`, id);
      return rows[0] ? (JSON.parse(rows[0].doc as string) as unknown) : null;
    });
  }

  listDocs(kind: DocKind, keys: Record<string, string>, limit: number | null, order: 'asc' | 'desc') {
    const t = DOC_TABLES[kind];
    return this.exec.read(function* (): Program<unknown[]> {
      const w = where(Object.entries(keys).map(([k, v]) => [`${t.keyColumns[k]} = ?`, [v]]));
      const dir = order === 'asc' ? 'ASC' : 'DESC';
      const rows = yield q(`SELECT doc FROM ${t.table} ${w.clause} ORDER BY ${t.atColumn} ${dir}, seq ${dir}${limit === null ? '' : ' LIMIT ?'}`, ...w.params, ...(limit === null ? [] : [limit]));
      return rows.map((r) => JSON.parse(r.doc as string) as unknown);
    });
  }

  updateDoc(kind: DocKind, id: string, update: (doc: unknown) => DocRow | null) {
    const t = DOC_TABLES[kind];
    const lock = this.lockClause;
    return this.exec.write(function* (): Program<unknown> {
      const rows = yield q(`SELECT doc FROM ${t.table} WHERE ${t.idColumn} = ?${lock}`, id);
      if (!rows[0]) return null;
      const next = update(JSON.parse(rows[0].doc as string));
      if (!next) return null;
      const sets = Object.values(t.keyColumns).map((c) => `${c} = ?`);
      yield q(
        `UPDATE ${t.table} SET ${[...sets, `${t.atColumn} = ?`, 'doc = ?', 'version = ?'].join(', ')} WHERE ${t.idColumn} = ?`,
        ...Object.keys(t.keyColumns).map((k) => next.keys[k] ?? ''),
        next.atUs,
        JSON.stringify(next.doc),
        next.version,
        id,
      );
      return next.doc;
    });
  }

  appendRunEvents(events: ReadonlyArray<Omit<StoredRunEvent, 'seq' | 'recordedAt'> & { recordedUs: number }>) {
    return this.exec.write(function* (): Program<number> {
      for (const e of events) {
        yield q('INSERT INTO run_events (run_id, type, tenant_id, content, payload, recorded_at_us) VALUES (?, ?, ?, ?, ?, ?)', e.runId, e.type, e.tenantId, e.content, JSON.stringify(e.payload ?? null), e.recordedUs);
      }
      return events.length;
    });
  }

  listRunEvents(o: { tenantId: string | null; runId?: string; limit: number }) {
    return this.exec.read(function* (): Program<StoredRunEvent[]> {
      const w = where([tenantCond(o.tenantId), o.runId !== undefined ? ['run_id = ?', [o.runId]] : null]);
      const rows = yield q(`SELECT seq, run_id, type, tenant_id, content, payload, recorded_at_us FROM run_events ${w.clause} ORDER BY seq DESC LIMIT ?`, ...w.params, o.limit);
      return rows.map((r) => ({
        seq: num(r.seq),
        runId: r.run_id as string,
        type: r.type as string,
        tenantId: r.tenant_id as string,
        content: r.content as string,
        payload: JSON.parse(r.payload as string) as unknown,
        recordedAt: microsToIso(num(r.recorded_at_us)),
      }));
    });
  }

  saveCheckpoint(runId: string, state: string, nowUs: number) {
    return this.exec.write(function* (): Program<void> {
      yield q('INSERT INTO run_checkpoints (run_id, state, updated_at_us) VALUES (?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET state = excluded.state, updated_at_us = excluded.updated_at_us', runId, state, nowUs);
    });
  }

  loadCheckpoint(runId: string) {
    return this.exec.read(function* (): Program<string | null> {
      const rows = yield q('SELECT state FROM run_checkpoints WHERE run_id = ?', runId);
      return rows[0] ? (rows[0].state as string) : null;
    });
  }

  benchCreateRun(run: { runId: string; config: string; provenance: string; createdAt: number }) {
    return this.exec.write(function* (): Program<void> {
      const rows = yield q("INSERT INTO sb_runs (run_id, status, created_at_ms, config, provenance) VALUES (?, 'running', ?, ?, ?) ON CONFLICT DO NOTHING RETURNING seq", run.runId, run.createdAt, run.config, run.provenance);
      if (rows.length === 0) throw new StoreConflictError(`Bench run ${run.runId} already exists`);
    });
  }

  benchAppendTrial(r: BenchTrialRecord) {
    return this.exec.write(function* (): Program<boolean> {
      const rows = yield q(
        'INSERT INTO sb_trials (run_id, trial_id, attempt, task_id, outcome, record) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING seq',
        r.runId,
        r.trialId,
        r.attempt,
        r.taskId,
        r.outcome,
        JSON.stringify(r),
      );
      return rows.length > 0;
    });
  }

  benchTrialIds(runId: string) {
    return this.exec.read(function* (): Program<Set<string>> {
      const rows = yield q('SELECT DISTINCT trial_id FROM sb_trials WHERE run_id = ?', runId);
      return new Set(rows.map((r) => r.trial_id as string));
    });
  }

  benchFinishRun(runId: string, status: string, finishedAt: number, aggregates: string | null) {
    return this.exec.write(function* (): Program<boolean> {
      const rows = yield q('UPDATE sb_runs SET status = ?, finished_at_ms = ?, aggregates = ? WHERE run_id = ? RETURNING seq', status, finishedAt, aggregates, runId);
      return rows.length > 0;
    });
  }

  benchGetRun(runId: string) {
    return this.exec.read(function* (): Program<BenchRunRecord | undefined> {
      const runs = yield q('SELECT run_id, status, created_at_ms, finished_at_ms, config, provenance, aggregates FROM sb_runs WHERE run_id = ?', runId);
      const run = runs[0];
      if (!run) return undefined;
      const trials = yield q('SELECT record FROM sb_trials WHERE run_id = ? ORDER BY seq ASC', runId);
      return {
        runId,
        status: run.status as BenchRunRecord['status'],
        createdAt: num(run.created_at_ms),
        ...(run.finished_at_ms !== null ? { finishedAt: num(run.finished_at_ms) } : {}),
        config: JSON.parse(run.config as string) as unknown,
        provenance: JSON.parse(run.provenance as string) as unknown,
        trials: trials.map(trialFromRow),
        ...(run.aggregates !== null ? { aggregates: JSON.parse(run.aggregates as string) as unknown } : {}),
      };
    });
  }

  benchListRuns(limit: number) {
    return this.exec.read(function* (): Program<BenchRunSummary[]> {
      const rows = yield q(
        'SELECT r.run_id, r.status, r.created_at_ms, r.finished_at_ms, (SELECT COUNT(*) FROM sb_trials t WHERE t.run_id = r.run_id) AS n FROM sb_runs r ORDER BY r.created_at_ms DESC, r.seq DESC LIMIT ?',
        limit,
      );
      return rows.map((r) => ({
        runId: r.run_id as string,
        status: r.status as BenchRunSummary['status'],
        createdAt: num(r.created_at_ms),
        ...(r.finished_at_ms !== null ? { finishedAt: num(r.finished_at_ms) } : {}),
        trialCount: num(r.n),
      }));
    });
  }

  benchSetBaseline(name: string, runId: string, nowUs: number) {
    return this.exec.write(function* (): Program<boolean> {
      const run = yield q('SELECT seq FROM sb_runs WHERE run_id = ?', runId);
      if (run.length === 0) return false;
      yield q('INSERT INTO sb_baselines (name, run_id, set_at_us) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET run_id = excluded.run_id, set_at_us = excluded.set_at_us', name, runId, nowUs);
      return true;
    });
  }

  benchGetBaseline(name: string) {
    return this.exec.read(function* (): Program<string | undefined> {
      const rows = yield q('SELECT run_id FROM sb_baselines WHERE name = ?', name);
      return rows[0] ? (rows[0].run_id as string) : undefined;
    });
  }

  async retention(o: { cutoffUs: number; maxSignals: number | null; intakeCutoffUs: number | null; chunk: number }) {
    let signals = 0;
    // Chunked deletes, one transaction each, so a large purge never holds the write lock for long.
    for (;;) {
      const n = await this.exec.write(function* (): Program<number> {
        const rows = yield q(`DELETE FROM learning_signals WHERE seq IN (SELECT seq FROM learning_signals WHERE recorded_at_us < ? ORDER BY recorded_at_us ASC LIMIT ?) RETURNING ${DELETED}`, o.cutoffUs, o.chunk);
        yield* unroll(rows);
        return rows.length;
      });
      signals += n;
      if (n < o.chunk) break;
    }
    if (o.maxSignals !== null) {
      const max = o.maxSignals;
      for (;;) {
        const n = await this.exec.write(function* (): Program<number> {
          const total = num((yield q('SELECT COUNT(*) AS n FROM learning_signals'))[0]?.n ?? 0);
          const excess = Math.min(o.chunk, total - max);
          if (excess <= 0) return 0;
          const rows = yield q(`DELETE FROM learning_signals WHERE seq IN (SELECT seq FROM learning_signals ORDER BY recorded_at_us ASC, seq ASC LIMIT ?) RETURNING ${DELETED}`, excess);
          yield* unroll(rows);
          return rows.length;
        });
        signals += n;
        if (n === 0) break;
      }
    }
    let intakes = 0;
    if (o.intakeCutoffUs !== null) {
      const cutoff = o.intakeCutoffUs;
      intakes = await this.exec.write(function* (): Program<number> {
        const rows = yield q("DELETE FROM research_intakes WHERE status IN ('rejected', 'tracked') AND submitted_at_us < ? RETURNING seq", cutoff);
        return rows.length;
      });
    }
    return { signals, intakes };
  }

  importBatch(b: ImportBatch) {
    const INSERT_SIGNAL = this.insertSignal;
    return this.exec.write(function* (): Program<ImportOutcome> {
      const none = { signalsInserted: 0, intakesInserted: 0, snapshotsInserted: 0 };
      const receipt = yield q('SELECT value FROM store_meta WHERE key = ?', b.receiptKey);
      if (receipt.length > 0) return { outcome: 'skipped-receipt', ...none };
      if (b.mode === 'if-empty') {
        const any = yield q('SELECT seq FROM learning_signals LIMIT 1');
        if (any.length > 0) return { outcome: 'skipped-not-empty', ...none };
      }
      const out: ImportOutcome = { outcome: 'imported', ...none };
      const deltas = new RollupDeltas();
      for (const s of b.signals) {
        const rows = yield q(INSERT_SIGNAL, ...signalParams(s, s.recordedUs));
        if (rows.length > 0) deltas.add(rollupOf(s), 1);
        out.signalsInserted += rows.length;
      }
      yield* deltas.flush();
      for (const i of b.intakes) {
        const rows = yield q(INSERT_INTAKE, ...intakeParams(i, isoToMicros(i.submittedAt), isoToMicros(i.submittedAt)));
        out.intakesInserted += rows.length;
      }
      const t = DOC_TABLES.snapshot;
      for (const d of b.snapshots) {
        const rows = yield q(`INSERT INTO ${t.table} (${t.idColumn}, period, ${t.atColumn}, doc, version) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING seq`, d.id, d.keys.period ?? '', d.atUs, JSON.stringify(d.doc), d.version);
        out.snapshotsInserted += rows.length;
      }
      yield q('INSERT INTO store_meta (key, value) VALUES (?, ?)', b.receiptKey, b.receiptValue);
      return out;
    });
  }

  exportAll() {
    return this.exec.read(function* (): Program<{ signals: StoredLearningSignal[]; intakes: ResearchIntake[]; snapshots: unknown[] }> {
      const signals = (yield q(`SELECT ${SIGNAL_SELECT} FROM learning_signals ORDER BY seq ASC`)).map((r) => signalFromRow(r).signal);
      const intakes = (yield q('SELECT doc FROM research_intakes ORDER BY seq ASC')).map((r) => JSON.parse(r.doc as string) as ResearchIntake);
      const snapshots = (yield q('SELECT doc FROM metrics_snapshots ORDER BY seq ASC')).map((r) => JSON.parse(r.doc as string) as unknown);
      return { signals, intakes, snapshots };
    });
  }

  getMeta(key: string) {
    return this.exec.read(function* (): Program<string | null> {
      const rows = yield q('SELECT value FROM store_meta WHERE key = ?', key);
      return rows[0] ? (rows[0].value as string) : null;
    });
  }

  setMeta(key: string, value: string) {
    return this.exec.write(function* (): Program<void> {
      yield q('INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, value);
    });
  }

  close() {
    return this.exec.close();
  }
}
