import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { createAgentTelemetry } from '../telemetry/agent-telemetry.js';
import { createTestTelemetry } from './test-telemetry.js';
import { traceRecorder } from './trace-recorder.js';

describe('traceRecorder.fromSpans', () => {
  it('turns an invoke_agent span with chat and tool children into a trace record', async () => {
    // Registers the async context manager so children nest.
    createTestTelemetry();
    const recorder = traceRecorder.fromSpans();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [recorder, new SimpleSpanProcessor(new InMemorySpanExporter())] });
    const clock = new ManualClock(Date.UTC(2026, 2, 1, 12, 0, 0));
    const telemetry = createAgentTelemetry({ tracerProvider, clock });
    await expect(
      telemetry.withInvokeAgentSpan({ agentName: 'builder', conversationId: 'SES-1' }, async () => {
        await telemetry.withChatSpan({ operation: 'chat', provider: 'openai', requestModel: 'gpt-4o' }, async () => {
          clock.advance(100);
          await telemetry.withToolSpan({ toolName: 'shell' }, async () => {
            clock.advance(40);
          });
        });
        await telemetry.withToolSpan({ toolName: 'read_file' }, async () => {
          clock.advance(10);
          throw Object.assign(new Error('denied'), { code: 'F-SEC-TL03' });
        });
      }),
    ).rejects.toThrow('denied');
    const [record] = recorder.records();
    expect(record).toBeDefined();
    expect(record!.traceId).toMatch(/^TRC-20260301-120000-[0-9A-F]{32}$/);
    expect(record!.context.agentId).toBe('builder');
    expect(record!.sessionId).toBe('SES-1');
    expect(record!.durationMs).toBe(150);
    expect(record!.execution.map((step) => [step.stepId, step.actions.map((action) => `${action.tool}:${action.status}:${action.durationMs}`)])).toEqual([
      ['chat gpt-4o', ['shell:success:40']],
      ['tools', ['read_file:failure:10']],
    ]);
    expect(record!.outcome).toMatchObject({ status: 'failed', failureCode: 'F-SEC-TL03', failureCategory: 'F-SEC' });
    await tracerProvider.shutdown();
  });
});
