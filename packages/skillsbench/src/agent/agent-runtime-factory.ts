import { AgentRuntime, ToolRegistry, defineTool, parseAgentDefinition, type AgentDefinition, type IterativeOptions, type ModelProvider } from '@agent33/runtime';
import type { RuntimeInit, RuntimeLike } from './runtime-agent.js';

/** Options of {@link agentRuntimeFactory}. */
export interface AgentRuntimeFactoryOptions {
  /** The model provider (a real one, or `ScriptedModel` from `@agent33/runtime/testing`). */
  models: ModelProvider | ((init: RuntimeInit) => ModelProvider);
  /** Model name passed to the provider. Default `default`. */
  model?: string;
  /** The agent definition; default a generic `skillsbench-agent` with one `task` input. */
  definition?: AgentDefinition;
  /** Loop options (iterations, completion mode, …); the run's signal is added. */
  iterative?: IterativeOptions;
}

const DEFAULT_DEFINITION = {
  name: 'skillsbench-agent',
  version: '1.0.0',
  role: 'implementer',
  description: 'Solves a benchmark task in its working directory with shell and file tools.',
  inputs: { task: { type: 'string', description: 'the task instruction', required: true } },
  outputs: { result: { type: 'string', description: 'a short summary of what was done' } },
};

/**
 * The default `createRuntime` for {@link runtimeAgent}: a fresh `AgentRuntime` per trial whose tool registry holds
 * the trial's workspace tools (runtime `defineTool`), driven with `invokeIterative`; usage, iterations, tool calls
 * and the termination reason are copied into the trial.
 */
export function agentRuntimeFactory(opts: AgentRuntimeFactoryOptions): (init: RuntimeInit) => RuntimeLike {
  const definition = opts.definition ?? parseAgentDefinition(DEFAULT_DEFINITION);
  return (init) => {
    const tools = new ToolRegistry();
    for (const tool of Object.values(init.tools)) {
      tools.register(
        defineTool<Record<string, unknown>, string>({
          name: tool.name,
          description: tool.description,
          inputSchema: tool.inputSchema,
          execute: (input, ctx) => tool.execute(input ?? {}, ctx.signal),
        }),
      );
    }
    const models = typeof opts.models === 'function' ? opts.models(init) : opts.models;
    // A scripted or single-model provider ignores the name; the runtime still needs one.
    const runtime = new AgentRuntime({ models, tools, defaultModel: opts.model ?? 'default' });
    return {
      async invoke({ instruction, signal }) {
        const r = await runtime.invokeIterative(definition, { task: instruction }, { ...opts.iterative, signal });
        return { output: r.output, usage: r.usage, toolCalls: r.toolCallsMade, iterations: r.iterations, terminationReason: r.terminationReason };
      },
    };
  };
}
