import type { StopCondition } from './types.js';

/** Stops after `n` steps. */
export const stepCountIs = (n: number): StopCondition => ({ steps }) => steps.length >= n;

/** Stops after a step that called any of the named tools successfully. */
export const hasToolCall = (...names: string[]): StopCondition => ({ last }) =>
  last.toolOutcomes.some((o) => o.kind === 'ok' && names.includes(o.tool));
