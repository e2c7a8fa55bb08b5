import { describe, expect, it } from 'vitest';
import { ATTR, METRICS } from '../index.js';
import { createTestTelemetry } from './index.js';

describe('createTestTelemetry', () => {
  it('nests chat and tool spans under invoke_agent and reads metrics back', async () => {
    const test = createTestTelemetry();
    const { telemetry } = test;
    await telemetry.withInvokeAgentSpan({ agentName: 'planner' }, async () => {
      await telemetry.withChatSpan({ operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' }, async () => undefined);
      await telemetry.withToolSpan({ toolName: 'shell' }, async () => undefined);
    });
    const [agent] = test.spansNamed('invoke_agent', true);
    const chat = test.spansNamed('chat gpt-4o')[0]!;
    const tool = test.spansNamed('execute_tool shell')[0]!;
    expect(agent).toBeDefined();
    expect(chat.parentSpanContext?.spanId).toBe(agent!.spanContext().spanId);
    expect(tool.parentSpanContext?.spanId).toBe(agent!.spanContext().spanId);
    expect(tool.attributes[ATTR.genAiToolName]).toBe('shell');

    const durations = await test.dataPoints(METRICS.genAiInvokeAgentDuration);
    expect(durations).toHaveLength(1);
    expect(durations[0]!.attributes[ATTR.genAiAgentName]).toBe('planner');
    test.reset();
    expect(test.spans()).toEqual([]);
    await test.shutdown();
  });
});
