import { systemClock, type Clock } from '../clock.js';
import { ConfigError } from '../errors/config-error.js';
import { err, ok, type Result } from '../result.js';
import type { MetricSnapshot, MetricSource } from './metric-source.js';
import { validateAlertRule } from './rule-validation.js';
import { SeriesStore, calendarStart, type Series } from './series-store.js';
import type { AlertEvent, AlertInstance, AlertRule, Comparator, LegacyAlert, Severity } from './types.js';

/** The alert engine: rules over a metric source, a state machine per (rule, group), events on transitions. */
export interface AlertEngine {
  addRule(rule: AlertRule): Result<void, ConfigError>;
  removeRule(name: string): boolean;
  rules(): readonly AlertRule[];
  /** Collects from the source, evaluates every rule at `now` (default: the clock) and delivers the events. */
  evaluate(now?: number): Promise<readonly AlertEvent[]>;
  /** Currently met conditions without state, in the reference dashboard's shape. */
  snapshot(now?: number): readonly LegacyAlert[];
  /** Instances that are pending or firing (all tracked instances, with their last value, with `includeInactive`). */
  instances(options?: { includeInactive?: boolean }): readonly AlertInstance[];
  onEvent(listener: (event: AlertEvent) => void | Promise<void>): () => void;
  /** Evaluates every `intervalMs` on an unref'd timer. */
  start(options: { intervalMs: number }): { stop(): void };
}

/** Options of {@link createAlertEngine}. */
export interface AlertEngineOptions {
  source: MetricSource;
  rules?: readonly AlertRule[];
  clock?: Clock;
  /** Bucket width of the engine's window store (ms). Default 10 000. */
  resolutionMs?: number;
  /** Fine-window retention (ms). Default: the longest numeric rule window, at least 1 h. */
  retainMs?: number;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

function compare(op: Comparator, value: number, threshold: number): boolean {
  switch (op) {
    case 'gt':
      return value > threshold;
    case 'gte':
      return value >= threshold;
    case 'lt':
      return value < threshold;
    case 'lte':
      return value <= threshold;
    case 'eq':
      return value === threshold;
  }
}

/** While firing with a clear threshold, the alert holds until the value crosses it the other way. */
function stillMet(rule: AlertRule, value: number): boolean {
  if (rule.clearThreshold === undefined || rule.op === 'eq') return compare(rule.op, value, rule.threshold);
  return rule.op === 'gt' || rule.op === 'gte' ? value >= rule.clearThreshold : value <= rule.clearThreshold;
}

function render(template: string, value: number | null, threshold: number, labels: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*(value|threshold|labels\.([A-Za-z0-9_.-]+))\s*\}\}/g, (_match, name: string, label: string | undefined) => {
    if (name === 'value') return value === null ? 'no data' : String(value);
    if (name === 'threshold') return String(threshold);
    return labels[label ?? ''] ?? '';
  });
}

interface InstanceState extends AlertInstance {
  lastNotifiedAt?: number;
  period?: number;
  levelsFired: Set<Severity>;
}

class Engine implements AlertEngine {
  private readonly source: MetricSource;
  private readonly clock: Clock;
  private readonly store: SeriesStore;
  private readonly ruleMap = new Map<string, AlertRule>();
  private readonly states = new Map<string, Map<string, InstanceState>>();
  private readonly listeners = new Set<(event: AlertEvent) => void | Promise<void>>();

  constructor(options: AlertEngineOptions) {
    if (!options || typeof options.source?.collect !== 'function') throw new ConfigError('OBS_BAD_CONFIG', 'source must be a MetricSource', { path: 'source' });
    this.source = options.source;
    this.clock = options.clock ?? systemClock;
    const longest = Math.max(3_600_000, ...(options.rules ?? []).map((rule) => (typeof rule.window === 'number' ? rule.window : 0)));
    this.store = new SeriesStore(options.resolutionMs ?? 10_000, options.retainMs ?? longest + (options.resolutionMs ?? 10_000));
    for (const rule of options.rules ?? []) {
      const added = this.addRule(rule);
      if (!added.ok) throw added.error;
    }
  }

  addRule(rule: AlertRule): Result<void, ConfigError> {
    const valid = validateAlertRule(rule);
    if (!valid.ok) return err(valid.error);
    if (this.ruleMap.has(rule.name)) return err(new ConfigError('OBS_BAD_RULE', `a rule named ${rule.name} already exists`, { path: `rule(${rule.name}).name` }));
    this.ruleMap.set(rule.name, { ...rule });
    this.states.set(rule.name, new Map());
    return ok(undefined);
  }

  removeRule(name: string): boolean {
    const rule = this.ruleMap.get(name);
    if (rule) this.groupCache.delete(rule);
    this.states.delete(name);
    return this.ruleMap.delete(name);
  }

