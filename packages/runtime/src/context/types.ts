import type { Message, ModelCapabilities, ToolSpec } from '../model/types.js';

/** Counts tokens of text, messages (including tool-call names and arguments) and tool schemas. */
export interface TokenCounter {
  readonly name: string;
  countText(s: string): number;
  countMessage(m: Message): number;
  countMessages(ms: readonly Message[]): number;
  countTools(ts: readonly ToolSpec[]): number;
}

/** Produces the text of a `[Context Summary]` message from older messages. */
export interface Summarizer {
  summarize(ms: readonly Message[], o: { maxTokens: number; signal: AbortSignal }): Promise<string>;
}

/** What one `fit` did: token counts before and after, the budget, the actions taken and per-component counts. */
export interface FitReport {
  before: number;
  after: number;
  available: number;
  actions: Array<'cap' | 'elide' | 'summarize' | 'drop' | 'truncate-pinned'>;
  components: Record<'system' | 'skills' | 'memory' | 'tools' | 'history' | 'stepResults', number>;
}

/** Options of one `fit` call, made by the loop before every model call. */
export interface ContextFitOptions {
  tools: readonly ToolSpec[];
  model: string;
  caps?: ModelCapabilities;
  signal: AbortSignal;
  /** The step's output cap, reserved out of the window. */
  maxOutputTokens?: number;
  /** Compact down to the low-water mark even under the threshold (after a provider context-overflow error). */
  force?: boolean;
}

/** Result of `fit`: the messages to send, or `exhausted` when pinned content alone cannot fit. */
export type ContextFitResult = { messages: Message[]; report: FitReport } | { exhausted: true; report: FitReport };

/** The context-budgeting seam the loop calls before every model call; `ContextManager` implements it. */
export interface ContextManagerLike {
  fit(ms: readonly Message[], o: ContextFitOptions): Promise<ContextFitResult>;
  snapshot?(ms: readonly Message[], tools?: readonly ToolSpec[]): { tokens: number; available: number; utilization: number };
  /** Feeds provider-reported input tokens back for calibration. */
  observe?(sent: readonly Message[], tools: readonly ToolSpec[], actualInputTokens: number): void;
}
