import type { TokenUsage } from '@agent33/observability';

/** A JSON Schema document (any draft the validator supports); kept structural so hosts can pass plain objects. */
export type JSONSchema = { readonly [keyword: string]: unknown };

/** Conversation roles. */
export type Role = 'system' | 'user' | 'assistant' | 'tool';

/** Multimodal user content. */
export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image'; data: string | URL; mediaType?: string }
  | { type: 'file'; data: string | URL; mediaType: string; name?: string };

/** A system instruction. */
export interface SystemMessage {
  role: 'system';
  content: string;
}
/** A user turn (text or content parts). */
export interface UserMessage {
  role: 'user';
  content: string | ContentPart[];
  name?: string;
}
/** An assistant turn, optionally requesting tool calls. */
export interface AssistantMessage {
  role: 'assistant';
  content: string;
  toolCalls?: ToolCall[];
}
/** The result of one tool call, answering the assistant call with the same id. */
export interface ToolMessage {
  role: 'tool';
  toolCallId: string;
  toolName: string;
  content: string;
  isError?: boolean;
}
/** One chat message: a discriminated union on `role`. */
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** A tool call requested by the model. `arguments` keeps the raw text for repair and replay. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A tool as advertised to the model. */
export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: JSONSchema;
  strict?: boolean;
}

/** Token counts of one call or a whole run; `estimated` marks counts filled in by a counter, never a silent 0. */
export interface Usage extends TokenUsage {
  estimated?: boolean;
}

/** Normalised finish reasons; the provider's own value travels as `rawFinishReason`. */
export type FinishReason = 'stop' | 'tool_calls' | 'length' | 'content_filter' | 'error' | 'other';

/** Tool-choice control for one request. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** One model request. */
export interface ModelRequest {
  model: string;
  messages: Message[];
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  temperature?: number;
  maxOutputTokens?: number;
  parallelToolCalls?: boolean;
  seed?: number;
  stop?: string[];
  responseFormat?: { type: 'json'; schema?: JSONSchema };
  providerOptions?: Record<string, unknown>;
}

/** One model response. `model` is the model that actually answered. */
export interface ModelResponse {
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  rawFinishReason?: string;
  usage?: Usage;
  model: string;
  raw?: unknown;
}

/** Incremental events of a streamed response; the last one is always `finish`. */
export type ModelStreamEvent =
  | { type: 'text-delta'; delta: string }
  | { type: 'tool-call-delta'; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: 'finish'; response: ModelResponse };

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** What a provider knows about one model. */
export interface ModelCapabilities {
  contextWindow?: number;
  maxOutputTokens?: number;
  tools?: boolean;
  parallelToolCalls?: boolean;
  jsonMode?: boolean;
}

/** The model-provider port: every model the runtime talks to sits behind this interface. */
export interface ModelProvider {
  readonly id: string;
  generate(req: ModelRequest, opts?: CallOptions): Promise<ModelResponse>;
  stream?(req: ModelRequest, opts?: CallOptions): AsyncIterable<ModelStreamEvent>;
  capabilities?(model: string): ModelCapabilities | undefined;
  listModels?(opts?: CallOptions): Promise<string[]>;
}

/** Retry policy for model calls. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  jitter: boolean;
}
