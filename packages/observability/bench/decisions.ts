// 64 varied routing decisions shared by the telemetry benchmarks (built once, before timing).
import type { EffortLevel, EffortSource, RoutingDecision } from '../src/index.js';

const LEVELS: readonly EffortLevel[] = ['low', 'medium', 'high'];
const SOURCES: readonly EffortSource[] = ['request', 'policy', 'heuristic', 'default'];

/** Decisions cycling through every level and source, half of them with a cost. */
export function buildDecisions(): RoutingDecision[] {
  const decisions: RoutingDecision[] = [];
  for (let index = 0; index < 64; index += 1) {
    const effort = LEVELS[index % 3]!;
    const budget = 100 + ((index * 997) % 8000);
    decisions.push({
      effort,
      source: SOURCES[index % 4]!,
      routingEnabled: index % 5 !== 0,
      model: `${effort}-model`,
      maxTokens: budget,
      tokenMultiplier: effort === 'high' ? 1.5 : effort === 'low' ? 0.75 : 1,
      estimatedTokenBudget: budget,
      cost: index % 2 === 0 ? { usd: budget * 0.00001, status: 'estimated', source: 'flat_rate' } : null,
    });
  }
  return decisions;
}
