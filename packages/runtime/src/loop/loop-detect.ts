import { stableStringify } from '../model/stable-json.js';
import type { ToolCall } from '../model/types.js';

/** Canonical signature of one call: name plus sorted-key arguments (the raw text when unparsable). */
export function callSignature(call: ToolCall): string {
  let args: string;
  try {
    args = stableStringify(JSON.parse(call.arguments === '' ? '{}' : call.arguments));
  } catch {
    args = call.arguments;
  }
  return `${call.name}(${args})`;
}

/** Signature of a step: the whole batch (default) or only its first call (parity). */
export function stepSignature(calls: readonly ToolCall[], mode: 'batch' | 'first-call'): string {
  const chosen = mode === 'first-call' ? calls.slice(0, 1) : calls;
  return chosen.map(callSignature).join(' | ');
}

/** True when the last `threshold` signatures of the window are identical. */
export function isRepeating(window: readonly string[], threshold: number): boolean {
  if (threshold <= 0 || window.length < threshold) return false;
  const tail = window.slice(window.length - threshold);
  return tail.every((s) => s === tail[0]);
}
