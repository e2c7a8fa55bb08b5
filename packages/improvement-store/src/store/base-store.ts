import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { systemClock, type Clock } from '@agent33/observability';
import type { BenchRunRecord, BenchTrialRecord } from '@agent33/runtime/ports';
import { buildChecklist, completeChecklistItem, evaluateChecklist } from '../domain/checklists.js';
import { decodeCursor, encodeCursor } from '../domain/cursor.js';
import type { ImprovementChecklist, ImprovementMetric, LessonLearned, MetricsSnapshot, RoadmapRefresh } from '../domain/entities.js';
import { CHECKLIST_PERIODS, INTAKE_STATUSES, LESSON_EVENT_TYPES, REFRESH_SCOPES, RESEARCH_TYPES, SIGNAL_SEVERITIES, SIGNAL_TYPES, severityRank } from '../domain/enums.js';
import { ulidIds, type StoreIdGenerator } from '../domain/ids.js';
import { applyTransition, buildIntake, intakeFromSignal } from '../domain/intake.js';
import { buildLesson, completeLessonAction, verifyLesson } from '../domain/lessons.js';
import { DEFAULT_METRICS, buildSnapshot, computeMetricTrend } from '../domain/metrics.js';
import { buildRefresh, completeRefresh } from '../domain/refreshes.js';
import { resolveScoringConfig, type QualityScoringConfig } from '../domain/scoring.js';
import { buildSignal, mergeSignals, type SignalRecord } from '../domain/signals.js';
import { aggregateRows, finishSummary, summaryWindow } from '../domain/summary.js';
import { isoToMicros, microsToIso, msToMicros } from '../domain/time.js';
import type {
  AutoIntakeOptions,
  IngestOptions,
  IngestResult,
  IntakeDecision,
  IntakeStatus,
  Iso8601,
  LearningSummary,
  NewLearningSignal,
  NewResearchIntake,
  Page,
  ResearchIntake,
  SignalQuery,
  StoredLearningSignal,
  SummaryQuery,
  TenantScope,
  TrendReport,
} from '../domain/types.js';
import { enumValue, intInRange, numberInRange, requireString, scopeTenant, validateScope } from '../domain/validate.js';
import { StoreConfigError } from '../errors/store-config-error.js';
import { StoreConflictError } from '../errors/store-conflict-error.js';
import { StoreNotFoundError } from '../errors/store-not-found-error.js';
import { StoreUnavailableError } from '../errors/store-unavailable-error.js';
import { StoreValidationError } from '../errors/store-validation-error.js';
import { exportJsonFile, exportLegacyFile } from '../legacy/export.js';
import { importLegacySource } from '../legacy/import.js';
import type { Backend, DocKind } from './backend.js';
import type { BenchRepository } from './bench-types.js';
import { StoreEmitter } from './emitter.js';
import { GroupCommitQueue, type GroupCommitOptions } from './group-commit.js';
import { StoreTelemetry } from './telemetry.js';
import type {
  ChecklistRepository,
  ExportManifest,
  ImportReport,
  ImprovementStore,
  LegacySource,
  LessonRepository,
  MetricsRepository,
  RefreshRepository,
  RetentionResult,
  RunRepository,
  StoreEvents,
  StoreHealth,
  StoreRetentionPolicy,
} from './types.js';

/** Options every store accepts. */
export interface BaseStoreOptions {
  clock?: Clock;
  ids?: StoreIdGenerator;
  /** Dedupe window in minutes (default 30; 0 disables merging). */
  dedupeWindowMinutes?: number;
  scoring?: Partial<QualityScoringConfig>;
  groupCommit?: GroupCommitOptions | false;
  retention?: Partial<StoreRetentionPolicy>;
}

const DEFAULT_RETENTION: StoreRetentionPolicy = { maxAgeDays: 180, maxSignals: null, terminalIntakeMaxAgeDays: null };
// Rows per write transaction. 1000 (the spec's bound) is ~25% faster, since each touched index page is written once
// per commit, but doubles the longest synchronous stretch; 500 keeps the host's event loop responsive.
const INGEST_CHUNK = 500;
const MAX_PAGE = 1000;

