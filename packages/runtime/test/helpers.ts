import { defineTool } from '../src/tools/define.js';
import { toolSet } from '../src/tools/toolset.js';
import type { ToolDefinition, ToolSet } from '../src/tools/types.js';

/** A recording stub tool. */
export function stubTool(
  name: string,
  impl: (input: Record<string, unknown>) => unknown = () => `${name} ok`,
  extra: Partial<ToolDefinition<Record<string, unknown>>> = {},
): ToolDefinition<Record<string, unknown>> & { inputs: Array<Record<string, unknown>> } {
  const inputs: Array<Record<string, unknown>> = [];
  const tool = defineTool<Record<string, unknown>, unknown>({
    name,
    description: `${name} tool`,
    inputSchema: { type: 'object' },
    ...extra,
    execute: async (input) => {
      inputs.push(input);
      return impl(input);
    },
  });
  return Object.assign(tool, { inputs });
}

/** The shell / file_ops stub pair used by the parity scenarios. */
export function parityTools(): { shell: ReturnType<typeof stubTool>; fileOps: ReturnType<typeof stubTool>; set: ToolSet } {
  const shell = stubTool('shell', () => '/home/user', {
    inputSchema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
  });
  const fileOps = stubTool('file_ops', () => 'file content');
  return { shell, fileOps, set: toolSet([shell, fileOps]) };
}

/** Waits (yielding to the event loop) until `cond` holds; fails the test if it never does. */
export async function until(cond: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 1_000 && !cond(); i += 1) await new Promise((r) => setTimeout(r, 1));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

/** Number of pending sleeps on a ManualClock (so a test advances time only once the code under test waits). */
export function pendingSleeps(clock: object): number {
  return (clock as { sleepers: unknown[] }).sleepers.length;
}
