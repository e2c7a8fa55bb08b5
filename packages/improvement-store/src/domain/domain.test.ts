import { describe, expect, it } from 'vitest';
import {
  CHECKLIST_PERIODS,
  CHECKLIST_TEMPLATES,
  DEFAULT_METRICS,
  INTAKE_STATUSES,
  INTAKE_URGENCIES,
  LESSON_ACTION_STATUSES,
  LESSON_EVENT_TYPES,
  METRIC_TRENDS,
  REFRESH_SCOPES,
  RESEARCH_TYPES,
  SIGNAL_SEVERITIES,
  SIGNAL_TYPES,
  StoreValidationError,
  computeMetricTrend,
  encodeUlid,
  isoToMicros,
  microsToIso,
  sequentialIds,
  signalFingerprint,
} from '../index.js';

describe('enums and canonical definitions', () => {
  it('have the reference cardinalities', () => {
    expect([RESEARCH_TYPES, INTAKE_STATUSES, INTAKE_URGENCIES, LESSON_ACTION_STATUSES, LESSON_EVENT_TYPES, CHECKLIST_PERIODS, SIGNAL_SEVERITIES].map((e) => e.length)).toEqual([5, 7, 3, 4, 3, 3, 4]);
    expect(SIGNAL_TYPES).toHaveLength(6);
    expect(REFRESH_SCOPES).toHaveLength(4);
    expect(METRIC_TRENDS).toHaveLength(3);
    expect(CHECKLIST_PERIODS.flatMap((p) => CHECKLIST_TEMPLATES[p].map((i) => i.checkId))).toEqual(Array.from({ length: 15 }, (_, i) => `CI-${String(i + 1).padStart(2, '0')}`));
    expect(DEFAULT_METRICS.map((m) => [m.metricId, m.unit, m.target])).toEqual([
      ['IM-01', 'hours', 0],
      ['IM-02', 'percent', 15],
      ['IM-03', 'percent', 85],
      ['IM-04', 'sprints', 1],
      ['IM-05', 'items/quarter', 5],
    ]);
  });
});

describe('metric trend', () => {
  it('compares the halves with a 5% threshold', () => {
    expect(computeMetricTrend([10, 10, 12, 12])).toBe('improving');
    expect(computeMetricTrend([12, 12, 10, 10])).toBe('declining');
    expect(computeMetricTrend([10, 10.2, 10.3])).toBe('stable');
    expect(computeMetricTrend([5])).toBe('stable');
    expect(computeMetricTrend([])).toBe('stable');
    // mid = n // 2: [1] vs [2, 3]
    expect(computeMetricTrend([1, 2, 3])).toBe('improving');
    expect(computeMetricTrend([10, 10.4], 0.05)).toBe('stable');
  });
});

describe('ids, times and fingerprints', () => {
  it('ULIDs are 26 Crockford characters and sort by time', () => {
    const a = encodeUlid(1_700_000_000_000, new Uint8Array(10));
    const b = encodeUlid(1_700_000_000_001, new Uint8Array(10).fill(255));
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(a < b).toBe(true);
    const ids = sequentialIds();
    expect(ids.next('LS', 0)).not.toBe(ids.next('LS', 0));
  });

  it('round-trips microsecond ISO timestamps and accepts offsets', () => {
    expect(microsToIso(isoToMicros('2026-01-02T03:04:05.123456Z'))).toBe('2026-01-02T03:04:05.123456Z');
    expect(microsToIso(isoToMicros('2026-01-02T05:04:05+02:00'))).toBe('2026-01-02T03:04:05.000000Z');
    expect(microsToIso(isoToMicros('2026-01-02T03:04:05'))).toBe('2026-01-02T03:04:05.000000Z');
    expect(() => isoToMicros('2026-02-30T00:00:00Z')).toThrow(StoreValidationError);
    expect(() => isoToMicros('soon')).toThrow(StoreValidationError);
  });

  it('fingerprints normalise whitespace and case, and separate tenants, types and sources', () => {
    const f = signalFingerprint('t', 'bug', '  Cache   MISS ', 'Grafana');
    expect(signalFingerprint('t', 'bug', 'cache miss', 'grafana')).toBe(f);
    expect(signalFingerprint('u', 'bug', 'cache miss', 'grafana')).not.toBe(f);
    expect(signalFingerprint('t', 'incident', 'cache miss', 'grafana')).not.toBe(f);
    expect(signalFingerprint('t', 'bug', 'cache miss', '')).not.toBe(f);
  });
});
