import type { Message, ToolMessage, ToolSpec } from '../model/types.js';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import { CalibratedCounter } from './calibrate.js';
import { measureComponents } from './components.js';
import { HeuristicCounter } from './counter.js';
import { DEFAULT_CONTEXT_WINDOW, lookupContextWindow } from './limits.js';
import { ExtractiveSummarizer } from './summarizer.js';
import { elisionMarker, isElided, truncateMiddle } from './truncate-text.js';
import type { ContextFitOptions, ContextFitResult, ContextManagerLike, FitReport, Summarizer, TokenCounter } from './types.js';
import { fromUnits, SUMMARY_PREFIX, toUnits, type ContextUnit } from './units.js';

/** Settings of a {@link ContextManager}; every field has a default. */
export interface ContextPolicy {
  /** Window used when neither the provider's capabilities nor the limits table know the model. Default 128k. */
  contextWindow?: number;
  /** Tokens kept free for the reply when the step sets no `maxOutputTokens`. Default 4,096. */
  reservedForOutput?: number;
  /** Share of the window kept free for counting error. Default 0.03. */
  safetyMargin?: number;
  /** Compaction starts above this share of the available budget. Default 0.75 (parity). */
  summarizeThreshold?: number;
  /** Compaction stops at or under this share of the available budget (hysteresis). Default 0.6. */
  lowWaterMark?: number;
  /** Turns (and, for summaries, units) kept untouched at the end. Default 4. */
  keepRecentTurns?: number;
  /** Pin the first user message (the task). Default true. */
  pinTask?: boolean;
  /** Pin the last user message. Default true; `false` is the reference's behaviour. */
  pinLastUser?: boolean;
  /** Per tool result cap, head + tail. Default 15,000 characters (parity). */
  maxToolResultChars?: number;
  /** Cap of the current step's tool results together, as a share of the available budget. Default 0.4. */
  maxStepToolResultsShare?: number;
  /** Token counter. Default {@link HeuristicCounter}. */
  counter?: TokenCounter;
  /** Summariser for older units; without one, older units are dropped (parity: no router → unwind). */
  summarizer?: Summarizer;
  /** Token cap of the summary message. Default min(1,000, 10% of the available budget). */
  summaryMaxTokens?: number;
  /** Context-window table consulted before `contextWindow`. Default {@link MODEL_CONTEXT_LIMITS}. */
  limits?: Readonly<Record<string, number>>;
}

type Action = FitReport['actions'][number];
const ROLES = new Set(['system', 'user', 'assistant', 'tool']);
/** Successively harder caps for tool results inside pinned units, when pinned content alone is over budget. */
const PINNED_CAPS = [4_000, 1_000, 200];
const PINNED_SUMMARY_CHARS = 400;

function share(value: number | undefined, fallback: number, name: string, max = 1): number {
  const resolved = value ?? fallback;
  if (!Number.isFinite(resolved) || resolved < 0 || resolved > max) throw new RuntimeOptionsError(`ContextPolicy.${name} must be between 0 and ${max}, got ${String(value)}`);
  return resolved;
}

function count(value: number | undefined, fallback: number, name: string): number {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < 0) throw new RuntimeOptionsError(`ContextPolicy.${name} must be an integer >= 0, got ${String(value)}`);
  return resolved;
}

function validateMessages(ms: readonly Message[]): void {
  if (!Array.isArray(ms)) throw new RuntimeOptionsError('ContextManager.fit: messages must be an array');
  ms.forEach((m, index) => {
    if (typeof m !== 'object' || m === null || !ROLES.has(m.role)) throw new RuntimeOptionsError(`ContextManager.fit: messages[${index}] has no valid role`);
    const contentOk = typeof m.content === 'string' || (m.role === 'user' && Array.isArray(m.content));
    if (!contentOk) throw new RuntimeOptionsError(`ContextManager.fit: messages[${index}] (${m.role}) has no string content`);
    if (m.role === 'tool' && (typeof m.toolCallId !== 'string' || typeof m.toolName !== 'string')) {
      throw new RuntimeOptionsError(`ContextManager.fit: messages[${index}] is a tool message without toolCallId / toolName`);
    }
  });
}

function withContent(m: ToolMessage, content: string): ToolMessage {
  return { ...m, content };
}

