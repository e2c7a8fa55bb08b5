/**
 * The store contract, run against every driver (memory, SQLite, PGlite, and a real PostgreSQL server when
 * IMPROVEMENT_STORE_PG_URL is set). Expected values are derived by hand from the reference rules; times come from a
 * ManualClock and are asserted exactly.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent33Error, ManualClock } from '@agent33/observability';
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import {
  IllegalTransitionError,
  StoreConflictError,
  StoreError,
  StoreNotFoundError,
  StoreValidationError,
  benchResultStore,
  learningSink,
  memoryRecall,
  runCheckpointer,
  sequentialIds,
  type BaseStoreOptions,
  type ImprovementStore,
  type IntakeStatus,
} from '../src/index.js';

/** Opens a fresh, empty store of one driver; `close` releases everything it created. */
export type StoreFactory = (options: BaseStoreOptions) => Promise<{ store: ImprovementStore; close: () => Promise<void> }>;

export const T0 = Date.UTC(2026, 0, 10, 12, 0, 0); // 2026-01-10T12:00:00Z
const DAY = 86_400_000;

export function defineContractSuite(name: string, factory: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
    let clock: ManualClock;
    let store: ImprovementStore;
    let close: () => Promise<void>;

    beforeEach(async () => {
      clock = new ManualClock(T0);
      const opened = await factory({ clock, ids: sequentialIds(), dedupeWindowMinutes: 30, groupCommit: false });
      store = opened.store;
      close = opened.close;
    });
    afterEach(async () => {
      await close();
    });

    it('records a signal with defaults, exact timestamps, score and enrichment', async () => {
      const s = await store.record({ summary: 'Checkout fails on retry' });
      expect(s.signalId).toMatch(/^LS-[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(s).toMatchObject({
        recordedAt: '2026-01-10T12:00:00.000000Z',
        firstSeenAt: '2026-01-10T12:00:00.000000Z',
        lastSeenAt: '2026-01-10T12:00:00.000000Z',
        signalType: 'feedback',
        severity: 'medium',
        tenantId: 'default',
        details: '',
        source: '',
        context: {},
        occurrenceCount: 1,
        intakeGenerated: false,
        relatedIntakeId: null,
        // summary 23 chars: 23/80*0.25 = 0.071875; severity medium 0.55*0.35 = 0.1925 → 0.264375 → 0.264
        qualityScore: 0.264,
        qualityLabel: 'low',
        qualityReasons: ['details_missing', 'source_missing', 'context_missing'],
        enrichment: { has_source: 'false', context_items: '0', summary_length: '23', details_length: '0' },
      });
      expect(await store.getSignal(s.signalId, { tenantId: 'default' })).toEqual(s);
    });

    it('reference scenario: three signals, type filter and summary counts', async () => {
      await store.record({ signalType: 'bug', severity: 'high', summary: 'Login button unresponsive' });
      await store.record({ signalType: 'bug', severity: 'high', summary: 'Payment webhook drops events' });
      await store.record({ signalType: 'feedback', severity: 'low', summary: 'Users like the new dashboard' });
      const bugs = await store.listSignals({ scope: { allTenants: true }, signalType: 'bug' });
      expect(bugs.items).toHaveLength(2);
      const summary = await store.summarize({ scope: { allTenants: true } });
      expect(summary).toMatchObject({ totalSignals: 3, countsByType: { bug: 2, feedback: 1 }, countsBySeverity: { high: 2, low: 1 }, countsByTenant: { default: 3 } });
      expect(summary.tenantId).toBeNull();
      expect(summary.generatedAt).toBe('2026-01-10T12:00:00.000000Z');
      expect(summary.trendDirection).toBe('stable');
      expect(summary.previousWindowTotal).toBeNull();
    });

    it('reference scenario: a rich signal scores high and is well formed', async () => {
      const s = await store.record({
        signalType: 'incident',
        severity: 'high',
        summary: 'Primary database failover took eleven minutes during the nightly batch window',
        details: 'The replica lagged behind by 40 GB of WAL because the batch job disabled synchronous replication and nobody re-enabled it afterwards.',
        source: 'pagerduty',
        context: { service: 'orders', region: 'eu-west-1' },
      });
      // summary 77/80*0.25=0.240625, details 133/160*0.2=0.16625, source 0.1, context 2/5*0.1=0.04, high 0.8*0.35=0.28 → 0.826875
      expect(s.qualityScore).toBe(0.827);
      expect(s.qualityLabel).toBe('high');
      expect(s.enrichment.has_source).toBe('true');
      expect(s.qualityReasons).toEqual(['well_formed_signal']);
    });

    it('reference scenario: tenant and 7-day window with previous window and trend', async () => {
      await store.record({ tenantId: 'tenant-a', summary: 'fresh one', recordedAt: new Date(T0 - 1 * DAY).toISOString() });
      await store.record({ tenantId: 'tenant-a', summary: 'older one', recordedAt: new Date(T0 - 8 * DAY).toISOString() });
      await store.record({ tenantId: 'tenant-b', summary: 'other tenant', recordedAt: new Date(T0 - 1 * DAY).toISOString() });
      const s = await store.summarize({ scope: { tenantId: 'tenant-a' }, windowDays: 7 });
      expect(s).toMatchObject({
        totalSignals: 1,
        countsByTenant: { 'tenant-a': 1 },
        previousWindowTotal: 1,
        trendDelta: 0,
        trendDirection: 'stable',
        tenantId: 'tenant-a',
        windowDays: 7,
        windowStartAt: '2026-01-03T12:00:00.000000Z',
        latestRecordedAt: '2026-01-09T12:00:00.000000Z',
      });
      const wide = await store.summarize({ scope: { tenantId: 'tenant-a' }, windowDays: 30 });
      expect(wide).toMatchObject({ totalSignals: 2, previousWindowTotal: 0, trendDelta: 2, trendDirection: 'up', countsByTenant: { 'tenant-a': 2 } });
    });

    it('summary: a number limit reproduces the capped legacy counts; null counts the whole window', async () => {
      const batch = Array.from({ length: 60 }, (_, i) => ({ summary: `signal number ${i}`, severity: i < 10 ? ('critical' as const) : ('low' as const), recordedAt: new Date(T0 - (60 - i) * 60_000).toISOString() }));
      const r = await store.ingest(batch);
      expect(r.inserted).toHaveLength(60);
      const legacy = await store.summarize({ scope: { allTenants: true }, windowDays: 1, limit: 50 });
      // the newest 50 are i = 10..59, all low; the trend uses the uncapped 60
      expect(legacy).toMatchObject({ totalSignals: 50, countsBySeverity: { low: 50 }, trendDelta: 60, previousWindowTotal: 0 });
      const full = await store.summarize({ scope: { allTenants: true }, windowDays: 1, limit: null });
      expect(full).toMatchObject({ totalSignals: 60, countsBySeverity: { low: 50, critical: 10 }, trendDelta: 60 });
      expect(full.latestRecordedAt).toBe('2026-01-10T11:59:00.000000Z');
      expect((await store.summarize({ scope: { allTenants: true }, limit: 0 })).totalSignals).toBe(0);
      await expect(store.summarize({ scope: { allTenants: true }, limit: -1 })).rejects.toBeInstanceOf(StoreValidationError);
    });

    it('lists newest first with stable ties, filters and keyset cursors', async () => {
      const same = new Date(T0 - DAY).toISOString();
      const ids: string[] = [];
      for (let i = 0; i < 7; i += 1) ids.push((await store.record({ summary: `same time ${i}`, recordedAt: same })).signalId);
      const newest = await store.record({ summary: 'newest', severity: 'critical', signalType: 'security' });
      const first = await store.listSignals({ scope: { tenantId: 'default' }, limit: 3 });
      expect(first.items.map((s) => s.signalId)).toEqual([newest.signalId, ids[0], ids[1]]);
      const second = await store.listSignals({ scope: { tenantId: 'default' }, limit: 3, cursor: first.nextCursor! });
      expect(second.items.map((s) => s.signalId)).toEqual([ids[2], ids[3], ids[4]]);
      const third = await store.listSignals({ scope: { tenantId: 'default' }, limit: 3, cursor: second.nextCursor! });
      expect(third.items.map((s) => s.signalId)).toEqual([ids[5], ids[6]]);
      expect(third.nextCursor).toBeNull();
      expect((await store.listSignals({ scope: { allTenants: true }, severity: 'critical', signalType: 'security' })).items).toHaveLength(1);
      expect((await store.listSignals({ scope: { allTenants: true }, since: new Date(T0 - 1000).toISOString() })).items).toHaveLength(1);
      expect((await store.listSignals({ scope: { allTenants: true }, until: new Date(T0 - 1000).toISOString() })).items).toHaveLength(7);
      expect((await store.listSignals({ scope: { allTenants: true }, limit: -5 })).items).toEqual([]);
      await expect(store.listSignals({ scope: { allTenants: true }, cursor: 'nonsense' })).rejects.toBeInstanceOf(StoreValidationError);
    });

    it('dedupes within the window: merge keeps the first id, raises severity, adds context, re-scores', async () => {
      const a = await store.record({ signalType: 'bug', severity: 'low', summary: 'Cache  miss storm', source: 'grafana', context: { a: '1' } });
      clock.advance(10 * 60_000);
      const b = await store.record({ signalType: 'bug', severity: 'high', summary: 'cache miss STORM', source: 'grafana', details: 'longer details here', context: { a: 'x', b: '2' } });
      expect(b.signalId).toBe(a.signalId);
      expect(b).toMatchObject({ occurrenceCount: 2, severity: 'high', details: 'longer details here', context: { a: '1', b: '2' }, firstSeenAt: '2026-01-10T12:00:00.000000Z', lastSeenAt: '2026-01-10T12:10:00.000000Z' });
      expect(b.qualityScore).toBeGreaterThan(a.qualityScore);
      clock.advance(31 * 60_000);
      const c = await store.record({ signalType: 'bug', severity: 'low', summary: 'cache miss storm', source: 'grafana' });
      expect(c.signalId).not.toBe(a.signalId);
      const off = await store.ingest([{ signalType: 'bug', summary: 'cache miss storm', source: 'grafana' }], { dedupeWindowMinutes: 0 });
      expect(off.inserted).toHaveLength(1);
      expect((await store.listSignals({ scope: { allTenants: true } })).items).toHaveLength(3);
    });

    it('reference scenarios: auto-intake ordering, priority, thresholds and idempotence', async () => {
      const short = await store.record({ signalType: 'bug', severity: 'high', summary: 'Search is slow', source: 's' , context: { k: 'v' } });
      const detailed = await store.record({
        signalType: 'bug',
        severity: 'high',
        summary: 'Search latency p99 above four seconds on product pages',
        details: 'Elasticsearch cluster shows GC pauses; the heap is undersized after the index grew by 30 percent.',
        source: 'apm',
        context: { service: 'search', env: 'prod' },
      });
      await store.record({ signalType: 'feedback', severity: 'medium', summary: 'Medium severity is below the default threshold' });
      const created = await store.generateIntakes({ scope: { tenantId: 'default' }, minQuality: 0 });
      expect(created.map((i) => i.generatedFromSignalId)).toEqual([detailed.signalId, short.signalId]);
      const [first, second] = created;
      expect(first!.relevance.priorityScore).toBeGreaterThanOrEqual(second!.relevance.priorityScore);
      expect(first).toMatchObject({
        submittedBy: 'learning-service',
        submittedAt: '2026-01-10T12:00:00.000000Z',
        tenantId: 'default',
        automatedQualityScore: detailed.qualityScore,
        automatedQualityLabel: detailed.qualityLabel,
        classification: { researchType: 'internal', category: 'learning:bug', urgency: 'high' },
        content: { title: `Learning signal: ${detailed.summary}`, summary: detailed.details, source: 'apm' },
        relevance: { impactAreas: [`quality:${detailed.qualityLabel}`] },
        disposition: { status: 'submitted' },
      });
      // detailed: 54/80*.25=.16875 + 97/160*.2=.12125 + .1 + .04 + .28 = 0.71; priority 8 + round(1.42) = 9
      expect(detailed.qualityScore).toBe(0.71);
      expect(first!.relevance.priorityScore).toBe(9);
      expect(await store.generateIntakes({ scope: { tenantId: 'default' }, minQuality: 0 })).toEqual([]);
      const linked = await store.getSignal(short.signalId, { tenantId: 'default' });
      expect(linked).toMatchObject({ intakeGenerated: true, relatedIntakeId: second!.intakeId });
      expect((await store.getIntake(second!.intakeId, { tenantId: 'default' }))?.generatedFromSignalId).toBe(short.signalId);
      expect(await store.generateIntakes({ scope: { allTenants: true }, maxItems: 0 })).toEqual([]);
    });

    it('auto-intake: min severity, min quality and max items', async () => {
      await store.ingest([
        { severity: 'critical', summary: 'a critical but thin signal' },
        { severity: 'medium', summary: 'a medium signal with a long enough summary', details: 'd'.repeat(160), source: 's', context: { a: '1', b: '2', c: '3', d: '4', e: '5' } },
        { severity: 'low', summary: 'low one' },
      ]);
      // critical thin: 26/80*.25=.08125 + .35 = .43125 → 0.431 < 0.45 default quality floor
      expect(await store.generateIntakes({ scope: { allTenants: true } })).toEqual([]);
      const medium = await store.generateIntakes({ scope: { allTenants: true }, minSeverity: 'medium', maxItems: 1 });
      expect(medium).toHaveLength(1);
      // medium: 42/80*.25=.13125+.2+.1+.1+.1925=.72375 → 0.724; priority 5 + round(1.448)=1 → 6
      expect(medium[0]!.relevance.priorityScore).toBe(6);
      expect(medium[0]!.classification.urgency).toBe('medium');
      const rest = await store.generateIntakes({ scope: { allTenants: true }, minSeverity: 'low', minQuality: 0, maxItems: 5 });
      expect(rest.map((i) => i.content.title)).toEqual(['Learning signal: a critical but thin signal', 'Learning signal: low one']);
      await expect(store.generateIntakes({ scope: { allTenants: true }, minSeverity: 'urgent' as never })).rejects.toBeInstanceOf(StoreValidationError);
    });

    it('intake lifecycle: full path to tracked, decisions, illegal and unknown transitions, versions', async () => {
      const intake = await store.submitIntake({ content: { title: 'Evaluate vector DBs' }, tenantId: 't1', relevance: { priorityScore: 7 } });
      expect(intake).toMatchObject({ intakeId: expect.stringMatching(/^RI-/), submittedAt: '2026-01-10T12:00:00.000000Z', disposition: { status: 'submitted', decisionDate: null }, tracking: { roadmapImpact: 'tbd' }, version: 1 });
      await store.transitionIntake(intake.intakeId, 'triaged');
      await store.transitionIntake(intake.intakeId, 'analyzing');
      clock.advance(60_000);
      const accepted = await store.transitionIntake(intake.intakeId, 'accepted', { decisionBy: 'alice', rationale: 'fits', actionItems: ['spike'] });
      expect(accepted.disposition).toEqual({ status: 'accepted', decisionDate: '2026-01-10T12:01:00.000000Z', decisionBy: 'alice', rationale: 'fits', actionItems: ['spike'] });
      const tracked = await store.transitionIntake(intake.intakeId, 'tracked', { decisionBy: '' });
      expect(tracked.disposition).toMatchObject({ status: 'tracked', decisionBy: 'alice', decisionDate: '2026-01-10T12:01:00.000000Z' });
      expect(tracked.version).toBe(5);
      await expect(store.transitionIntake(intake.intakeId, 'triaged')).rejects.toBeInstanceOf(IllegalTransitionError);
      await expect(store.transitionIntake('RI-missing', 'triaged')).rejects.toBeInstanceOf(StoreNotFoundError);
      await expect(store.transitionIntake(intake.intakeId, 'bogus' as IntakeStatus)).rejects.toThrow('Invalid status: bogus');
      const other = await store.submitIntake({ content: { title: 'Second' } });
      await store.transitionIntake(other.intakeId, 'triaged');
      await store.transitionIntake(other.intakeId, 'analyzing');
      await store.transitionIntake(other.intakeId, 'deferred');
      const again = await store.transitionIntake(other.intakeId, 'triaged', { expectedVersion: 4 });
      expect(again.disposition.status).toBe('triaged');
      await expect(store.transitionIntake(other.intakeId, 'analyzing', { expectedVersion: 1 })).rejects.toBeInstanceOf(StoreConflictError);
      expect((await store.listIntakes({ scope: { tenantId: 't1' } })).items.map((i) => i.intakeId)).toEqual([intake.intakeId]);
      expect((await store.listIntakes({ scope: { allTenants: true }, status: 'triaged' })).items.map((i) => i.intakeId)).toEqual([other.intakeId]);
      expect(await store.getIntake(intake.intakeId, { tenantId: 'default' })).toBeNull();
      await expect(store.listIntakes({ scope: { allTenants: true }, status: 'open' as IntakeStatus })).rejects.toThrow('Invalid status: open');
      await expect(store.submitIntake({ relevance: { priorityScore: 11 } })).rejects.toBeInstanceOf(StoreValidationError);
      expect((await store.submitIntake({})).content.title).toBe('Untitled');
    });

    it('lessons: record, filter, complete an action, out of range, verify', async () => {
      const lesson = await store.lessons.record({ phase: '20', eventType: 'failure', whatHappened: 'x', actions: [{ description: 'add alert' }, { description: 'write runbook', owner: 'bob' }] });
      expect(lesson).toMatchObject({ lessonId: expect.stringMatching(/^LL-/), recordedAt: '2026-01-10T12:00:00.000000Z', implemented: false, verifiedAt: null, actions: [{ status: 'pending' }, { status: 'pending', owner: 'bob' }] });
      await store.lessons.record({ phase: '21' });
      expect((await store.lessons.list({ phase: '20' })).map((l) => l.lessonId)).toEqual([lesson.lessonId]);
      expect(await store.lessons.list({ eventType: 'observation' })).toHaveLength(1);
      const done = await store.lessons.completeAction(lesson.lessonId, 0);
      expect(done.actions.map((a) => a.status)).toEqual(['completed', 'pending']);
      await expect(store.lessons.completeAction(lesson.lessonId, 5)).rejects.toBeInstanceOf(StoreValidationError);
      clock.advance(1000);
      const verified = await store.lessons.verify(lesson.lessonId, 'dashboards/123');
      expect(verified).toMatchObject({ implemented: true, verifiedAt: '2026-01-10T12:00:01.000000Z', evidence: 'dashboards/123' });
      expect(await store.lessons.get(lesson.lessonId)).toEqual(verified);
      await expect(store.lessons.verify('LL-missing', 'x')).rejects.toBeInstanceOf(StoreNotFoundError);
      await expect(store.lessons.list({ eventType: 'boom' as never })).rejects.toBeInstanceOf(StoreValidationError);
    });

    it('checklists: templates CI-01..15, complete items, evaluate', async () => {
      const release = await store.checklists.create('per_release', 'v1.2');
      const monthly = await store.checklists.create('monthly');
      const quarterly = await store.checklists.create('quarterly');
      expect([release, monthly, quarterly].flatMap((c) => c.items.map((i) => i.checkId))).toEqual(Array.from({ length: 15 }, (_, i) => `CI-${String(i + 1).padStart(2, '0')}`));
      expect(await store.checklists.evaluate(release.checklistId)).toEqual({ complete: false, incomplete: release.items.map((i) => `${i.checkId} (${i.name})`) });
      const updated = await store.checklists.completeItem(release.checklistId, 'CI-01', 'held on Monday');
      expect(updated?.items[0]).toMatchObject({ completed: true, notes: 'held on Monday' });
      await store.checklists.completeItem(release.checklistId, 'CI-02');
      expect((await store.checklists.evaluate(release.checklistId)).incomplete).toHaveLength(3);
      expect(await store.checklists.completeItem(release.checklistId, 'CI-99')).toBeNull();
      for (const item of monthly.items) await store.checklists.completeItem(monthly.checklistId, item.checkId);
      expect(await store.checklists.evaluate(monthly.checklistId)).toEqual({ complete: true, incomplete: [] });
      expect((await store.checklists.list({ period: 'quarterly' })).map((c) => c.checklistId)).toEqual([quarterly.checklistId]);
      await expect(store.checklists.completeItem('CKL-missing', 'CI-01')).rejects.toBeInstanceOf(StoreNotFoundError);
      await expect(store.checklists.create('weekly' as never)).rejects.toBeInstanceOf(StoreValidationError);
    });

    it('roadmap refreshes: record, filter, complete, unknown id', async () => {
      const r = await store.refreshes.record({ scope: 'minor', participants: ['a', 'b'] });
      await store.refreshes.record({});
      expect(r).toMatchObject({ refreshId: expect.stringMatching(/^RMR-/), scheduledAt: '2026-01-10T12:00:00.000000Z', completedAt: null });
      expect((await store.refreshes.list({ scope: 'micro' }))).toHaveLength(1);
      clock.advance(DAY);
      const done = await store.refreshes.complete(r.refreshId, { outcome: 'shifted Q2', changesMade: ['moved X'] });
      expect(done).toMatchObject({ completedAt: '2026-01-11T12:00:00.000000Z', outcome: 'shifted Q2', changesMade: ['moved X'] });
      await expect(store.refreshes.complete('RMR-missing', {})).rejects.toBeInstanceOf(StoreNotFoundError);
    });

    it('metrics: default snapshot, newest-first history, limit 0 decision, trend', async () => {
      expect(await store.metrics.latest()).toBeNull();
      const snap = await store.metrics.captureDefault('2026-Q1');
      expect(snap.metrics.map((m) => m.metricId)).toEqual(['IM-01', 'IM-02', 'IM-03', 'IM-04', 'IM-05']);
      expect((await store.metrics.latest())?.snapshotId).toBe(snap.snapshotId);
      for (const [i, v] of [10, 11, 13, 15].entries()) {
        clock.advance(1000);
        await store.metrics.capture(`P${i}`, [{ metricId: 'IM-03', name: 'First-pass success', current: v, target: 85, unit: 'percent' }]);
      }
      const history = await store.metrics.history(2);
      expect(history.map((s) => s.period)).toEqual(['P3', 'P2']);
      expect(await store.metrics.history(0)).toEqual([]);
      expect(await store.metrics.history(null)).toHaveLength(5);
      expect(await store.metrics.trend('IM-03')).toEqual({ metricId: 'IM-03', trend: 'improving', values: [10, 11, 13, 15] });
      expect(await store.metrics.trend('IM-99')).toEqual({ metricId: 'IM-99', trend: 'stable', values: [] });
      await expect(store.metrics.capture('P', [{ metricId: 'IM-01', current: 'x' as never }])).rejects.toBeInstanceOf(StoreValidationError);
    });

    it('tenant isolation holds for every read (seeded property test)', async () => {
      let seed = 42;
      const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const tenants = ['a', 'b', 'c'];
      const batch = Array.from({ length: 90 }, (_, i) => ({
        tenantId: tenants[Math.floor(rnd() * 3)]!,
        severity: (['low', 'medium', 'high', 'critical'] as const)[Math.floor(rnd() * 4)]!,
        signalType: (['bug', 'incident', 'feedback'] as const)[Math.floor(rnd() * 3)]!,
        summary: `property signal ${i} ${Math.floor(rnd() * 1e6)}`,
        details: 'x'.repeat(Math.floor(rnd() * 200)),
        recordedAt: new Date(T0 - Math.floor(rnd() * 20 * DAY)).toISOString(),
      }));
      await store.ingest(batch, { dedupeWindowMinutes: 0 });
      await store.generateIntakes({ scope: { allTenants: true }, minSeverity: 'low', minQuality: 0, maxItems: 30 });
      for (const tenantId of tenants) {
        const scope = { tenantId };
        let cursor: string | undefined;
        let seen = 0;
        do {
          const page = await store.listSignals({ scope, limit: 7, ...(cursor ? { cursor } : {}) });
          expect(page.items.every((s) => s.tenantId === tenantId)).toBe(true);
          seen += page.items.length;
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(seen).toBe(batch.filter((s) => s.tenantId === tenantId).length);
        const summary = await store.summarize({ scope, windowDays: 7, limit: null });
        expect(Object.keys(summary.countsByTenant).every((t) => t === tenantId)).toBe(true);
        const intakes = await store.listIntakes({ scope, limit: 1000 });
        expect(intakes.items.every((i) => i.tenantId === tenantId)).toBe(true);
        for (const other of (await store.listSignals({ scope: { allTenants: true }, limit: 1000 })).items.filter((s) => s.tenantId !== tenantId)) {
          expect(await store.getSignal(other.signalId, scope)).toBeNull();
        }
        const trend = await store.trends({ scope, windowDays: 7, dimension: 'severity' });
        expect(trend.items.reduce((n, i) => n + i.current, 0)).toBe(summary.totalSignals);
      }
    });

    it('retention deletes old signals and caps the count', async () => {
      await store.ingest([
        { summary: 'ancient', recordedAt: new Date(T0 - 200 * DAY).toISOString() },
        { summary: 'old', recordedAt: new Date(T0 - 100 * DAY).toISOString() },
        { summary: 'recent', recordedAt: new Date(T0 - DAY).toISOString() },
        { summary: 'now' },
      ]);
      const first = await store.applyRetention();
      expect(first).toEqual({ signalsDeleted: 1, intakesDeleted: 0, cutoff: '2025-07-14T12:00:00.000000Z' });
      const capped = await store.applyRetention({ maxSignals: 2 });
      expect(capped.signalsDeleted).toBe(1);
      expect((await store.listSignals({ scope: { allTenants: true } })).items.map((s) => s.summary)).toEqual(['now', 'recent']);
    });

    it('validates input with typed errors and writes nothing on bad input', async () => {
      const bad: unknown[] = [{ summary: '' }, { summary: 'x', severity: 'urgent' }, { summary: 'x', context: { a: 1 } }, { summary: 'x', recordedAt: 'yesterday' }, null];
      for (const input of bad) {
        const error = await store.record(input as never).catch((e: unknown) => e);
        expect(StoreError.isInstance(error)).toBe(true);
        expect(Agent33Error.isInstance(error)).toBe(true);
        expect((error as StoreError).code).toMatch(/^STORE_/);
      }
      await expect(store.listSignals({ scope: {} as never })).rejects.toBeInstanceOf(StoreValidationError);
      await expect(store.getSignal('x', undefined as never)).rejects.toBeInstanceOf(StoreValidationError);
      expect((await store.listSignals({ scope: { allTenants: true } })).items).toEqual([]);
      const dup = await store.record({ summary: 'explicit id', signalId: 'LS-legacy00001' });
      expect(dup.signalId).toBe('LS-legacy00001');
      await expect(store.record({ summary: 'another', signalId: 'LS-legacy00001' })).rejects.toBeInstanceOf(StoreConflictError);
    });

    it('port adapters: checkpoints, bench results, learning sink, memory recall', async () => {
      const checkpointer = runCheckpointer(store);
      const state = { version: 1 as const, runId: 'run-1', model: 'm', messages: [{ role: 'user' as const, content: 'hi' }], steps: [], usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 }, iteration: 1, toolCallsMade: 0, toolsUsed: [], consecutiveErrors: 0, confirmations: 0, outputRepairs: 0, loopWindow: [], nudged: false };
      await checkpointer.save('run-1', state as never);
      expect(await checkpointer.load('run-1')).toEqual(state);
      expect(await checkpointer.load('run-2')).toBeUndefined();

      const dir = mkdtempSync(join(tmpdir(), 'bench-art-'));
      const bench = benchResultStore(store, { artifactsDir: dir, clock });
      await bench.createRun({ runId: 'b1', config: { k: 1 }, provenance: { git: 'abc' } });
      const trial = { runId: 'b1', trialId: 't1', attempt: 1, taskId: 'task', taskDigest: 'd', category: 'c', agentId: 'a', condition: 'with', trialIndex: 0, seed: 1, outcome: 'passed' as const, scoreEligible: true, reward: 1, startedAt: 1, finishedAt: 2, agentMs: 1, verifierMs: 1, usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2, costUsd: 0 }, toolCalls: 0, iterations: 1, skillsInvoked: [], artifacts: [{ name: 'log', kind: 'agent-log', path: 't1/log.txt', contentType: 'text/plain', bytes: 3 }] };
      await bench.appendTrial(trial as never);
      await bench.appendTrial(trial as never);
      await expect(bench.appendTrial({ ...trial, trialId: 't2', artifacts: [{ ...trial.artifacts[0]!, path: '../escape' }] } as never)).rejects.toBeInstanceOf(StoreValidationError);
      expect(await bench.completedTrialIds('b1')).toEqual(new Set(['t1']));
      await bench.finishRun('b1', 'completed', { passRate: 1 });
      const run = await bench.getRun('b1');
      expect(run).toMatchObject({ runId: 'b1', status: 'completed', createdAt: T0, finishedAt: T0, aggregates: { passRate: 1 }, config: { k: 1 } });
      expect(run?.trials).toHaveLength(1);
      await bench.setBaseline('main', 'b1');
      expect((await bench.getBaseline('main'))?.runId).toBe('b1');
      expect(await bench.listRuns()).toEqual([{ runId: 'b1', status: 'completed', createdAt: T0, finishedAt: T0, trialCount: 1 }]);

      const sink = learningSink(store, { maxQueue: 10 });
      sink.record({ type: 'benchmark', runId: 'b2', finding: 'regression', scope: 'task', taskId: 'fix-bug', deltaPp: -12.5, significant: true });
      sink.record({ type: 'feedback', runId: 'r9', score: 0.2, note: 'answer was about kubernetes upgrades' });
      await sink.flush();
      expect(sink.stats()).toMatchObject({ written: 2, signals: 1, dropped: 0, failed: 0 });
      const signals = await store.listSignals({ scope: { tenantId: 'default' }, signalType: 'performance' });
      expect(signals.items).toHaveLength(1);
      expect(signals.items[0]).toMatchObject({ severity: 'high', source: 'skillsbench', summary: 'Benchmark regression on task fix-bug: -12.5 pp (significant)' });

      const recall = memoryRecall(store, { scope: { tenantId: 'default' } });
      const hits = await recall.search('kubernetes upgrades', { topK: 3 });
      expect(hits[0]?.content).toContain('kubernetes');
      const none = await memoryRecall(store, { scope: { tenantId: 'elsewhere' } }).search('kubernetes', { topK: 3 });
      expect(none).toEqual([]);
    });

    it('exports the legacy document and imports it back into an empty store', async () => {
      await store.record({ severity: 'critical', signalType: 'incident', summary: 'Outage of the payments API for nine minutes', details: 'd'.repeat(50), source: 'pd', context: { a: '1' } });
      await store.generateIntakes({ scope: { allTenants: true } });
      const dir = mkdtempSync(join(tmpdir(), 'export-'));
      const legacy = await store.exportLegacy(join(dir, 'state.json'));
      expect(legacy.counts).toEqual({ signals: 1, intakes: 1, map: 1 });
      const jsonl = await store.exportJson(join(dir, 'export.jsonl'));
      expect(jsonl.counts).toEqual({ signals: 1, intakes: 1, metricsSnapshots: 0 });
      const fresh = await factory({ clock, ids: sequentialIds(), groupCommit: false });
      try {
        const report = await fresh.store.importLegacy({ kind: 'json-file', path: legacy.path });
        expect(report).toMatchObject({ outcome: 'imported', signals: { read: 1, inserted: 1 }, intakes: { read: 1, inserted: 1 }, mapMismatches: [] });
        const again = await fresh.store.importLegacy({ kind: 'json-file', path: legacy.path });
        expect(again.outcome).toBe('skipped-receipt');
        const [original] = (await store.listSignals({ scope: { allTenants: true } })).items;
        expect(await fresh.store.getSignal(original!.signalId, { allTenants: true })).toEqual(original);
      } finally {
        await fresh.close();
      }
    });
  });
}
