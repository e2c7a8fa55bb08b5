/**
 * The SQLite schema in drizzle's sqlite-core DSL. drizzle-kit generates `migrations/sqlite` from it; the runtime
 * reads and writes through prepared SQL that mirrors these columns. Times are INTEGER microseconds since the epoch
 * (UTC), JSON columns are TEXT guarded by `json_valid`, enums are guarded by CHECKs.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`);

/** Learning signals, one row each (the hot table). */
export const learningSignals = sqliteTable(
  'learning_signals',
  {
    seq: integer('seq').primaryKey(),
    signalId: text('signal_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    recordedAtUs: integer('recorded_at_us').notNull(),
    ingestedAtUs: integer('ingested_at_us').notNull(),
    signalType: text('signal_type').notNull(),
    severity: text('severity').notNull(),
    severityRank: integer('severity_rank').notNull(),
    summary: text('summary').notNull(),
    details: text('details').notNull(),
    source: text('source').notNull(),
    context: text('context').notNull(),
    qualityScore: real('quality_score').notNull(),
    qualityLabel: text('quality_label').notNull(),
    qualityReasons: text('quality_reasons').notNull(),
    enrichment: text('enrichment').notNull(),
    fingerprint: text('fingerprint').notNull(),
    occurrenceCount: integer('occurrence_count').notNull(),
    firstSeenAtUs: integer('first_seen_at_us').notNull(),
    lastSeenAtUs: integer('last_seen_at_us').notNull(),
    intakeGenerated: integer('intake_generated').notNull(),
    relatedIntakeId: text('related_intake_id'),
  },
  (t) => [
    uniqueIndex('learning_signals_signal_id_uq').on(t.signalId),
    index('learning_signals_tenant_time_idx').on(t.tenantId, t.recordedAtUs),
    index('learning_signals_time_idx').on(t.recordedAtUs),
    index('learning_signals_dedupe_idx').on(t.tenantId, t.fingerprint, t.lastSeenAtUs),
    index('learning_signals_candidates_idx').on(t.tenantId, t.severityRank, t.qualityScore, t.recordedAtUs).where(sql`intake_generated = 0`),
    check('learning_signals_type_ck', inList('signal_type', ['bug', 'incident', 'feedback', 'performance', 'security', 'process'])),
    check('learning_signals_severity_ck', inList('severity', ['low', 'medium', 'high', 'critical'])),
    check('learning_signals_rank_ck', sql`severity_rank BETWEEN 1 AND 4`),
    check('learning_signals_label_ck', inList('quality_label', ['low', 'medium', 'high'])),
    check('learning_signals_json_ck', sql`json_valid(context) AND json_valid(quality_reasons) AND json_valid(enrichment)`),
    check('learning_signals_flag_ck', sql`intake_generated IN (0, 1)`),
  ],
);

/**
 * Hourly rollups of signals per (tenant, hour, type, severity), maintained in the same transaction as every insert,
 * merge, delete and import; summaries read whole hours from here and only the edge hours from the base table.
 */
export const signalRollupHourly = sqliteTable(
  'signal_rollup_hourly',
  {
    tenantId: text('tenant_id').notNull(),
    hour: integer('hour').notNull(),
    signalType: text('signal_type').notNull(),
    severity: text('severity').notNull(),
    n: integer('n').notNull(),
    occurrences: integer('occurrences').notNull(),
    qualitySum: real('quality_sum').notNull(),
    highN: integer('high_n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.hour, t.signalType, t.severity] })],
);

/** Research intakes; the partial unique index makes auto-intake exactly-once across processes. */
export const researchIntakes = sqliteTable(
  'research_intakes',
  {
    seq: integer('seq').primaryKey(),
    intakeId: text('intake_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    submittedAtUs: integer('submitted_at_us').notNull(),
    status: text('status').notNull(),
    researchType: text('research_type').notNull(),
    urgency: text('urgency').notNull(),
    title: text('title').notNull(),
    priorityScore: integer('priority_score').notNull(),
    generatedFromSignalId: text('generated_from_signal_id'),
    doc: text('doc').notNull(),
    version: integer('version').notNull(),
    updatedAtUs: integer('updated_at_us').notNull(),
  },
  (t) => [
    uniqueIndex('research_intakes_intake_id_uq').on(t.intakeId),
    uniqueIndex('research_intakes_from_signal_uq').on(t.generatedFromSignalId).where(sql`generated_from_signal_id IS NOT NULL`),
    index('research_intakes_tenant_status_idx').on(t.tenantId, t.status, t.submittedAtUs),
    index('research_intakes_status_idx').on(t.status, t.submittedAtUs),
    check('research_intakes_status_ck', inList('status', ['submitted', 'triaged', 'analyzing', 'accepted', 'deferred', 'rejected', 'tracked'])),
    check('research_intakes_doc_ck', sql`json_valid(doc)`),
  ],
);

/** Lessons learned. */
export const lessons = sqliteTable(
  'lessons',
  {
    seq: integer('seq').primaryKey(),
    lessonId: text('lesson_id').notNull(),
    phase: text('phase').notNull(),
    eventType: text('event_type').notNull(),
    recordedAtUs: integer('recorded_at_us').notNull(),
    doc: text('doc').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [
    uniqueIndex('lessons_lesson_id_uq').on(t.lessonId),
    index('lessons_phase_idx').on(t.phase, t.recordedAtUs),
    index('lessons_event_type_idx').on(t.eventType, t.recordedAtUs),
    check('lessons_doc_ck', sql`json_valid(doc)`),
  ],
);

/** Improvement checklists. */
export const checklists = sqliteTable(
  'checklists',
  {
    seq: integer('seq').primaryKey(),
    checklistId: text('checklist_id').notNull(),
    period: text('period').notNull(),
    createdAtUs: integer('created_at_us').notNull(),
    doc: text('doc').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [
    uniqueIndex('checklists_checklist_id_uq').on(t.checklistId),
    index('checklists_period_idx').on(t.period, t.createdAtUs),
    check('checklists_doc_ck', sql`json_valid(doc)`),
  ],
);

/** Roadmap refreshes. */
export const roadmapRefreshes = sqliteTable(
  'roadmap_refreshes',
  {
    seq: integer('seq').primaryKey(),
    refreshId: text('refresh_id').notNull(),
    scope: text('scope').notNull(),
    scheduledAtUs: integer('scheduled_at_us').notNull(),
    doc: text('doc').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [
    uniqueIndex('roadmap_refreshes_refresh_id_uq').on(t.refreshId),
    index('roadmap_refreshes_scope_idx').on(t.scope, t.scheduledAtUs),
    check('roadmap_refreshes_doc_ck', sql`json_valid(doc)`),
  ],
);

/** Metrics snapshots. */
export const metricsSnapshots = sqliteTable(
  'metrics_snapshots',
  {
    seq: integer('seq').primaryKey(),
    snapshotId: text('snapshot_id').notNull(),
    period: text('period').notNull(),
    capturedAtUs: integer('captured_at_us').notNull(),
    doc: text('doc').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [
    uniqueIndex('metrics_snapshots_snapshot_id_uq').on(t.snapshotId),
    index('metrics_snapshots_captured_idx').on(t.capturedAtUs),
    check('metrics_snapshots_doc_ck', sql`json_valid(doc)`),
  ],
);

/** Events of agent runs fed through the learning sink. */
export const runEvents = sqliteTable(
  'run_events',
  {
    seq: integer('seq').primaryKey(),
    runId: text('run_id').notNull(),
    type: text('type').notNull(),
    tenantId: text('tenant_id').notNull(),
    content: text('content').notNull(),
    payload: text('payload').notNull(),
    recordedAtUs: integer('recorded_at_us').notNull(),
  },
  (t) => [
    index('run_events_run_idx').on(t.runId, t.seq),
    index('run_events_time_idx').on(t.tenantId, t.recordedAtUs),
    check('run_events_payload_ck', sql`json_valid(payload)`),
  ],
);

/** Latest checkpoint per run. */
export const runCheckpoints = sqliteTable(
  'run_checkpoints',
  {
    seq: integer('seq').primaryKey(),
    runId: text('run_id').notNull(),
    state: text('state').notNull(),
    updatedAtUs: integer('updated_at_us').notNull(),
  },
  (t) => [uniqueIndex('run_checkpoints_run_id_uq').on(t.runId), check('run_checkpoints_state_ck', sql`json_valid(state)`)],
);

/** Benchmark runs. */
export const sbRuns = sqliteTable(
  'sb_runs',
  {
    seq: integer('seq').primaryKey(),
    runId: text('run_id').notNull(),
    status: text('status').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
    finishedAtMs: integer('finished_at_ms'),
    config: text('config').notNull(),
    provenance: text('provenance').notNull(),
    aggregates: text('aggregates'),
  },
  (t) => [
    uniqueIndex('sb_runs_run_id_uq').on(t.runId),
    index('sb_runs_created_idx').on(t.createdAtMs),
    check('sb_runs_status_ck', inList('status', ['running', 'completed', 'failed', 'cancelled'])),
  ],
);

/** Benchmark trials, unique per (trial, attempt). */
export const sbTrials = sqliteTable(
  'sb_trials',
  {
    seq: integer('seq').primaryKey(),
    runId: text('run_id').notNull(),
    trialId: text('trial_id').notNull(),
    attempt: integer('attempt').notNull(),
    taskId: text('task_id').notNull(),
    outcome: text('outcome').notNull(),
    record: text('record').notNull(),
  },
  (t) => [
    uniqueIndex('sb_trials_trial_attempt_uq').on(t.trialId, t.attempt),
    index('sb_trials_run_idx').on(t.runId, t.seq),
    check('sb_trials_record_ck', sql`json_valid(record)`),
  ],
);

/** Named benchmark baselines. */
export const sbBaselines = sqliteTable(
  'sb_baselines',
  {
    name: text('name').notNull(),
    runId: text('run_id').notNull(),
    setAtUs: integer('set_at_us').notNull(),
  },
  (t) => [primaryKey({ columns: [t.name] })],
);

/** Store metadata: store id, creation time, legacy-import receipts. */
export const storeMeta = sqliteTable('store_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
