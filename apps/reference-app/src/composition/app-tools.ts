import type { ImprovementStore } from '@agent33/improvement-store';
import { defineTool, type ToolDefinition } from '@agent33/runtime';

/**
 * Tools the app itself offers agents: read-only views of the improvement store, so an agent can ground an answer in
 * what the organisation has learned. Scoped to the caller's tenant.
 */
export function appTools(store: ImprovementStore): ToolDefinition[] {
  return [
    defineTool<Record<string, never>, unknown>({
      name: 'learning_summary',
      description: 'Summary of the learning signals recorded so far (counts by type and severity, quality, trend).',
      inputSchema: { type: 'object', properties: {}, additionalProperties: false },
      annotations: { readOnly: true, idempotent: true },
      async execute(_input, ctx) {
        const summary = await store.summarize({ scope: { tenantId: ctx.subject.tenantId ?? 'default' }, limit: null, windowDays: 30 });
        return {
          content: JSON.stringify({
            total_signals: summary.totalSignals,
            by_type: summary.countsByType,
            by_severity: summary.countsBySeverity,
            average_quality: summary.averageQualityScore,
            trend: summary.trendDirection,
          }),
          data: summary,
        };
      },
    }) as ToolDefinition,
  ];
}
