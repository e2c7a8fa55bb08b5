import type { Message } from './types.js';

/**
 * Checks the tool-call pairing invariant of a transcript: every assistant tool-call id is answered by exactly one
 * tool message after it, and every tool message answers a call. Returns the violations (empty when well formed).
 */
export function pairingViolations(messages: readonly Message[]): string[] {
  const open = new Map<string, number>();
  const answered = new Set<string>();
  const problems: string[] = [];
  messages.forEach((m, i) => {
    if (m.role === 'assistant') {
      for (const c of m.toolCalls ?? []) {
        if (open.has(c.id) || answered.has(c.id)) problems.push(`duplicate tool call id ${c.id} at message ${i}`);
        open.set(c.id, i);
      }
    } else if (m.role === 'tool') {
      if (answered.has(m.toolCallId)) problems.push(`tool call ${m.toolCallId} answered twice (message ${i})`);
      else if (!open.has(m.toolCallId)) problems.push(`tool message ${i} answers unknown call ${m.toolCallId}`);
      open.delete(m.toolCallId);
      answered.add(m.toolCallId);
    }
  });
  for (const [id, i] of open) problems.push(`tool call ${id} (message ${i}) has no result`);
  return problems;
}
