import type { ToolCall } from '../model/types.js';

/**
 * Extracts tool calls written as text by models without native tool calling: ReAct `Action:` / `Action Input:`
 * pairs and fenced JSON blocks of the form `{"tool": …, "arguments": …}` (or `name` / `parameters`). Ids are
 * `text_call_<n>`.
 */
export function parseTextToolCalls(text: string): ToolCall[] {
  const calls: ToolCall[] = [];
  const react = /Action:\s*([A-Za-z0-9_.:-]+)\s*\n\s*Action Input:\s*([\s\S]*?)(?=\n\s*(?:Observation:|Thought:|Action:)|$)/g;
  for (const m of text.matchAll(react)) {
    calls.push({ id: `text_call_${calls.length + 1}`, name: m[1]!, arguments: m[2]!.trim() });
  }
  if (calls.length > 0) return calls;
  const fenced = /```(?:json|tool_call|tool)?\s*\n([\s\S]*?)\n```/g;
  for (const m of text.matchAll(fenced)) {
    try {
      const v = JSON.parse(m[1]!) as Record<string, unknown>;
      const name = v['tool'] ?? v['name'];
      const args = v['arguments'] ?? v['parameters'] ?? v['args'] ?? {};
      if (typeof name === 'string' && name !== '') {
        calls.push({ id: `text_call_${calls.length + 1}`, name, arguments: typeof args === 'string' ? args : JSON.stringify(args) });
      }
    } catch {
      // Not a tool-call block: plain JSON output stays text.
    }
  }
  return calls;
}