  rules(): readonly AlertRule[] {
    return [...this.ruleMap.values()];
  }

  onEvent(listener: (event: AlertEvent) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private ingest(result: MetricSnapshot | readonly MetricSnapshot[]): void {
    if (Array.isArray(result)) for (const snapshot of result as readonly MetricSnapshot[]) this.store.ingest(snapshot);
    else this.store.ingest(result as MetricSnapshot);
  }

  /** Drains the source; the in-process aggregator hands over its buckets one by one to keep their timing. */
  private pull(): Promise<void> | void {
    const bucketed = this.source as { collectBuckets?: () => MetricSnapshot[] };
    if (typeof bucketed.collectBuckets === 'function') {
      this.ingest(bucketed.collectBuckets());
      return;
    }
    const result = this.source.collect();
    if (result instanceof Promise) return result.then((snapshot) => this.ingest(snapshot));
    this.ingest(result);
  }

  private readonly groupCache = new Map<AlertRule, { version: number; groups: Map<string, { labels: Record<string, string>; series: Series[] }> }>();

  /** A rule's groups, recomputed only when new series have appeared. */
  private groups(rule: AlertRule): Map<string, { labels: Record<string, string>; series: Series[] }> {
    const cached = this.groupCache.get(rule);
    if (cached && cached.version === this.store.version) return cached.groups;
    const groups = this.computeGroups(rule);
    this.groupCache.set(rule, { version: this.store.version, groups });
    return groups;
  }

  private computeGroups(rule: AlertRule): Map<string, { labels: Record<string, string>; series: Series[] }> {
    const groups = new Map<string, { labels: Record<string, string>; series: Series[] }>();
    for (const series of this.store.select(rule.metric, rule.where)) {
      const labels: Record<string, string> = {};
      for (const key of rule.groupBy ?? []) labels[key] = series.attributes[key] === undefined ? '' : String(series.attributes[key]);
      const key = JSON.stringify(rule.groupBy?.map((name) => labels[name]) ?? []);
      const group = groups.get(key) ?? { labels, series: [] };
      group.series.push(series);
      groups.set(key, group);
    }
    if (groups.size === 0 && (rule.groupBy ?? []).length === 0) groups.set('[]', { labels: {}, series: [] });
    return groups;
  }

  private levelFor(rule: AlertRule, value: number): { severity: Severity; threshold: number } | undefined {
    let best: { severity: Severity; threshold: number } | undefined;
    for (const level of rule.levels ?? []) {
      if (compare(rule.op, value, level.threshold) && (!best || SEVERITY_RANK[level.severity] > SEVERITY_RANK[best.severity])) best = level;
    }
    return best;
  }

  private event(type: AlertEvent['type'], rule: AlertRule, state: InstanceState, threshold: number, at: number, durationMs?: number): AlertEvent {
    const instance = this.publicInstance(state);
    const labels: Record<string, string> = { ...(rule.labels ?? {}), ...state.groupLabels, alertname: rule.name, severity: state.severity ?? rule.severity };
    const annotations: Record<string, string> = {};
    for (const [key, template] of Object.entries(rule.annotations ?? {})) annotations[key] = render(template, state.value, threshold, labels);
    const event: AlertEvent = { type, instance, threshold, at, labels, annotations };
    if (durationMs !== undefined) event.durationMs = durationMs;
    return event;
  }

  private publicInstance(state: InstanceState): AlertInstance {
    const { levelsFired: _levels, lastNotifiedAt: _notified, period: _period, ...instance } = state;
    return { ...instance, groupLabels: { ...instance.groupLabels } };
  }

  private step(rule: AlertRule, state: InstanceState, value: number | null, now: number, events: AlertEvent[]): void {
    state.value = value;
    const noData = rule.noData ?? 'ok';
    if (value === null && noData === 'keep') return;
    const firing = state.state === 'firing';
    const met = value === null ? noData === 'alerting' : firing ? stillMet(rule, value) : compare(rule.op, value, rule.levels ? Math.min(...rule.levels.map((level) => level.threshold)) : rule.threshold);

    if (rule.levels && rule.window !== 'lifetime' && typeof rule.window === 'string') {
      // Budget levels fire once per level per calendar period.
      const period = calendarStart(rule.window, now);
      if (state.period !== period) {
        state.period = period;
        state.levelsFired.clear();
      }
    }
    const level = rule.levels && value !== null ? this.levelFor(rule, value) : undefined;

    if (met) {
      state.lastMetAt = now;
      if (state.state === 'inactive') {
        state.state = 'pending';
        state.activeAt = now;
      }
      if (state.state === 'pending' && now - (state.activeAt ?? now) >= (rule.forMs ?? 0)) {
        if (rule.levels && level && state.levelsFired.has(level.severity)) return;
        state.state = 'firing';
        state.firedAt = now;
        state.severity = level?.severity ?? rule.severity;
        state.lastNotifiedAt = now;
        if (level) state.levelsFired.add(level.severity);
        events.push(this.event('firing', rule, state, level?.threshold ?? rule.threshold, now));
        return;
      }
      if (state.state === 'firing') {
        if (level && level.severity !== state.severity) {
          const up = SEVERITY_RANK[level.severity] > SEVERITY_RANK[state.severity ?? rule.severity];
          if (!up || !state.levelsFired.has(level.severity)) {
            state.severity = level.severity;
            state.levelsFired.add(level.severity);
            state.lastNotifiedAt = now;
            events.push(this.event(up ? 'escalated' : 'deescalated', rule, state, level.threshold, now));
            return;
          }
        }
        if (rule.repeatIntervalMs !== undefined && now - (state.lastNotifiedAt ?? now) >= rule.repeatIntervalMs) {
          state.lastNotifiedAt = now;
          events.push(this.event('repeat', rule, state, level?.threshold ?? rule.threshold, now));
        }
      }
      return;
    }

    if (state.state === 'pending') {
      state.state = 'inactive';
      delete state.activeAt;
      return;
    }
    if (state.state === 'firing' && now - (state.lastMetAt ?? now) >= (rule.keepFiringForMs ?? 0)) {
      const firedAt = state.firedAt ?? now;
      const event = this.event('resolved', rule, state, rule.threshold, now, now - firedAt);
      state.state = 'inactive';
      delete state.activeAt;
      delete state.firedAt;
      delete state.severity;
      events.push(event);
    }
  }

  async evaluate(now?: number): Promise<readonly AlertEvent[]> {
    await this.pull();
    const at = now ?? this.clock.now();
    const events: AlertEvent[] = [];
    for (const rule of this.ruleMap.values()) {
      const states = this.states.get(rule.name)!;
      const seen = new Set<string>();
      for (const [key, group] of this.groups(rule)) {
        seen.add(key);
        let state = states.get(key);
        if (!state) {
          state = { rule: rule.name, key, groupLabels: group.labels, state: 'inactive', value: null, levelsFired: new Set() };
          states.set(key, state);
        }
        this.step(rule, state, this.store.aggregate(group.series, rule.aggregation, rule.window, at), at, events);
      }
      // A group whose series vanished altogether is evaluated as no data.
      for (const [key, state] of states) if (!seen.has(key)) this.step(rule, state, null, at, events);
    }
    await Promise.allSettled(events.flatMap((event) => [...this.listeners].map(async (listener) => listener(event))));
    return events;
  }

  snapshot(now?: number): readonly LegacyAlert[] {
    const pulled = this.pull();
    if (pulled instanceof Promise) pulled.catch(() => undefined);
    const at = now ?? this.clock.now();
    const out: LegacyAlert[] = [];
    for (const rule of this.ruleMap.values()) {
      for (const group of this.groups(rule).values()) {
        const value = this.store.aggregate(group.series, rule.aggregation, rule.window, at);
        if (value !== null && compare(rule.op, value, rule.threshold)) {
          out.push({ rule_name: rule.name, metric: rule.metric, current_value: value, threshold: rule.threshold, triggered_at: new Date(at).toISOString() });
        }
      }
    }
    return out;
  }

  instances(options: { includeInactive?: boolean } = {}): readonly AlertInstance[] {
    const out: AlertInstance[] = [];
    for (const states of this.states.values()) {
      for (const state of states.values()) if (options.includeInactive === true || state.state !== 'inactive') out.push(this.publicInstance(state));
    }
    return out;
  }

  start(options: { intervalMs: number }): { stop(): void } {
    if (!(Number.isFinite(options?.intervalMs) && options.intervalMs > 0)) throw new ConfigError('OBS_BAD_CONFIG', 'intervalMs must be a finite number > 0', { path: 'intervalMs' });
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.evaluate()
        .catch(() => undefined)
        .finally(() => {
          running = false;
        });
    }, options.intervalMs);
    timer.unref?.();
    return { stop: () => clearInterval(timer) };
  }
}

/**
 * Creates an alert engine. Rules are Prometheus-like (metric, filter, group-by, aggregation over a sliding or
 * calendar window, comparison, clear threshold, `forMs`, `keepFiringForMs`, levels); each (rule, group) runs
 * inactive → pending → firing, and only transitions (`firing`, `resolved`, `escalated`, `deescalated`, optional
 * `repeat`) reach listeners. Throws {@link ConfigError} when an initial rule is invalid.
 */
export function createAlertEngine(options: AlertEngineOptions): AlertEngine {
  return new Engine(options);
}
