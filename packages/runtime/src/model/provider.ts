import type { CallOptions, ModelProvider, ModelRequest, ModelResponse, ModelStreamEvent, ToolCall } from './types.js';

/**
 * Calls a provider, streaming when it can: deltas go to `onEvent` and the assembled response is returned.
 * Providers without `stream` are called through `generate`.
 */
export async function callProvider(
  provider: ModelProvider,
  req: ModelRequest,
  opts: CallOptions,
  onEvent?: (e: ModelStreamEvent) => void,
): Promise<ModelResponse> {
  if (provider.stream === undefined || onEvent === undefined) return provider.generate(req, opts);
  return assembleStream(provider.stream(req, opts), req.model, onEvent);
}

/** Assembles a response from stream events (the `finish` event wins when present). */
export async function assembleStream(
  events: AsyncIterable<ModelStreamEvent>,
  model: string,
  onEvent?: (e: ModelStreamEvent) => void,
): Promise<ModelResponse> {
  let text = '';
  const calls: Array<{ id?: string; name: string; arguments: string }> = [];
  for await (const e of events) {
    onEvent?.(e);
    if (e.type === 'finish') return e.response;
    if (e.type === 'text-delta') text += e.delta;
    else {
      const slot = (calls[e.index] ??= { name: '', arguments: '' });
      if (e.id !== undefined) slot.id = e.id;
      if (e.name !== undefined) slot.name += e.name;
      slot.arguments += e.argumentsDelta;
    }
  }
  const toolCalls: ToolCall[] = calls
    .filter((c): c is NonNullable<typeof c> => c !== undefined)
    .map((c, i) => ({ id: c.id ?? `call_${i}`, name: c.name, arguments: c.arguments }));
  return { text, toolCalls, finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop', model };
}

/** Turns a complete response into the stream events that would have produced it. */
export function* responseToEvents(response: ModelResponse): Generator<ModelStreamEvent> {
  if (response.text !== '') yield { type: 'text-delta', delta: response.text };
  for (const [index, c] of response.toolCalls.entries()) {
    yield { type: 'tool-call-delta', index, id: c.id, name: c.name, argumentsDelta: c.arguments };
  }
  yield { type: 'finish', response };
}
