import type { AttributeValue } from './metric-source.js';

/** Comparison of a rule's value with its threshold. */
export type Comparator = 'gt' | 'gte' | 'lt' | 'lte' | 'eq';

/** How a window of buckets becomes one value. */
export type Aggregation = 'sum' | 'count' | 'rate' | 'increase' | 'avg' | 'min' | 'max' | 'last' | 'p95';

/** Alert severity, lowest first. */
export type Severity = 'info' | 'warning' | 'critical';

/** The window a rule aggregates over: milliseconds, since start, or the current UTC calendar day/month. */
export type AlertWindow = number | 'lifetime' | 'calendar-day' | 'calendar-month';

/** A budget level: the severity reached when the value passes `threshold`. */
export interface AlertLevel {
  severity: Severity;
  threshold: number;
}

/** A Prometheus-like alert rule over one metric (no query language). */
export interface AlertRule {
  name: string;
  metric: string;
  /** Only series whose attributes equal these values. */
  where?: Readonly<Record<string, AttributeValue>>;
  /** One alert instance per distinct tuple of these attribute values. */
  groupBy?: readonly string[];
  aggregation: Aggregation;
  window: AlertWindow;
  op: Comparator;
  threshold: number;
  /** Hysteresis: once firing, the alert stays until the value crosses this instead of `threshold`. */
  clearThreshold?: number;
  /** Budget levels (e.g. 80% warning, 100% critical); each fires at most once per budget period. */
  levels?: readonly AlertLevel[];
  /** How long the condition must hold before firing (pending meanwhile). Default 0. */
  forMs?: number;
  /** How long a firing alert stays firing after the condition stops holding. Default 0. */
  keepFiringForMs?: number;
  /** Re-notify a still-firing alert this often (`repeat` events). Default: never. */
  repeatIntervalMs?: number;
  severity: Severity;
  /** A window without data: `ok` (not met, default), `keep` (no change), `alerting` (met). */
  noData?: 'ok' | 'keep' | 'alerting';
  labels?: Readonly<Record<string, string>>;
  /** Templates with `{{value}}`, `{{threshold}}`, `{{labels.x}}`. */
  annotations?: Readonly<Record<string, string>>;
}

/** State of one (rule, group) instance. */
export type AlertState = 'inactive' | 'pending' | 'firing';

/** One (rule, group) alert instance. */
export interface AlertInstance {
  rule: string;
  key: string;
  groupLabels: Readonly<Record<string, string>>;
  state: AlertState;
  severity?: Severity;
  value: number | null;
  activeAt?: number;
  firedAt?: number;
  lastMetAt?: number;
}

/** A state transition delivered to listeners (only transitions, plus optional repeats). */
export interface AlertEvent {
  type: 'firing' | 'resolved' | 'escalated' | 'deescalated' | 'repeat';
  instance: AlertInstance;
  threshold: number;
  at: number;
  /** For `resolved`: how long the alert was firing. */
  durationMs?: number;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}

/** The reference dashboard's alert shape, as returned by `snapshot()`. */
export interface LegacyAlert {
  rule_name: string;
  metric: string;
  current_value: number;
  threshold: number;
  triggered_at: string;
}
