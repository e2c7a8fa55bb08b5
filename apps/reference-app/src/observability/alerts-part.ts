import {
  createAlertEngine,
  createInProcessAggregator,
  defaultEffortAlertRules,
  effortAlertSettingsFromEnv,
  type AlertEngine,
  type AlertEvent,
  type BucketedAggregator,
  type Clock,
} from '@agent33/observability';
import type { Meter } from '@opentelemetry/api';
import type { ComponentBoard } from '../composition/components.js';
import type { Logger } from '../composition/logger.js';
import { ConfigError } from '../errors/index.js';

/** The alert engine over the in-process aggregator that telemetry tees into. */
export interface AlertsPart {
  aggregator: BucketedAggregator;
  engine: AlertEngine;
  /** Transitions since start, newest last (bounded). */
  history(): readonly AlertEvent[];
  stop(): void;
}

/**
 * Builds the windowed alert engine with the default effort rules (thresholds from the reference's
 * `OBSERVABILITY_EFFORT_ALERT_*` variables), evaluates it on an unref'd timer, logs every transition and counts it as
 * `agent33.alerts.transitions`, and exposes the number of firing alerts as the gauge `agent33.alerts.firing`.
 */
export function composeAlerts(opts: {
  env: Record<string, string | undefined>;
  clock: Clock;
  meter: Meter;
  logger: Logger;
  board: ComponentBoard;
  intervalMs: number;
}): AlertsPart {
  const settings = effortAlertSettingsFromEnv(opts.env);
  if (!settings.ok) {
    throw new ConfigError(settings.error.map((e) => ({ key: 'alerts', source: 'env OBSERVABILITY_EFFORT_ALERT_*', message: e.message })));
  }
  const aggregator = createInProcessAggregator({ clock: opts.clock });
  const engine = createAlertEngine({
    source: aggregator,
    rules: settings.value.enabled ? defaultEffortAlertRules(settings.value) : [],
    clock: opts.clock,
  });
  const events: AlertEvent[] = [];
  const transitions = opts.meter.createCounter('agent33.alerts.transitions', {
    unit: '{transition}',
    description: 'Alert state transitions (firing, resolved, escalated, deescalated, repeat)',
  });
  opts.meter
    .createObservableGauge('agent33.alerts.firing', { unit: '{alert}', description: 'Alert instances currently firing' })
    .addCallback((r) => r.observe(engine.instances().filter((i) => i.state === 'firing').length));
  engine.onEvent((e) => {
    events.push(e);
    if (events.length > 200) events.shift();
    transitions.add(1, { 'agent33.alert.rule': e.instance.rule, 'agent33.alert.transition': e.type });
    const line = `alert ${e.instance.rule} ${e.type} (value ${e.instance.value ?? 'n/a'}, threshold ${e.threshold})`;
    if (e.type === 'resolved') opts.logger.info(line);
    else opts.logger.warn(line);
  });
  const timer = engine.start({ intervalMs: opts.intervalMs });
  opts.board.set({
    name: 'alerts',
    state: 'ready',
    detail: `${engine.rules().length} rules, evaluated every ${opts.intervalMs} ms`,
    required: false,
  });
  return { aggregator, engine, history: () => events, stop: () => timer.stop() };
}
