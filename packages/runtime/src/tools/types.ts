import type { JSONSchema, Message, ToolCall, ToolSpec } from '../model/types.js';
import type { Subject } from '../policy/types.js';

/** Behaviour hints mirroring MCP tool annotations; they drive parallel safety and autonomy checks. */
export interface ToolAnnotations {
  readOnly?: boolean;
  destructive?: boolean;
  idempotent?: boolean;
  openWorld?: boolean;
}

/** Everything a tool's `execute` receives besides its validated input. */
export interface ToolExecutionContext {
  /** Aborts when the run is cancelled, its deadline passes or the tool's own timeout fires. */
  signal: AbortSignal;
  callId: string;
  runId: string;
  agentName: string;
  subject: Subject;
  workingDir?: string;
  metadata: Readonly<Record<string, unknown>>;
  emitProgress(data: unknown): void;
}

/** A tool returns a value (JSON-stringified for the model) or an explicit content envelope. */
export type ToolReturn<O> = O | { content: string; data?: O; isError?: boolean };

/** A tool the runtime can advertise and execute; implemented by hosts and by tool sources (MCP, web, workspace). */
export interface ToolDefinition<I = unknown, O = unknown> {
  name: string;
  description: string;
  inputSchema: JSONSchema;
  outputSchema?: JSONSchema;
  annotations?: ToolAnnotations;
  /** Per-call timeout; the run's default applies when absent. */
  timeoutMs?: number;
  /** Longest output the model sees (head + tail with a marker); default 15,000 characters. */
  maxOutputChars?: number;
  execute(input: I, ctx: ToolExecutionContext): Promise<ToolReturn<O>>;
}

/** Catalog metadata kept beside a registered tool. */
export interface ToolMeta {
  version?: string;
  owner?: string;
  status?: 'active' | 'deprecated' | 'blocked';
  provenance?: { repoUrl?: string; ref?: string; checksum?: string; license?: string };
  tags?: string[];
}

/** A provider of tool definitions (an MCP server, a web toolkit, a benchmark workspace). */
export interface ToolSource {
  readonly id: string;
  tools(o?: { signal?: AbortSignal }): Promise<ReadonlyArray<{ definition: ToolDefinition; meta?: ToolMeta }>>;
  close?(): Promise<void>;
}

/** The per-run view of the tools an agent may use. Tools outside it are never advertised and are rejected. */
export interface ToolSet {
  readonly names: readonly string[];
  get(name: string): ToolDefinition | undefined;
  specs(): ToolSpec[];
  narrow(select: { allow?: string[]; deny?: string[] }): ToolSet;
}

/** A tool call after parsing, repair, name resolution and validation: what policy, budget and approval see. */
export interface PreparedToolCall {
  callId: string;
  /** Position of the call in the model's batch. */
  index: number;
  /** Resolved tool name. */
  name: string;
  /** Name as the model wrote it. */
  requestedName: string;
  /** Raw argument text as the model wrote it. */
  arguments: string;
  /** Parsed, defaulted and validated input. */
  input: unknown;
  annotations: ToolAnnotations;
  repaired: boolean;
}

/** Optional hook that may fix a broken call once; returning null keeps the failure. */
export type ToolCallRepairFn = (a: {
  call: ToolCall;
  error: 'invalid_json' | 'unknown_tool' | 'invalid_args';
  detail: string;
  tools: ToolSet;
  messages: readonly Message[];
  signal: AbortSignal;
}) => Promise<ToolCall | null>;
