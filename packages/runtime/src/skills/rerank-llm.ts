import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import type { ModelProvider } from '../model/types.js';
import type { SkillDefinition, SkillReranker } from './types.js';

const FENCE = /```[a-zA-Z]*\s*\n?([\s\S]*?)```/;

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Reads a JSON array of names from a model reply: the whole reply, then a fenced block, then the first `[...]`.
 * Elements become strings. Returns null when no array can be read (so "unparsable" and "[]" stay distinct).
 */
export function readJsonArray(reply: string): string[] | null {
  const text = typeof reply === 'string' ? reply.trim() : '';
  if (text.length === 0) return null;
  const candidates = [text, FENCE.exec(text)?.[1]?.trim(), /\[[\s\S]*?\]/.exec(text)?.[0]];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const value = tryJson(candidate);
    if (Array.isArray(value)) return value.filter((item) => item !== null && item !== undefined).map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  }
  return null;
}

/** The reference's stage-2 parser: like {@link readJsonArray} but unparsable replies give `[]`. */
export function parseJsonArray(reply: string): string[] {
  return readJsonArray(reply) ?? [];
}

/** The strict audit reply: names to keep and rejections with reasons. */
export interface StrictAudit {
  keep?: string[];
  reject?: Array<{ name: string; reason: string }>;
}

function asAudit(value: unknown): StrictAudit | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('keep' in value)) return undefined;
  const raw = value as { keep: unknown; reject?: unknown };
  const keep = Array.isArray(raw.keep) ? raw.keep.map((item) => String(item)) : [];
  const reject = Array.isArray(raw.reject)
    ? raw.reject
        .filter((item): item is { name: unknown; reason?: unknown } => typeof item === 'object' && item !== null && 'name' in item)
        .map((item) => ({ name: String(item.name), reason: typeof item.reason === 'string' ? item.reason : '' }))
    : [];
  return { keep, reject };
}

/**
 * The reference's stage-4 parser: a JSON object with `keep` from the whole reply, a fenced block, or a balanced
 * `{...}` scan through the text. Returns `{}` when there is none.
 */
export function parseStrictAudit(reply: string): StrictAudit {
  const text = typeof reply === 'string' ? reply.trim() : '';
  if (text.length === 0) return {};
  for (const candidate of [text, FENCE.exec(text)?.[1]?.trim()]) {
    if (candidate === undefined) continue;
    const audit = asAudit(tryJson(candidate));
    if (audit !== undefined) return audit;
  }
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let index = start; index < text.length; index += 1) {
      const char = text[index];
      if (inString) {
        if (char === '\\') index += 1;
        else if (char === '"') inString = false;
      } else if (char === '"') inString = true;
      else if (char === '{') depth += 1;
      else if (char === '}' && (depth -= 1) === 0) {
        const audit = asAudit(tryJson(text.slice(start, index + 1)));
        if (audit !== undefined) return audit;
        break;
      }
    }
  }
  return {};
}

const LENIENT_SYSTEM = [
  'You are a LENIENT relevance filter for agent skills.',
  'Given a task and candidate skills, keep every skill that could plausibly help with the task; drop only skills that are clearly unrelated.',
  'Reply with a JSON array of the skill names to keep, and nothing else.',
].join(' ');

const STRICT_SYSTEM = [
  'You are a STRICT auditor of agent skills for answer leakage.',
  'Reject a skill if its instructions contain the literal answer or solution to this specific task (not general technique), or if it is irrelevant to the task.',
  'Reply with JSON only: {"keep": ["name", ...], "reject": [{"name": "...", "reason": "..."}]}.',
].join(' ');

/**
 * The reference's two LLM stages over any {@link ModelProvider}: a lenient relevance filter over `name: description`
 * (max 500 output tokens) and a strict leakage audit over full instructions (max 1,000), temperature 0.1 by
 * default. Failures and unparsable replies return null, so the matcher keeps every candidate.
 */
export class LlmSkillReranker implements SkillReranker {
  private readonly provider: ModelProvider;
  private readonly model: string;
  private readonly temperature: number;

  constructor(provider: ModelProvider, model: string, o: { temperature?: number } = {}) {
    if (typeof provider?.generate !== 'function') throw new RuntimeOptionsError('LlmSkillReranker needs a ModelProvider');
    if (typeof model !== 'string' || model.length === 0) throw new RuntimeOptionsError('LlmSkillReranker needs a model id');
    this.provider = provider;
    this.model = model;
    this.temperature = o.temperature ?? 0.1;
  }

  async lenient(q: string, c: SkillDefinition[], signal: AbortSignal): Promise<string[] | null> {
    const list = c.map((skill) => `- ${skill.name}: ${skill.description}`).join('\n');
    const reply = await this.ask(LENIENT_SYSTEM, `Task:\n${q}\n\nCandidate skills:\n${list}`, 500, signal);
    return reply === null ? null : readJsonArray(reply);
  }

  async strict(q: string, c: SkillDefinition[], signal: AbortSignal): Promise<{ keep: string[]; reject: Array<{ name: string; reason: string }> } | null> {
    const blocks = c.map((skill) => `### ${skill.name}\n${skill.instructions || skill.description}`).join('\n\n');
    const reply = await this.ask(STRICT_SYSTEM, `Task:\n${q}\n\nSkills:\n${blocks}`, 1_000, signal);
    if (reply === null) return null;
    const audit = parseStrictAudit(reply);
    return audit.keep === undefined ? null : { keep: audit.keep, reject: audit.reject ?? [] };
  }

  private async ask(system: string, user: string, maxOutputTokens: number, signal: AbortSignal): Promise<string | null> {
    try {
      const response = await this.provider.generate(
        { model: this.model, messages: [{ role: 'system', content: system }, { role: 'user', content: user }], temperature: this.temperature, maxOutputTokens },
        { signal },
      );
      return response.text;
    } catch {
      return null;
    }
  }
}