/**
 * Turn-atomic context budgeting, run before every model call. Under the threshold it changes nothing; above it,
 * it applies cap → elide → summarise → drop until the low-water mark is met, never separating a tool result from
 * its call and never touching system messages, the task, the last user turn or the summary. When pinned content
 * alone cannot fit it answers `exhausted` and the loop ends with `context_exhausted` instead of sending.
 */
export class ContextManager implements ContextManagerLike {
  private readonly counter: TokenCounter;
  private readonly summarizer: Summarizer | undefined;
  private readonly fallbackSummarizer = new ExtractiveSummarizer();
  private readonly policy: Required<Omit<ContextPolicy, 'counter' | 'summarizer' | 'summaryMaxTokens' | 'limits'>> & { summaryMaxTokens?: number; limits?: Readonly<Record<string, number>> };

  constructor(p: ContextPolicy = {}) {
    if (typeof p !== 'object' || p === null) throw new RuntimeOptionsError('ContextManager policy must be an object');
    const summarizeThreshold = share(p.summarizeThreshold, 0.75, 'summarizeThreshold');
    const lowWaterMark = share(p.lowWaterMark, 0.6, 'lowWaterMark');
    if (lowWaterMark > summarizeThreshold) throw new RuntimeOptionsError(`ContextPolicy.lowWaterMark (${lowWaterMark}) must not exceed summarizeThreshold (${summarizeThreshold})`);
    this.policy = {
      contextWindow: count(p.contextWindow, DEFAULT_CONTEXT_WINDOW, 'contextWindow'),
      reservedForOutput: count(p.reservedForOutput, 4_096, 'reservedForOutput'),
      safetyMargin: share(p.safetyMargin, 0.03, 'safetyMargin', 0.5),
      summarizeThreshold,
      lowWaterMark,
      keepRecentTurns: count(p.keepRecentTurns, 4, 'keepRecentTurns'),
      pinTask: p.pinTask ?? true,
      pinLastUser: p.pinLastUser ?? true,
      maxToolResultChars: count(p.maxToolResultChars, 15_000, 'maxToolResultChars'),
      maxStepToolResultsShare: share(p.maxStepToolResultsShare, 0.4, 'maxStepToolResultsShare'),
      ...(p.summaryMaxTokens === undefined ? {} : { summaryMaxTokens: count(p.summaryMaxTokens, 1_000, 'summaryMaxTokens') }),
      ...(p.limits === undefined ? {} : { limits: p.limits }),
    };
    this.counter = p.counter ?? new HeuristicCounter();
    this.summarizer = p.summarizer;
  }

  /** The window for `model`: provider capabilities, then the limits table, then the policy, then 128k. */
  contextWindow(model: string, caps?: { contextWindow?: number }): number {
    return caps?.contextWindow ?? lookupContextWindow(model, this.policy.limits) ?? this.policy.contextWindow;
  }

  /** Tokens the messages may use: window − reserved output − tool schemas − safety margin. */
  available(window: number, toolTokens: number, reservedForOutput = this.policy.reservedForOutput): number {
    return Math.max(0, window - reservedForOutput - toolTokens - Math.ceil(window * this.policy.safetyMargin));
  }

  /**
   * Current usage against the budget, without changing anything (uses the policy's window): tokens, available,
   * utilisation (1 when nothing is available), headroom, and whether a fit would compact or is already over budget.
   */
  snapshot(
    ms: readonly Message[],
    tools: readonly ToolSpec[] = [],
  ): { tokens: number; available: number; utilization: number; headroom: number; needsCompaction: boolean; overBudget: boolean } {
    const tokens = this.counter.countMessages(ms);
    const available = this.available(this.policy.contextWindow, this.counter.countTools(tools));
    return {
      tokens,
      available,
      utilization: available === 0 ? 1 : tokens / available,
      headroom: Math.max(0, available - tokens),
      needsCompaction: tokens > Math.floor(available * this.policy.summarizeThreshold),
      overBudget: tokens > available,
    };
  }

  /** Forwards provider-reported input tokens to a {@link CalibratedCounter}; other counters ignore it. */
  observe(sent: readonly Message[], tools: readonly ToolSpec[], actualInputTokens: number): void {
    if (this.counter instanceof CalibratedCounter) this.counter.observe(sent, tools, actualInputTokens);
  }

