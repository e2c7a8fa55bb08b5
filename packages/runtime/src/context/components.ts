import type { Message } from '../model/types.js';
import type { FitReport, TokenCounter } from './types.js';

const SKILL_HEADER = /skill/i;
const MEMORY_HEADER = /memor|recall/i;

/**
 * Splits a system prompt into markdown sections and charges each to `skills`, `memory` or `system` by its header
 * (the skill blocks and the memory paragraph carry their own headings).
 */
function splitSystem(text: string, counter: TokenCounter): { system: number; skills: number; memory: number } {
  const totals = { system: 0, skills: 0, memory: 0 };
  const sections = text.split(/\n(?=#{1,6} )/);
  for (const section of sections) {
    const header = section.startsWith('#') ? (section.split('\n', 1)[0] ?? '') : '';
    const tokens = counter.countText(section);
    if (SKILL_HEADER.test(header)) totals.skills += tokens;
    else if (MEMORY_HEADER.test(header)) totals.memory += tokens;
    else totals.system += tokens;
  }
  return totals;
}

/** Per-component token accounting of a request, reported in `context-managed` events. */
export function measureComponents(ms: readonly Message[], toolTokens: number, counter: TokenCounter): FitReport['components'] {
  const components = { system: 0, skills: 0, memory: 0, tools: toolTokens, history: 0, stepResults: 0 };
  // The current step's results: the tool messages after the last assistant message that made calls.
  let stepStart = ms.length;
  for (let index = ms.length - 1; index >= 0 && ms[index]?.role === 'tool'; index -= 1) stepStart = index;
  ms.forEach((m, index) => {
    if (m.role === 'system') {
      const split = splitSystem(m.content, counter);
      const overhead = counter.countMessage(m) - counter.countText(m.content);
      components.system += split.system + overhead;
      components.skills += split.skills;
      components.memory += split.memory;
    } else if (index >= stepStart) components.stepResults += counter.countMessage(m);
    else components.history += counter.countMessage(m);
  });
  return components;
}
