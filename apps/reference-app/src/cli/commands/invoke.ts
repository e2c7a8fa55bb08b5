import { UsageError } from '../../errors/index.js';
import { iterativeResponse } from '../../http/routes/agents.js';
import { parseCommandArgs, required } from '../args.js';
import type { CliIo } from '../io.js';
import { printJson, withApp } from '../with-app.js';

function parseInputs(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw) as unknown;
  } catch (error) {
    throw new UsageError(`--input must be a JSON object: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError('--input must be a JSON object');
  return value as Record<string, unknown>;
}

/**
 * `agent33 invoke <agent> [--input '{"k":"v"}'] [--set k=v …] [--iterative] [--max-iterations n] [--model m]`:
 * one invocation in process, result as JSON (same shape as the HTTP route).
 */
export async function invokeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    input: { type: 'string' },
    set: { type: 'string', multiple: true },
    iterative: { type: 'boolean' },
    'max-iterations': { type: 'string' },
    model: { type: 'string' },
  });
  const agent = required(positionals, 0, 'agent');
  const inputs = parseInputs(values['input'] as string | undefined);
  for (const pair of (values['set'] as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects key=value, got ${JSON.stringify(pair)}`);
    inputs[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const maxIterations = values['max-iterations'] === undefined ? undefined : Number(values['max-iterations']);
  if (maxIterations !== undefined && !(Number.isInteger(maxIterations) && maxIterations > 0)) {
    throw new UsageError('--max-iterations expects a positive integer');
  }
  const model = values['model'] as string | undefined;
  return withApp(values, io, async (app) => {
    const down = await app.runtime.health.unavailable();
    if (down !== undefined) {
      io.err(`agent33 invoke: ${down}`);
      return 3;
    }
    const subject = { id: 'cli', scopes: ['agents:invoke', 'tools:execute'], tenantId: 'default' };
    if (values['iterative'] === true) {
      const r = await app.runtime.runtime.invokeIterative(agent, inputs, {
        subject,
        ...(maxIterations === undefined ? {} : { maxIterations }),
        ...(model === undefined ? {} : { model }),
      });
      printJson(io, iterativeResponse(agent, r));
    } else {
      const r = await app.runtime.runtime.invoke(agent, inputs, { subject, ...(model === undefined ? {} : { model }) });
      printJson(io, { agent, output: r.output, raw_response: r.rawResponse, tokens_used: r.tokensUsed, model: r.model, usage: r.usage });
    }
    return 0;
  });
}
