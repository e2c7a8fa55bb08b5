import type { RoutingDecision } from '@agent33/observability';
import type { RuntimeHooks } from '@agent33/runtime';

/** Counts of effort-routing decisions since start, as the effort summary route reports them. */
export interface EffortSummary {
  total: number;
  byEffort: Record<string, number>;
  bySource: Record<string, number>;
  routingEnabled: number;
  shadow: number;
  byModel: Record<string, number>;
  averageTokenBudget: number | null;
  estimatedCostUsd: number;
  recent: Array<{ at: string; effort: string; source: string; model: string; tokenBudget: number; routingEnabled: boolean }>;
}

/**
 * Tallies every routing decision the runtime reports (through its `onRoutingDecision` notification hook) for the
 * effort summary route; OpenTelemetry metrics and the alert engine get the same decisions through telemetry.
 */
export class EffortTally {
  private total = 0;
  private readonly byEffort: Record<string, number> = {};
  private readonly bySource: Record<string, number> = {};
  private readonly byModel: Record<string, number> = {};
  private enabled = 0;
  private budgetSum = 0;
  private costSum = 0;
  private readonly recent: EffortSummary['recent'] = [];

  constructor(
    private readonly now: () => number,
    private readonly keepRecent = 20,
  ) {}

  /** Records one decision. */
  add(d: RoutingDecision): void {
    this.total += 1;
    this.byEffort[d.effort] = (this.byEffort[d.effort] ?? 0) + 1;
    this.bySource[d.source] = (this.bySource[d.source] ?? 0) + 1;
    this.byModel[d.model] = (this.byModel[d.model] ?? 0) + 1;
    if (d.routingEnabled) this.enabled += 1;
    this.budgetSum += d.estimatedTokenBudget;
    this.costSum += d.cost?.usd ?? 0;
    this.recent.push({
      at: new Date(this.now()).toISOString(),
      effort: d.effort,
      source: d.source,
      model: d.model,
      tokenBudget: d.estimatedTokenBudget,
      routingEnabled: d.routingEnabled,
    });
    if (this.recent.length > this.keepRecent) this.recent.shift();
  }

  /** A runtime hook that feeds this tally. */
  hooks(): RuntimeHooks {
    return { onRoutingDecision: (d) => this.add(d) };
  }

  summary(): EffortSummary {
    return {
      total: this.total,
      byEffort: { ...this.byEffort },
      bySource: { ...this.bySource },
      routingEnabled: this.enabled,
      shadow: this.total - this.enabled,
      byModel: { ...this.byModel },
      averageTokenBudget: this.total === 0 ? null : Math.round(this.budgetSum / this.total),
      estimatedCostUsd: Number(this.costSum.toFixed(6)),
      recent: [...this.recent].reverse(),
    };
  }
}
