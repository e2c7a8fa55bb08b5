import type { ModelRequest } from '@agent33/runtime';
import { ScriptedModel, type ScriptStep } from '@agent33/runtime/testing';

/** The model name every demo answer reports, so no one mistakes it for a real model. */
export const DEMO_MODEL = 'scripted-demo';

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p: { type?: string; text?: string }) => (p.type === 'text' ? (p.text ?? '') : '')).join('');
  }
  return '';
}

/**
 * What the demo model answers: deterministic JSON built from the request, labelled as scripted. In an iterative run
 * it calls the last offered tool that takes no required arguments once (so tool wiring is exercised), and answers the loop's confirmation prompt
 * with `COMPLETED: …`.
 */
export function demoStep(req: ModelRequest): ScriptStep {
  const users = req.messages.filter((m) => m.role === 'user');
  const first = textOf(users[0]?.content);
  const last = textOf(users[users.length - 1]?.content);
  const toolResults = req.messages.filter((m) => m.role === 'tool');
  let inputs: unknown = first;
  try {
    inputs = JSON.parse(first) as unknown;
  } catch {
    // Plain-text input is echoed as is.
  }
  const answer = {
    result: `Scripted demo answer for ${typeof inputs === 'object' && inputs !== null ? Object.keys(inputs).join(', ') || 'no inputs' : 'text input'}`,
    scripted: true,
    note: 'Produced by the scripted demo model (--demo); no language model was called.',
    ...(toolResults.length > 0 ? { tool_results: toolResults.map((m) => String(m.content).slice(0, 300)) } : {}),
  };
  const tools = req.tools ?? [];
  const isConfirmation = users.length > 1 && /COMPLETED/.test(last);
  if (isConfirmation) return { text: `COMPLETED: ${JSON.stringify(answer)}`, model: DEMO_MODEL };
  // Only a tool that needs no arguments (the demo cannot invent meaningful ones); the last registered such tool, so
  // configured MCP tools are preferred over the app's own.
  const firstTool = [...tools].reverse().find((t) => {
    const required = (t.inputSchema as { required?: unknown }).required;
    return !Array.isArray(required) || required.length === 0;
  });
  if (firstTool !== undefined && toolResults.length === 0) {
    return { toolCalls: [{ name: firstTool.name, args: {} }], model: DEMO_MODEL };
  }
  return { text: JSON.stringify(answer), model: DEMO_MODEL };
}

/** A `ScriptedModel` answering every request with {@link demoStep}. */
export function createDemoModel(): ScriptedModel {
  return new ScriptedModel((req) => demoStep(req), { id: 'demo', checkPairing: false });
}
