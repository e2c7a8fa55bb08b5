import type { FinishReason, Message, ModelRequest, ToolChoice, Usage } from './types.js';

/** Converts runtime messages to OpenAI chat-completions messages. */
export function toWireMessages(messages: readonly Message[]): unknown[] {
  return messages.map((m) => {
    switch (m.role) {
      case 'system':
        return { role: 'system', content: m.content };
      case 'user':
        return {
          role: 'user',
          content:
            typeof m.content === 'string'
              ? m.content
              : m.content.map((p) =>
                  p.type === 'text'
                    ? { type: 'text', text: p.text }
                    : p.type === 'image'
                      ? { type: 'image_url', image_url: { url: dataUrl(p.data, p.mediaType ?? 'image/png') } }
                      : { type: 'file', file: { filename: p.name, file_data: dataUrl(p.data, p.mediaType) } },
                ),
          ...(m.name !== undefined ? { name: m.name } : {}),
        };
      case 'assistant':
        return m.toolCalls !== undefined && m.toolCalls.length > 0
          ? {
              role: 'assistant',
              content: m.content === '' ? null : m.content,
              tool_calls: m.toolCalls.map((c) => ({
                id: c.id,
                type: 'function',
                function: { name: c.name, arguments: c.arguments },
              })),
            }
          : { role: 'assistant', content: m.content };
      case 'tool':
        return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
    }
  });
}

function dataUrl(data: string | URL, mediaType: string): string {
  if (data instanceof URL) return data.toString();
  return /^(https?:|data:)/.test(data) ? data : `data:${mediaType};base64,${data}`;
}

/** Converts a tool choice to the wire format. */
export function toWireToolChoice(c: ToolChoice): unknown {
  return typeof c === 'string' ? c : { type: 'function', function: { name: c.name } };
}

/** Builds the JSON body of one chat-completions request. */
export function toWireBody(
  req: ModelRequest,
  o: { stream: boolean; maxTokensField: 'max_tokens' | 'max_completion_tokens'; streamUsage: boolean; parallel: boolean },
): Record<string, unknown> {
  const body: Record<string, unknown> = { model: req.model, messages: toWireMessages(req.messages) };
  if (req.temperature !== undefined) body['temperature'] = req.temperature;
  if (req.maxOutputTokens !== undefined) body[o.maxTokensField] = req.maxOutputTokens;
  if (req.tools !== undefined && req.tools.length > 0) {
    body['tools'] = req.tools.map((t) => ({
      type: 'function',
      function: {
        name: t.name,
        description: t.description,
        parameters: t.inputSchema,
        ...(t.strict !== undefined ? { strict: t.strict } : {}),
      },
    }));
    if (req.toolChoice !== undefined) body['tool_choice'] = toWireToolChoice(req.toolChoice);
    if (o.parallel && req.parallelToolCalls !== undefined) body['parallel_tool_calls'] = req.parallelToolCalls;
  }
  if (req.seed !== undefined) body['seed'] = req.seed;
  if (req.stop !== undefined) body['stop'] = req.stop;
  if (req.responseFormat !== undefined) {
    body['response_format'] =
      req.responseFormat.schema !== undefined
        ? { type: 'json_schema', json_schema: { name: 'output', schema: req.responseFormat.schema } }
        : { type: 'json_object' };
  }
  if (o.stream) {
    body['stream'] = true;
    if (o.streamUsage) body['stream_options'] = { include_usage: true };
  }
  return { ...body, ...req.providerOptions };
}

/** Maps a wire finish reason to the normalised set. */
export function normaliseFinishReason(raw: unknown, hasToolCalls: boolean): FinishReason {
  switch (raw) {
    case 'stop':
    case 'end_turn':
    case 'eos':
      return hasToolCalls ? 'tool_calls' : 'stop';
    case 'tool_calls':
    case 'function_call':
    case 'tool_use':
      return 'tool_calls';
    case 'length':
    case 'max_tokens':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    case 'error':
      return 'error';
    case null:
    case undefined:
      return hasToolCalls ? 'tool_calls' : 'stop';
    default:
      return 'other';
  }
}

/** Reads an OpenAI usage object; undefined when absent or not numeric. */
export function fromWireUsage(u: unknown): Usage | undefined {
  if (typeof u !== 'object' || u === null) return undefined;
  const r = u as Record<string, unknown>;
  const input = num(r['prompt_tokens']);
  const output = num(r['completion_tokens']);
  if (input === undefined && output === undefined) return undefined;
  const details = (r['prompt_tokens_details'] ?? {}) as Record<string, unknown>;
  const outDetails = (r['completion_tokens_details'] ?? {}) as Record<string, unknown>;
  const usage: Usage = {
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    cacheReadInputTokens: num(details['cached_tokens']) ?? 0,
    reasoningOutputTokens: num(outDetails['reasoning_tokens']) ?? 0,
  };
  usage.totalTokens = num(r['total_tokens']) ?? usage.inputTokens + usage.outputTokens;
  return usage;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

const OVERFLOW_PATTERNS = [/context_length_exceeded/i, /maximum context length/i, /prompt is too long/i, /context window/i, /too many tokens/i];

/** True when an error body says the prompt does not fit the model's context window. */
export function isContextOverflowBody(body: string): boolean {
  return OVERFLOW_PATTERNS.some((p) => p.test(body));
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