/** Validates the options shared by every store (called at open). */
export function validateBaseOptions(o: BaseStoreOptions): void {
  if (o.dedupeWindowMinutes !== undefined && (typeof o.dedupeWindowMinutes !== 'number' || !Number.isFinite(o.dedupeWindowMinutes) || o.dedupeWindowMinutes < 0)) {
    throw new StoreConfigError('dedupeWindowMinutes', 'must be a finite number >= 0');
  }
  if (o.groupCommit !== undefined && o.groupCommit !== false) {
    const g = o.groupCommit as Partial<GroupCommitOptions>;
    if (typeof g !== 'object' || g === null || !Number.isInteger(g.maxRows) || (g.maxRows ?? 0) < 1) throw new StoreConfigError('groupCommit.maxRows', 'must be an integer >= 1');
    if (typeof g.maxDelayMs !== 'number' || !Number.isFinite(g.maxDelayMs) || g.maxDelayMs < 0) throw new StoreConfigError('groupCommit.maxDelayMs', 'must be a number >= 0');
  }
  if (o.clock !== undefined && (typeof o.clock !== 'object' || typeof o.clock.now !== 'function')) throw new StoreConfigError('clock', 'must be a Clock');
  if (o.retention !== undefined) validateRetention(o.retention, 'retention');
  if (o.scoring !== undefined) {
    try {
      resolveScoringConfig(o.scoring);
    } catch (error) {
      throw new StoreConfigError('scoring', error instanceof Error ? error.message : String(error));
    }
  }
}

function validateRetention(p: Partial<StoreRetentionPolicy>, field: string): void {
  if (typeof p !== 'object' || p === null) throw new StoreConfigError(field, 'must be an object');
  if (p.maxAgeDays !== undefined && (typeof p.maxAgeDays !== 'number' || !(p.maxAgeDays > 0))) throw new StoreConfigError(`${field}.maxAgeDays`, 'must be a number > 0');
  if (p.maxSignals !== undefined && p.maxSignals !== null && (!Number.isInteger(p.maxSignals) || p.maxSignals < 0)) throw new StoreConfigError(`${field}.maxSignals`, 'must be an integer >= 0 or null');
  if (p.terminalIntakeMaxAgeDays !== undefined && p.terminalIntakeMaxAgeDays !== null && !(typeof p.terminalIntakeMaxAgeDays === 'number' && p.terminalIntakeMaxAgeDays > 0)) {
    throw new StoreConfigError(`${field}.terminalIntakeMaxAgeDays`, 'must be a number > 0 or null');
  }
}

function pageLimit(limit: unknown, fallback = 50): number {
  if (limit === undefined) return fallback;
  if (typeof limit !== 'number' || !Number.isInteger(limit)) throw new StoreValidationError('limit', 'must be an integer');
  // Reference parity: a negative limit gives an empty result rather than an error.
  return Math.min(MAX_PAGE, Math.max(0, limit));
}

type IngestItem = { record: SignalRecord; generatedId: boolean; windowUs: number };
type IngestOutcome = { status: 'inserted' | 'merged' | 'duplicate'; record: SignalRecord };

/**
 * The store logic shared by every backend: validation, ids and time, scoring, group commit, pagination, summaries,
 * auto-intake, repositories, retention, legacy import and export. Backends provide atomic primitives.
 */
export abstract class BaseStore implements ImprovementStore {
  abstract readonly kind: 'memory' | 'sqlite' | 'postgres';
  protected readonly clock: Clock;
  protected readonly ids: StoreIdGenerator;
  protected readonly emitter = new StoreEmitter();
  protected readonly scoring: QualityScoringConfig;
  protected readonly telemetry: StoreTelemetry;
  protected status: StoreHealth['status'] = 'ok';
  protected statusReason: string | undefined;
  private readonly dedupeWindowMinutes: number;
  private readonly retentionPolicy: StoreRetentionPolicy;
  private readonly queue: GroupCommitQueue<IngestItem, IngestOutcome> | null;

  readonly lessons: LessonRepository;
  readonly checklists: ChecklistRepository;
  readonly refreshes: RefreshRepository;
  readonly metrics: MetricsRepository;
  readonly runs: RunRepository;
  readonly bench: BenchRepository;

  protected constructor(
    protected backend: Backend,
    options: BaseStoreOptions,
  ) {
    validateBaseOptions(options);
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? ulidIds;
    this.scoring = resolveScoringConfig(options.scoring);
    this.dedupeWindowMinutes = options.dedupeWindowMinutes ?? 30;
    this.retentionPolicy = { ...DEFAULT_RETENTION, ...options.retention };
    this.telemetry = new StoreTelemetry(backend.kind);
    this.queue = options.groupCommit ? new GroupCommitQueue(options.groupCommit, (items) => this.flushGroup(items)) : null;
    this.lessons = this.lessonRepository();
    this.checklists = this.checklistRepository();
    this.refreshes = this.refreshRepository();
    this.metrics = this.metricsRepository();
    this.runs = this.runRepository();
    this.bench = this.benchRepository();
  }

  protected nowUs(): number {
    return msToMicros(this.clock.now());
  }