  async fit(ms: readonly Message[], o: ContextFitOptions): Promise<ContextFitResult> {
    validateMessages(ms);
    if (typeof o !== 'object' || o === null || typeof o.model !== 'string') throw new RuntimeOptionsError('ContextManager.fit: options with a model id are required');
    const tools = o.tools ?? [];
    const toolTokens = this.counter.countTools(tools);
    const available = this.available(this.contextWindow(o.model, o.caps), toolTokens, o.maxOutputTokens ?? this.policy.reservedForOutput);
    const before = this.counter.countMessages(ms);
    const report = (messages: readonly Message[], after: number, actions: Action[]): FitReport => ({
      before,
      after,
      available,
      actions,
      components: measureComponents(messages, toolTokens, this.counter),
    });
    if (before <= Math.floor(available * this.policy.summarizeThreshold) && o.force !== true) {
      return { messages: [...ms], report: report(ms, before, []) };
    }

    const lowWater = Math.floor(available * this.policy.lowWaterMark);
    const target = o.force === true ? Math.min(lowWater, Math.floor(before / 2)) : lowWater;
    let units = toUnits(ms, { pinTask: this.policy.pinTask, pinLastUser: this.policy.pinLastUser });
    const actions: Action[] = [];
    let total = before;
    const recount = (): number => (total = this.counter.countMessages(fromUnits(units)));

    if (this.cap(units, available)) actions.push('cap');
    if (recount() > target && this.elide(units)) {
      actions.push('elide');
      recount();
    }
    if (total > target && this.summarizer !== undefined) {
      const summarized = await this.summarize(units, available, o.signal ?? new AbortController().signal);
      if (summarized !== undefined) {
        units = summarized;
        actions.push('summarize');
        recount();
      }
    }
    if (total > target) {
      const kept = this.drop(units, target);
      if (kept.length < units.length) {
        units = kept;
        actions.push('drop');
        recount();
      }
    }
    if (total > available && this.truncatePinned(units, available)) {
      actions.push('truncate-pinned');
      recount();
    }
    const messages = fromUnits(units);
    if (total > available) return { exhausted: true, report: report(messages, total, actions) };
    return { messages, report: report(messages, total, actions) };
  }

  /** Strategy 1: cap each tool result, then the current step's results together. */
  private cap(units: ContextUnit[], available: number): boolean {
    let changed = false;
    for (const unit of units) {
      unit.messages = unit.messages.map((m) => {
        if (m.role !== 'tool' || m.content.length <= this.policy.maxToolResultChars) return m;
        changed = true;
        return withContent(m, truncateMiddle(m.content, this.policy.maxToolResultChars));
      });
    }
    const current = units.at(-1);
    if (current?.kind === 'turn') {
      const allowed = Math.floor(available * this.policy.maxStepToolResultsShare);
      // Scale every result by the same factor, in characters (a proxy for tokens); a few rounds absorb the error.
      for (let round = 0; round < 4; round += 1) {
        const results = current.messages.filter((m): m is ToolMessage => m.role === 'tool');
        const used = results.reduce((sum, m) => sum + this.counter.countText(m.content), 0);
        if (used <= allowed || used === 0) break;
        const factor = (allowed / used) * (round === 0 ? 1 : 0.9);
        current.messages = current.messages.map((m) => {
          if (m.role !== 'tool') return m;
          const capped = truncateMiddle(m.content, Math.floor(m.content.length * factor));
          if (capped === m.content) return m;
          changed = true;
          return withContent(m, capped);
        });
      }
    }
    return changed;
  }

  /** Strategy 2: replace the results of turns older than `keepRecentTurns` with a short marker. */
  private elide(units: ContextUnit[]): boolean {
    const turns = units.filter((unit) => unit.kind === 'turn');
    const old = turns.slice(0, Math.max(0, turns.length - this.policy.keepRecentTurns));
    let changed = false;
    for (const unit of old) {
      if (unit.pinned) continue;
      unit.messages = unit.messages.map((m) => {
        if (m.role !== 'tool' || isElided(m.content)) return m;
        const marker = elisionMarker(m.content.length, m.toolName);
        if (marker.length >= m.content.length) return m;
        changed = true;
        return withContent(m, marker);
      });
    }
    return changed;
  }

