import type { Message } from '../model/types.js';

/** The prefix that marks the one summary message the context manager maintains. */
export const SUMMARY_PREFIX = '[Context Summary]\n';

/**
 * The atoms of trimming. A `turn` is an assistant message with tool calls plus every tool message answering it, so
 * a turn is kept, elided, summarised or dropped as a whole and never orphans a tool result.
 */
export type UnitKind = 'system' | 'task' | 'summary' | 'last-user' | 'turn' | 'message' | 'orphan';

/** A run of consecutive messages handled as one. `pinned` units survive every strategy but hard truncation. */
export interface ContextUnit {
  kind: UnitKind;
  messages: Message[];
  pinned: boolean;
}

/** True for the context manager's own summary message. */
export function isSummaryMessage(m: Message): boolean {
  return m.role === 'user' && typeof m.content === 'string' && m.content.startsWith(SUMMARY_PREFIX);
}

/**
 * Splits a transcript into units, in order. The first user message is the task and the last user message is the
 * last user turn (pinned when asked); a trailing tool turn (the current step's results) is pinned too, because the
 * next model call exists to read it. Tool messages with no preceding call become `orphan` units, dropped first.
 */
export function toUnits(ms: readonly Message[], o: { pinTask: boolean; pinLastUser: boolean }): ContextUnit[] {
  let firstUser = -1;
  let lastUser = -1;
  ms.forEach((m, index) => {
    if (m.role === 'user' && !isSummaryMessage(m)) {
      if (firstUser === -1) firstUser = index;
      lastUser = index;
    }
  });
  const units: ContextUnit[] = [];
  for (let index = 0; index < ms.length; index += 1) {
    const m = ms[index] as Message;
    if (m.role === 'system') units.push({ kind: 'system', messages: [m], pinned: true });
    else if (m.role === 'user' && isSummaryMessage(m)) units.push({ kind: 'summary', messages: [m], pinned: true });
    else if (index === lastUser && o.pinLastUser) units.push({ kind: 'last-user', messages: [m], pinned: true });
    else if (index === firstUser && o.pinTask) units.push({ kind: 'task', messages: [m], pinned: true });
    else if (m.role === 'assistant' && (m.toolCalls?.length ?? 0) > 0) {
      const ids = new Set(m.toolCalls?.map((call) => call.id));
      const turn: Message[] = [m];
      while (index + 1 < ms.length) {
        const next = ms[index + 1] as Message;
        if (next.role !== 'tool' || !ids.has(next.toolCallId)) break;
        turn.push(next);
        index += 1;
      }
      units.push({ kind: 'turn', messages: turn, pinned: false });
    } else if (m.role === 'tool') units.push({ kind: 'orphan', messages: [m], pinned: false });
    else units.push({ kind: 'message', messages: [m], pinned: false });
  }
  const last = units.at(-1);
  if (last?.kind === 'turn') last.pinned = true;
  return units;
}

/** Flattens units back into messages. */
export function fromUnits(units: readonly ContextUnit[]): Message[] {
  const out: Message[] = [];
  for (const unit of units) out.push(...unit.messages);
  return out;
}

/**
 * Structural problems a provider would reject: tool messages without a preceding call, calls without a result,
 * duplicate results. Returns human-readable violations (empty when well formed).
 */
export function findContextViolations(ms: readonly Message[]): string[] {
  const violations: string[] = [];
  let open = new Set<string>();
  let answered = new Set<string>();
  const closeTurn = (at: number): void => {
    for (const id of open) if (!answered.has(id)) violations.push(`tool call ${id} has no result before message ${at}`);
    open = new Set();
    answered = new Set();
  };
  ms.forEach((m, index) => {
    if (m.role === 'tool') {
      if (!open.has(m.toolCallId)) violations.push(`tool message ${index} (${m.toolCallId}) answers no preceding call`);
      else if (answered.has(m.toolCallId)) violations.push(`tool call ${m.toolCallId} answered twice`);
      else answered.add(m.toolCallId);
      return;
    }
    closeTurn(index);
    if (m.role === 'assistant') for (const call of m.toolCalls ?? []) open.add(call.id);
  });
  closeTurn(ms.length);
  return violations;
}

/** Throws when {@link findContextViolations} finds anything; used by tests and in development builds. */
export function assertWellFormed(ms: readonly Message[]): void {
  const violations = findContextViolations(ms);
  if (violations.length > 0) throw new Error(`malformed transcript: ${violations.join('; ')}`);
}