  protected newId(prefix: string): string {
    return this.ids.next(prefix, this.clock.now());
  }

  /** Throws unless the store can serve calls. SQLite refines this with its corruption states. */
  protected assertUsable(write: boolean): void {
    if (this.status === 'closed') throw new StoreUnavailableError('The store is closed');
    if (write && (this.status === 'corrupt' || this.status === 'recovering')) {
      throw new StoreUnavailableError(`The store is ${this.status}; writes are stopped${this.statusReason ? ` (${this.statusReason})` : ''}`);
    }
  }

  /** Runs one backend operation with telemetry; SQLite overrides it to detect corruption. */
  protected async op<T>(name: string, write: boolean, fn: () => Promise<T>): Promise<T> {
    this.assertUsable(write);
    return this.telemetry.span(name, fn);
  }

  // ---------- signals ----------

  private windowUs(opts?: IngestOptions): number {
    const minutes = opts?.dedupeWindowMinutes ?? this.dedupeWindowMinutes;
    if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) throw new StoreValidationError('dedupeWindowMinutes', 'must be a finite number >= 0');
    return Math.round(minutes * 60_000_000);
  }

  private prepare(signal: NewLearningSignal): { record: SignalRecord; generatedId: boolean } {
    const nowUs = this.nowUs();
    const record = buildSignal(signal, this.newId('LS'), nowUs, this.scoring);
    return { record, generatedId: signal?.signalId === undefined };
  }

  private async writeBatch(items: readonly IngestItem[]): Promise<IngestOutcome[]> {
    // All items of one batch share the window of the first: batches come from one call or one group-commit flush.
    const windowUs = items[0]?.windowUs ?? 0;
    const merge = (a: SignalRecord, b: SignalRecord): SignalRecord => mergeSignals(a, b, this.scoring);
    const { results } = await this.op('ingest', true, () => this.backend.ingest(items.map((i) => i.record), windowUs, merge, this.nowUs()));
    const outcomes: IngestOutcome[] = results.map((r, index) => ({ status: r.merged ? 'merged' : r.record === null ? 'duplicate' : 'inserted', record: r.record ?? items[index]!.record }));
    // A generated id that collided (80 random bits: practically never) is regenerated once.
    const retry = outcomes.map((o, index) => (o.status === 'duplicate' && items[index]!.generatedId ? index : -1)).filter((i) => i >= 0);
    if (retry.length > 0) {
      const again = retry.map((index) => {
        const item = items[index]!;
        const signalId = this.newId('LS');
        return { ...item, record: { ...item.record, signal: { ...item.record.signal, signalId } } };
      });
      const second = await this.writeBatch(again);
      retry.forEach((index, k) => (outcomes[index] = second[k]!));
    }
    this.telemetry.signalsIngested(outcomes.filter((o) => o.status !== 'duplicate').length);
    return outcomes;
  }

  private async flushGroup(items: IngestItem[]): Promise<Array<{ ok: true; value: IngestOutcome } | { ok: false; error: unknown }>> {
    const groups = new Map<number, number[]>();
    items.forEach((item, index) => groups.set(item.windowUs, [...(groups.get(item.windowUs) ?? []), index]));
    const out: Array<{ ok: true; value: IngestOutcome } | { ok: false; error: unknown }> = new Array(items.length);
    for (const indexes of groups.values()) {
      try {
        const results = await this.writeBatch(indexes.map((i) => items[i]!));
        indexes.forEach((i, k) => (out[i] = { ok: true, value: results[k]! }));
      } catch (error) {
        indexes.forEach((i) => (out[i] = { ok: false, error }));
      }
    }
    return out;
  }

  async record(signal: NewLearningSignal, opts?: IngestOptions): Promise<StoredLearningSignal> {
    this.assertUsable(true);
    opts?.signal?.throwIfAborted();
    const prepared = this.prepare(signal);
    const item: IngestItem = { ...prepared, windowUs: this.windowUs(opts) };
    const outcome = this.queue ? await this.queue.push(item) : (await this.writeBatch([item]))[0]!;
    if (outcome.status === 'duplicate') throw new StoreConflictError(`A signal with id ${prepared.record.signal.signalId} already exists`);
    return outcome.record.signal;
  }

  async ingest(signals: readonly NewLearningSignal[], opts?: IngestOptions): Promise<IngestResult> {
    this.assertUsable(true);
    if (!Array.isArray(signals)) throw new StoreValidationError('signals', 'must be an array');
    const windowUs = this.windowUs(opts);
    const result: IngestResult = { inserted: [], merged: [], rejected: [] };
    // Validation and scoring run chunk by chunk too, so a large batch never blocks the event loop in one piece.
    for (let start = 0; start < signals.length; start += INGEST_CHUNK) {
      opts?.signal?.throwIfAborted();
      const chunk: Array<{ index: number; item: IngestItem }> = [];
      for (let index = start; index < Math.min(signals.length, start + INGEST_CHUNK); index += 1) {
        try {
          chunk.push({ index, item: { ...this.prepare(signals[index]!), windowUs } });
        } catch (error) {
          result.rejected.push({ index, reason: error instanceof Error ? error.message : String(error) });
        }
      }
      // Validation and the write transaction run in separate macrotasks, so the loop is blocked by one of them at a time.
      if (chunk.length > 0) await yieldToLoop();
      const outcomes = chunk.length > 0 ? await this.writeBatch(chunk.map((c) => c.item)) : [];
      outcomes.forEach((o, k) => {
        if (o.status === 'inserted') result.inserted.push(o.record.signal);
        else if (o.status === 'merged') result.merged.push(o.record.signal);
        else result.rejected.push({ index: chunk[k]!.index, reason: `duplicate signalId ${o.record.signal.signalId}` });
      });
      // A macrotask between chunks keeps the host's event loop responsive during large imports.
      if (start + INGEST_CHUNK < signals.length) await yieldToLoop();
    }
    result.rejected.sort((a, b) => a.index - b.index);
    return result;
  }

  async getSignal(signalId: string, scope: TenantScope): Promise<StoredLearningSignal | null> {
    requireString('signalId', signalId, { nonBlank: true });
    const s = validateScope(scope);
    return this.op('getSignal', false, () => this.backend.getSignal(signalId, scopeTenant(s)));
  }

  async listSignals(q: SignalQuery): Promise<Page<StoredLearningSignal>> {
    if (typeof q !== 'object' || q === null) throw new StoreValidationError('query', 'must be an object');
    const scope = validateScope(q.scope);
    const limit = pageLimit(q.limit);
    const filter = {
      tenantId: scopeTenant(scope),
      ...(q.signalType !== undefined ? { signalType: enumValue('signalType', SIGNAL_TYPES, q.signalType) } : {}),
      ...(q.severity !== undefined ? { severity: enumValue('severity', SIGNAL_SEVERITIES, q.severity) } : {}),
      ...(q.since !== undefined ? { sinceUs: isoToMicros(q.since, 'since') } : {}),
      ...(q.until !== undefined ? { untilUs: isoToMicros(q.until, 'until') } : {}),
      ...(q.cursor !== undefined ? { after: decodeCursor(requireString('cursor', q.cursor)) } : {}),
      limit: limit + 1,
    };
    if (limit === 0) return { items: [], nextCursor: null };
    const rows = await this.op('listSignals', false, () => this.backend.listSignals(filter));
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map((r) => r.signal), nextCursor: rows.length > limit && last ? encodeCursor(last.recordedUs, last.seq) : null };
  }

  async summarize(q: SummaryQuery): Promise<LearningSummary> {
    if (typeof q !== 'object' || q === null) throw new StoreValidationError('query', 'must be an object');
    const scope = validateScope(q.scope);
    const tenantId = scopeTenant(scope);
    const windowDays = q.windowDays ?? null;
    if (windowDays !== null) numberInRange('windowDays', windowDays, -1e6, 1e6);
    const limit = q.limit === undefined ? 50 : q.limit;
    if (limit !== null) intInRange('limit', limit, 0, Number.MAX_SAFE_INTEGER);
    const nowUs = this.nowUs();
    const window = summaryWindow(windowDays, nowUs);
    return this.op('summarize', false, async () => {
      const since = window ? window.startUs : null;
      const agg = limit === null ? await this.backend.aggregate(tenantId, since, null) : aggregateRows(await this.backend.summaryRows(tenantId, since, limit));
      // Uncapped, the aggregate already counts the whole current window; only the capped mode needs a count.
      const currentTotal = window ? (limit === null ? agg.total : await this.backend.count(tenantId, window.startUs, null)) : null;
      const previousTotal = window ? await this.backend.count(tenantId, window.previousStartUs, window.startUs) : null;
      return finishSummary(agg, { tenantId, windowDays, nowUs, currentTotal, previousTotal });
    });
  }

  async trends(q: { scope: TenantScope; windowDays: number; dimension: 'signal_type' | 'severity' }): Promise<TrendReport> {
    const scope = validateScope(q?.scope);
    numberInRange('windowDays', q.windowDays, Number.MIN_VALUE, 1e6);
    const dimension = enumValue('dimension', ['signal_type', 'severity'] as const, q.dimension);
    const window = summaryWindow(q.windowDays, this.nowUs())!;
    const rows = await this.op('trends', false, () => this.backend.trendCounts(dimension, scopeTenant(scope), window.previousStartUs, window.startUs));
    return {
      dimension,
      windowDays: q.windowDays,
      items: rows
        .map((r) => {
          const delta = r.current - r.previous;
          return { ...r, delta, direction: delta > 0 ? ('up' as const) : delta < 0 ? ('down' as const) : ('stable' as const) };
        })
        .sort((a, b) => b.current - a.current || a.value.localeCompare(b.value)),
    };
  }

  async generateIntakes(opts: AutoIntakeOptions): Promise<ResearchIntake[]> {
    if (typeof opts !== 'object' || opts === null) throw new StoreValidationError('options', 'must be an object');
    const scope = validateScope(opts.scope);
    const minSeverity = enumValue('minSeverity', SIGNAL_SEVERITIES, opts.minSeverity, 'high');
    const minQuality = numberInRange('minQuality', opts.minQuality, 0, 1, 0.45);
    const maxItems = opts.maxItems === undefined ? 3 : intInRange('maxItems', opts.maxItems, -1e9, 1e9);
    if (maxItems <= 0) return [];
    return this.op('generateIntakes', true, () =>
      this.backend.generateIntakes({ tenantId: scopeTenant(scope), minRank: severityRank(minSeverity), minQuality, maxItems }, (signal) =>
        intakeFromSignal(signal, this.newId('RI'), this.nowUs()),
      ),
    );
  }

  // ---------- intakes ----------

  async submitIntake(input: NewResearchIntake): Promise<ResearchIntake> {
    this.assertUsable(true);
    const nowUs = this.nowUs();
    const intake = buildIntake(input, this.newId('RI'), nowUs);
    await this.op('submitIntake', true, () => this.backend.insertIntake(intake, nowUs));
    return intake;
  }

  async getIntake(intakeId: string, scope: TenantScope): Promise<ResearchIntake | null> {
    requireString('intakeId', intakeId, { nonBlank: true });
    const s = validateScope(scope);
    return this.op('getIntake', false, () => this.backend.getIntake(intakeId, scopeTenant(s)));
  }

  async listIntakes(q: { scope: TenantScope; status?: IntakeStatus; researchType?: string; since?: Iso8601; limit?: number; cursor?: string }): Promise<Page<ResearchIntake>> {
    if (typeof q !== 'object' || q === null) throw new StoreValidationError('query', 'must be an object');
    const scope = validateScope(q.scope);
    const limit = pageLimit(q.limit);
    if (q.status !== undefined && !INTAKE_STATUSES.includes(q.status)) throw new StoreValidationError('status', `Invalid status: ${String(q.status)}`);
    const filter = {
      tenantId: scopeTenant(scope),
      ...(q.status !== undefined ? { status: q.status } : {}),
      ...(q.researchType !== undefined ? { researchType: enumValue('researchType', RESEARCH_TYPES, q.researchType) } : {}),
      ...(q.since !== undefined ? { sinceUs: isoToMicros(q.since, 'since') } : {}),
      ...(q.cursor !== undefined ? { after: decodeCursor(requireString('cursor', q.cursor)) } : {}),
      limit: limit + 1,
    };
    if (limit === 0) return { items: [], nextCursor: null };
    const rows = await this.op('listIntakes', false, () => this.backend.listIntakes(filter));
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map((r) => r.intake), nextCursor: rows.length > limit && last ? encodeCursor(last.atUs, last.seq) : null };
  }

  async transitionIntake(intakeId: string, to: IntakeStatus, decision?: IntakeDecision): Promise<ResearchIntake> {
    requireString('intakeId', intakeId, { nonBlank: true });
    if (!INTAKE_STATUSES.includes(to)) throw new StoreValidationError('status', `Invalid status: ${String(to)}`);
    const nowUs = this.nowUs();
    const updated = await this.op('transitionIntake', true, () => this.backend.updateIntake(intakeId, (intake) => applyTransition(intake, to, decision, nowUs), nowUs));
    if (!updated) throw new StoreNotFoundError('Intake', intakeId);
    return updated;
  }

  // ---------- documents ----------

  private async docOp<T>(kind: DocKind, id: string, update: (doc: T) => { doc: T; keys: Record<string, string>; atUs: number; version: number } | null, name: string): Promise<T | null> {
    const result = await this.op(name, true, () =>
      this.backend.updateDoc(kind, id, (doc) => {
        const next = update(doc as T);
        return next ? { id, keys: next.keys, atUs: next.atUs, doc: next.doc, version: next.version } : null;
      }),
    );
    return result as T | null;
  }

  private lessonRepository(): LessonRepository {
    const keys = (l: LessonLearned) => ({ phase: l.phase, eventType: l.eventType });
    const row = (l: LessonLearned) => ({ doc: l, keys: keys(l), atUs: isoToMicros(l.recordedAt), version: l.version });
    const mustGet = async (id: string, fn: (l: LessonLearned) => LessonLearned): Promise<LessonLearned> => {
      const out = await this.docOp<LessonLearned>('lesson', id, (l) => row(fn(l)), 'lessons.update');
      if (!out) throw new StoreNotFoundError('Lesson', id);
      return out;
    };
    return {
      record: async (input) => {
        this.assertUsable(true);
        const lesson = buildLesson(input, this.newId('LL'), this.nowUs());
        await this.op('lessons.record', true, () => this.backend.insertDoc('lesson', { id: lesson.lessonId, ...row(lesson) }));
        return lesson;
      },
      get: async (id) => (await this.op('lessons.get', false, () => this.backend.getDoc('lesson', requireString('lessonId', id)))) as LessonLearned | null,
      list: async (q = {}) => {
        const filter: Record<string, string> = {};
        if (q.phase !== undefined) filter.phase = requireString('phase', q.phase);
        if (q.eventType !== undefined) filter.eventType = enumValue('eventType', LESSON_EVENT_TYPES, q.eventType);
        return (await this.op('lessons.list', false, () => this.backend.listDocs('lesson', filter, q.limit === undefined ? null : pageLimit(q.limit), 'asc'))) as LessonLearned[];
      },
      completeAction: (id, index) => mustGet(id, (l) => completeLessonAction(l, index)),
      verify: (id, evidence) => mustGet(id, (l) => verifyLesson(l, evidence, this.nowUs())),
    };
  }

  private checklistRepository(): ChecklistRepository {
    const row = (c: ImprovementChecklist) => ({ doc: c, keys: { period: c.period }, atUs: isoToMicros(c.createdAt), version: c.version });
    return {
      create: async (period, reference) => {
        this.assertUsable(true);
        const checklist = buildChecklist(period, reference, this.newId('CKL'), this.nowUs());
        await this.op('checklists.create', true, () => this.backend.insertDoc('checklist', { id: checklist.checklistId, ...row(checklist) }));
        return checklist;
      },
      get: async (id) => (await this.op('checklists.get', false, () => this.backend.getDoc('checklist', requireString('checklistId', id)))) as ImprovementChecklist | null,
      list: async (q = {}) => {
        const filter: Record<string, string> = {};
        if (q.period !== undefined) filter.period = enumValue('period', CHECKLIST_PERIODS, q.period);
        return (await this.op('checklists.list', false, () => this.backend.listDocs('checklist', filter, q.limit === undefined ? null : pageLimit(q.limit), 'asc'))) as ImprovementChecklist[];
      },
      completeItem: async (id, checkId, notes) => {
        requireString('checkId', checkId);
        let found = true;
        let missingItem = false;
        const out = await this.docOp<ImprovementChecklist>(
          'checklist',
          id,
          (c) => {
            const next = completeChecklistItem(c, checkId, notes);
            if (!next) missingItem = true;
            return next ? row(next) : null;
          },
          'checklists.completeItem',
        );
        if (!out && !missingItem) found = false;
        if (!found) throw new StoreNotFoundError('Checklist', id);
        return out;
      },
      evaluate: async (id) => {
        const c = (await this.op('checklists.get', false, () => this.backend.getDoc('checklist', requireString('checklistId', id)))) as ImprovementChecklist | null;
        if (!c) throw new StoreNotFoundError('Checklist', id);
        return evaluateChecklist(c);
      },
    };
  }

  private refreshRepository(): RefreshRepository {
    const row = (r: RoadmapRefresh) => ({ doc: r, keys: { scope: r.scope }, atUs: isoToMicros(r.scheduledAt), version: r.version });
    return {
      record: async (input) => {
        this.assertUsable(true);
        const refresh = buildRefresh(input, this.newId('RMR'), this.nowUs());
        await this.op('refreshes.record', true, () => this.backend.insertDoc('refresh', { id: refresh.refreshId, ...row(refresh) }));
        return refresh;
      },
      get: async (id) => (await this.op('refreshes.get', false, () => this.backend.getDoc('refresh', requireString('refreshId', id)))) as RoadmapRefresh | null,
      list: async (q = {}) => {
        const filter: Record<string, string> = {};
        if (q.scope !== undefined) filter.scope = enumValue('scope', REFRESH_SCOPES, q.scope);
        return (await this.op('refreshes.list', false, () => this.backend.listDocs('refresh', filter, q.limit === undefined ? null : pageLimit(q.limit), 'asc'))) as RoadmapRefresh[];
      },
      complete: async (id, result) => {
        const out = await this.docOp<RoadmapRefresh>('refresh', id, (r) => row(completeRefresh(r, result?.outcome, result?.changesMade, this.nowUs())), 'refreshes.complete');
        if (!out) throw new StoreNotFoundError('Refresh', id);
        return out;
      },
    };
  }

  private metricsRepository(): MetricsRepository {
    const capture = async (period: string, metrics: readonly Partial<ImprovementMetric>[]): Promise<MetricsSnapshot> => {
      this.assertUsable(true);
      const snapshot = buildSnapshot(period, metrics, this.newId('MSN'), this.nowUs());
      await this.op('metrics.capture', true, () =>
        this.backend.insertDoc('snapshot', { id: snapshot.snapshotId, keys: { period: snapshot.period }, atUs: isoToMicros(snapshot.capturedAt), doc: snapshot, version: 1 }),
      );
      return snapshot;
    };
    const history = async (limit: number | null = 10): Promise<MetricsSnapshot[]> => {
      if (limit !== null) intInRange('limit', limit, 0, Number.MAX_SAFE_INTEGER);
      // Decision: limit 0 returns no snapshots (the reference's [-0:] slice returned all); null returns all.
      if (limit === 0) return [];
      return (await this.op('metrics.history', false, () => this.backend.listDocs('snapshot', {}, limit, 'desc'))) as MetricsSnapshot[];
    };
    return {
      capture,
      captureDefault: (period) => capture(period, DEFAULT_METRICS),
      latest: async () => (await history(1))[0] ?? null,
      history,
      trend: async (metricId, periods = 4) => {
        requireString('metricId', metricId, { nonBlank: true });
        intInRange('periods', periods, 1, 10_000);
        const snapshots = (await history(periods)).reverse();
        const values = snapshots.flatMap((s) => s.metrics.filter((m) => m.metricId === metricId).map((m) => m.current));
        return { metricId, trend: computeMetricTrend(values), values };
      },
    };
  }

  private runRepository(): RunRepository {
    return {
      appendEvents: async (events) => {
        if (!Array.isArray(events)) throw new StoreValidationError('events', 'must be an array');
        const nowUs = this.nowUs();
        const rows = events.map((e, i) => ({
          runId: requireString(`events[${i}].runId`, e.runId, { nonBlank: true }),
          type: requireString(`events[${i}].type`, e.type, { nonBlank: true }),
          tenantId: e.tenantId === undefined ? 'default' : requireString(`events[${i}].tenantId`, e.tenantId, { nonBlank: true }),
          content: requireString(`events[${i}].content`, e.content),
          payload: e.payload ?? null,
          recordedUs: nowUs,
        }));
        if (rows.length === 0) return 0;
        return this.op('runs.appendEvents', true, () => this.backend.appendRunEvents(rows));
      },
      listEvents: async (q) => {
        const scope = validateScope(q?.scope);
        return this.op('runs.listEvents', false, () =>
          this.backend.listRunEvents({ tenantId: scopeTenant(scope), ...(q.runId !== undefined ? { runId: requireString('runId', q.runId) } : {}), limit: pageLimit(q.limit, 100) }),
        );
      },
      saveCheckpoint: async (runId, state) => {
        requireString('runId', runId, { nonBlank: true });
        const text = JSON.stringify(state);
        if (text === undefined) throw new StoreValidationError('state', 'must be JSON-serialisable');
        await this.op('runs.saveCheckpoint', true, () => this.backend.saveCheckpoint(runId, text, this.nowUs()));
      },
      loadCheckpoint: async (runId) => {
        requireString('runId', runId, { nonBlank: true });
        const text = await this.op('runs.loadCheckpoint', false, () => this.backend.loadCheckpoint(runId));
        return text === null ? undefined : (JSON.parse(text) as unknown);
      },
    };
  }

  private benchRepository(): BenchRepository {
    const json = (field: string, value: unknown): string => {
      const text = JSON.stringify(value ?? null);
      if (text === undefined) throw new StoreValidationError(field, 'must be JSON-serialisable');
      return text;
    };
    return {
      createRun: async (run) => {
        requireString('runId', run?.runId, { nonBlank: true });
        await this.op('bench.createRun', true, () =>
          this.backend.benchCreateRun({ runId: run.runId, config: json('config', run.config), provenance: json('provenance', run.provenance), createdAt: run.createdAt }),
        );
      },
      appendTrial: async (record: BenchTrialRecord) => {
        if (typeof record !== 'object' || record === null) throw new StoreValidationError('trial', 'must be an object');
        requireString('trial.runId', record.runId, { nonBlank: true });
        requireString('trial.trialId', record.trialId, { nonBlank: true });
        intInRange('trial.attempt', record.attempt, 0, 1_000_000);
        return this.op('bench.appendTrial', true, () => this.backend.benchAppendTrial(record));
      },
      trialIds: (runId) => this.op('bench.trialIds', false, () => this.backend.benchTrialIds(requireString('runId', runId))),
      finishRun: async (runId, status, finishedAt, aggregates) => {
        enumValue('status', ['completed', 'failed', 'cancelled'] as const, status);
        const ok = await this.op('bench.finishRun', true, () => this.backend.benchFinishRun(runId, status, finishedAt, aggregates === undefined ? null : json('aggregates', aggregates)));
        if (!ok) throw new StoreNotFoundError('Bench run', runId);
      },
      getRun: (runId): Promise<BenchRunRecord | undefined> => this.op('bench.getRun', false, () => this.backend.benchGetRun(requireString('runId', runId))),
      listRuns: (limit) => this.op('bench.listRuns', false, () => this.backend.benchListRuns(pageLimit(limit))),
      setBaseline: async (name, runId) => {
        requireString('name', name, { nonBlank: true });
        const ok = await this.op('bench.setBaseline', true, () => this.backend.benchSetBaseline(name, runId, this.nowUs()));
        if (!ok) throw new StoreNotFoundError('Bench run', runId);
      },
      getBaselineRunId: (name) => this.op('bench.getBaseline', false, () => this.backend.benchGetBaseline(requireString('name', name))),
    };
  }

  // ---------- maintenance ----------

  async applyRetention(policy?: Partial<StoreRetentionPolicy>): Promise<RetentionResult> {
    if (policy !== undefined) {
      try {
        validateRetention(policy, 'policy');
      } catch (error) {
        throw new StoreValidationError('policy', error instanceof Error ? error.message : String(error));
      }
    }
    const p = { ...this.retentionPolicy, ...policy };
    const nowUs = this.nowUs();
    const cutoffUs = nowUs - Math.round(p.maxAgeDays * 86_400_000_000);
    const intakeCutoffUs = p.terminalIntakeMaxAgeDays === null ? null : nowUs - Math.round(p.terminalIntakeMaxAgeDays * 86_400_000_000);
    const done = await this.op('applyRetention', true, () => this.backend.retention({ cutoffUs, maxSignals: p.maxSignals, intakeCutoffUs, chunk: 5000 }));
    const result: RetentionResult = { signalsDeleted: done.signals, intakesDeleted: done.intakes, cutoff: microsToIso(cutoffUs) };
    this.emitter.emit('retention', result);
    return result;
  }

  /** Hook run before an import with `backupFirst` (the SQLite store takes a `pre-import` backup). */
  protected async backupBeforeImport(): Promise<void> {
    throw new StoreUnavailableError(`backupFirst needs a store with backups; the ${this.kind} store has none (use exportJson)`);
  }

  async importLegacy(source: LegacySource, opts: { mode?: 'if-empty' | 'merge'; strict?: boolean; backupFirst?: boolean } = {}): Promise<ImportReport> {
    this.assertUsable(true);
    const mode = enumValue('mode', ['if-empty', 'merge'] as const, opts.mode, 'merge');
    if (opts.backupFirst) await this.backupBeforeImport();
    return this.op('importLegacy', true, () => importLegacySource(this.backend, source, { mode, strict: opts.strict ?? true, nowUs: this.nowUs(), scoring: this.scoring }));
  }

  async exportJson(destPath: string): Promise<ExportManifest> {
    requireString('destPath', destPath, { nonBlank: true });
    const all = await this.op('exportJson', false, () => this.backend.exportAll());
    return exportJsonFile(destPath, all, this.nowUs());
  }

  async exportLegacy(destPath: string): Promise<ExportManifest> {
    requireString('destPath', destPath, { nonBlank: true });
    const all = await this.op('exportLegacy', false, () => this.backend.exportAll());
    return exportLegacyFile(destPath, all, this.nowUs());
  }

  async health(): Promise<StoreHealth> {
    return { status: this.status, kind: this.kind, ...(this.statusReason ? { reason: this.statusReason } : {}) };
  }

  on<E extends keyof StoreEvents>(event: E, listener: (e: StoreEvents[E]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  /** Waits for queued group-commit writes. */
  protected async drainQueue(): Promise<void> {
    await this.queue?.drain();
  }

  async close(): Promise<void> {
    if (this.status === 'closed') return;
    await this.drainQueue();
    this.status = 'closed';
    await this.backend.close();
  }
}
