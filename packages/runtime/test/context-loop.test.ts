import { describe, expect, it } from 'vitest';
import { runLoop } from '../src/loop/run.js';
import { ScriptedModel, text, toolCall } from '../src/testing/index.js';
import { toolSet } from '../src/tools/toolset.js';
import { ContextManager } from '../src/context/manager.js';
import { HeuristicCounter } from '../src/context/counter.js';
import { CalibratedCounter } from '../src/context/calibrate.js';
import { findContextViolations } from '../src/context/units.js';
import type { Message } from '../src/model/types.js';
import { stubTool } from './helpers.js';

// The context manager inside the real loop (spec §5.4 item 10): every request sent fits the window.
const counter = new HeuristicCounter();
const WINDOW = 8_000;
const MAX_OUTPUT = 500;

function bigOutput(i: number): string {
  return Array.from({ length: 400 }, (_, line) => `row ${i}.${line}: value=${(i * 7919 + line * 104_729) % 100_000} status=ok`).join('\n');
}

describe('ContextManager in the tool loop', () => {
  it('a 30-step run with big tool outputs keeps every request within the window and completes', async () => {
    const model = new ScriptedModel((_req, callIndex) => (callIndex < 30 ? toolCall('read', { page: callIndex }) : text('all pages read')), { capabilities: { contextWindow: WINDOW } });
    const read = stubTool('read', (input) => bigOutput(Number(input.page)));
    const task: Message[] = [{ role: 'system', content: 'You read pages.' }, { role: 'user', content: 'Read all 30 pages, then say done.' }];
    const result = await runLoop({ provider: model, model: 'local-model', messages: task, tools: toolSet([read]), maxIterations: 40, maxOutputTokens: MAX_OUTPUT, context: new ContextManager({ counter }) });
    expect(result.status).toBe('completed');
    expect(model.calls).toHaveLength(31);
    for (const { request } of model.calls) {
      expect(counter.countMessages(request.messages) + counter.countTools(request.tools ?? []) + (request.maxOutputTokens ?? 0)).toBeLessThanOrEqual(WINDOW);
      expect(findContextViolations(request.messages)).toEqual([]);
      expect(request.messages.slice(0, 2)).toEqual(task);
    }
    expect(result.steps.some((step) => (step.context?.actions.length ?? 0) > 0)).toBe(true);
  });

  it('ends with context_exhausted before the first call when the pinned task cannot fit', async () => {
    const model = new ScriptedModel([text('never')], { capabilities: { contextWindow: 1_000 } });
    const task: Message[] = [{ role: 'system', content: 'sys' }, { role: 'user', content: 'word '.repeat(5_000) }];
    const result = await runLoop({ provider: model, model: 'm', messages: task, context: new ContextManager() });
    expect(result.status).toBe('context_exhausted');
    expect(model.calls).toHaveLength(0);
  });

  it('calibrates from the usage the provider reports', async () => {
    const calibrated = new CalibratedCounter(new HeuristicCounter(), { min: 0.5 });
    const task: Message[] = [{ role: 'system', content: 'sys' }, { role: 'user', content: 'The quick brown fox. '.repeat(100) }];
    const estimate = calibrated.countMessages(task);
    const model = new ScriptedModel([text('ok', { inputTokens: Math.round(estimate * 0.7), outputTokens: 1 })]);
    await runLoop({ provider: model, model: 'm', messages: task, context: new ContextManager({ counter: calibrated }) });
    expect(calibrated.factor).toBeCloseTo(0.7, 1);
  });
});
