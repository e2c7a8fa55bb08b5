/** The reference's confirmation prompt (parity wording of the protocol, this package's own text). */
export const CONFIRMATION_PROMPT =
  'Before finishing, confirm your status. If the task is fully done, reply with exactly "COMPLETED: <final answer>". ' +
  'If work remains, reply with "CONTINUE: <what remains>" and keep working.';

/** The nudge appended after a `CONTINUE` verdict, so the transcript never ends on an assistant message. */
export const CONTINUE_NUDGE = 'continue';

/** Verdict of a confirmation reply. */
export type ConfirmationVerdict = 'completed' | 'continue' | 'ambiguous';

/** Classifies a reply to the confirmation prompt by its prefix (case-insensitive, after trimming). */
export function classifyConfirmation(text: string): { verdict: ConfirmationVerdict; remainder: string } {
  const t = text.trim();
  const m = /^(COMPLETED|CONTINUE)\s*:?\s*/i.exec(t);
  if (m === null) return { verdict: 'ambiguous', remainder: t };
  return { verdict: m[1]!.toUpperCase() === 'COMPLETED' ? 'completed' : 'continue', remainder: t.slice(m[0].length) };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function unfence(text: string): string | undefined {
  const m = /^```[a-zA-Z0-9_-]*\s*\n?([\s\S]*?)\n?```$/.exec(text.trim());
  return m?.[1]?.trim();
}

/**
 * The loop's output parser (parity): a JSON object is the output; a fenced JSON object is unwrapped; anything else
 * (including non-object JSON) becomes `{response: raw}`.
 */
export function parseLoopOutput(raw: string): Record<string, unknown> {
  const t = raw.trim();
  const direct = tryJson(t);
  if (direct.ok && isPlainObject(direct.value)) return direct.value;
  const inner = unfence(t);
  if (inner !== undefined) {
    const fenced = tryJson(inner);
    if (fenced.ok && isPlainObject(fenced.value)) return fenced.value;
  }
  return { response: raw };
}

/**
 * The single-shot `invoke` parser (parity): strip a leading code fence; a JSON object is the output; other JSON
 * becomes `{result: value}`; non-JSON becomes `{<single declared output>: raw}` or `{result: raw}`.
 */
export function parseInvokeOutput(raw: string, declaredOutputs: readonly string[] = []): Record<string, unknown> {
  const t = raw.trim();
  const body = unfence(t) ?? t;
  const parsed = tryJson(body);
  if (parsed.ok) return isPlainObject(parsed.value) ? parsed.value : { result: parsed.value };
  const key = declaredOutputs.length === 1 ? declaredOutputs[0]! : 'result';
  return { [key]: raw };
}