  /**
   * Strategy 3: fold every non-pinned unit except the most recent `keepRecentTurns` (and any previous summary) into
   * one `[Context Summary]` message placed after the system messages and the task. A failing summariser falls back
   * to the extractive summary. Returns undefined when there is nothing to fold.
   */
  private async summarize(units: ContextUnit[], available: number, signal: AbortSignal): Promise<ContextUnit[] | undefined> {
    const movable = units.filter((unit) => !unit.pinned);
    const folded = new Set(movable.slice(0, Math.max(0, movable.length - this.policy.keepRecentTurns)));
    if (folded.size === 0) return undefined;
    const previous = units.filter((unit) => unit.kind === 'summary');
    const input = [...previous, ...units.filter((unit) => folded.has(unit))].flatMap((unit) => unit.messages);
    const maxTokens = Math.max(1, this.policy.summaryMaxTokens ?? Math.min(1_000, Math.floor(available * 0.1)));
    let text: string;
    try {
      if (signal.aborted) throw signal.reason;
      text = await (this.summarizer as Summarizer).summarize(input, { maxTokens, signal });
      if (typeof text !== 'string' || text.trim().length === 0) throw new Error('empty summary');
    } catch {
      text = await this.fallbackSummarizer.summarize(input);
    }
    text = this.clampText(text, maxTokens);
    const summary: ContextUnit = { kind: 'summary', messages: [{ role: 'user', content: SUMMARY_PREFIX + text }], pinned: true };
    const rest = units.filter((unit) => !folded.has(unit) && unit.kind !== 'summary');
    let at = 0;
    while (at < rest.length && rest[at]?.kind === 'system') at += 1;
    if (rest[at]?.kind === 'task') at += 1;
    return [...rest.slice(0, at), summary, ...rest.slice(at)];
  }

  private clampText(text: string, maxTokens: number): string {
    let clamped = text;
    for (let round = 0; round < 8 && this.counter.countText(clamped) > maxTokens; round += 1) {
      const ratio = maxTokens / this.counter.countText(clamped);
      clamped = clamped.slice(0, Math.max(0, Math.floor(clamped.length * ratio * 0.95)));
    }
    return clamped;
  }

  /** Strategy 4: drop orphans, then the oldest non-pinned units, until the target is met. */
  private drop(units: ContextUnit[], target: number): ContextUnit[] {
    const order = [...units.filter((unit) => unit.kind === 'orphan'), ...units.filter((unit) => !unit.pinned && unit.kind !== 'orphan')];
    const dropped = new Set<ContextUnit>();
    const remaining = (): ContextUnit[] => units.filter((candidate) => !dropped.has(candidate));
    // Subtract per-message counts as units go (O(n)), then confirm with a full recount: wrapped counters may round.
    let total = this.counter.countMessages(fromUnits(units));
    let next = 0;
    while (next < order.length) {
      for (; next < order.length && total > target; next += 1) {
        const unit = order[next] as ContextUnit;
        dropped.add(unit);
        for (const m of unit.messages) total -= this.counter.countMessage(m);
      }
      total = this.counter.countMessages(fromUnits(remaining()));
      if (total <= target) break;
    }
    return units.filter((unit) => !dropped.has(unit));
  }

  /** Strategy 5: cut tool results inside pinned units, then the summary, harder; true when anything changed. */
  private truncatePinned(units: ContextUnit[], available: number): boolean {
    let changed = false;
    const over = (): boolean => this.counter.countMessages(fromUnits(units)) > available;
    for (const limit of PINNED_CAPS) {
      if (!over()) break;
      for (const unit of units) {
        if (!unit.pinned) continue;
        unit.messages = unit.messages.map((m) => {
          if (m.role !== 'tool' || m.content.length <= limit) return m;
          changed = true;
          return withContent(m, truncateMiddle(m.content, limit));
        });
      }
    }
    if (over()) {
      for (const unit of units) {
        const m = unit.messages[0];
        if (unit.kind !== 'summary' || m?.role !== 'user' || typeof m.content !== 'string') continue;
        if (m.content.length <= PINNED_SUMMARY_CHARS) continue;
        unit.messages = [{ role: 'user', content: m.content.slice(0, PINNED_SUMMARY_CHARS) }];
        changed = true;
      }
    }
    return changed;
  }
}
