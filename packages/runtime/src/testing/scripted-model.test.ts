import { ManualClock } from '@agent33/observability';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../errors/model-error.js';
import { RecordingProvider, ReplayProvider, type RecordedExchange } from './record-replay.js';
import { ScriptedModel, fail, text, toolCall } from './scripted-model.js';

const req = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('ScriptedModel', () => {
  it('answers in order with deterministic call ids and records every request', async () => {
    const m = new ScriptedModel([toolCall('a', { x: 1 }), toolCall('b', '{bad'), text('done', { inputTokens: 3, outputTokens: 2 })]);
    expect((await m.generate(req)).toolCalls).toEqual([{ id: 'call_1', name: 'a', arguments: '{"x":1}' }]);
    expect((await m.generate(req)).toolCalls[0]).toMatchObject({ id: 'call_2', arguments: '{bad' });
    expect((await m.generate(req)).usage).toEqual({ inputTokens: 3, outputTokens: 2, cacheReadInputTokens: 0, reasoningOutputTokens: 0, totalTokens: 5 });
    expect(m.calls).toHaveLength(3);
    m.expectRequest(0, (r) => r.model === 'm');
    expect(() => m.expectRequest(0, () => false)).toThrow(/does not match/);
    await expect(m.generate(req)).rejects.toThrow(/exhausted/);
  });

  it('records each request as it was: a mutable message array is copied, a frozen one kept as is', async () => {
    const m = new ScriptedModel([text('a'), text('b')], { checkPairing: false });
    const messages = [{ role: 'user' as const, content: 'hi' }];
    await m.generate({ model: 'm', messages });
    messages.push({ role: 'user', content: 'later' });
    expect(m.calls[0]?.request.messages).toEqual([{ role: 'user', content: 'hi' }]);
    const frozen = Object.freeze([{ role: 'user' as const, content: 'hi' }]);
    await m.generate({ model: 'm', messages: frozen as unknown as typeof messages });
    expect(m.calls[1]?.request.messages).toBe(frozen);
  });

  it('repeats the last step when asked, and throws scripted errors', async () => {
    const m = new ScriptedModel([fail(new ModelError('x', { kind: 'server' })), text('again')], { onExhausted: 'repeat-last' });
    await expect(m.generate(req)).rejects.toMatchObject({ kind: 'server' });
    expect((await m.generate(req)).text).toBe('again');
    expect((await m.generate(req)).text).toBe('again');
  });

  it('honours abort during a delay on the injected clock', async () => {
    const clock = new ManualClock();
    const m = new ScriptedModel([{ delayMs: 1000, then: text('late') }, { delayMs: 1000, then: text('on time') }], { clock });
    const ctl = new AbortController();
    const p = m.generate(req, { signal: ctl.signal });
    ctl.abort();
    await expect(p).rejects.toMatchObject({ kind: 'aborted' });
    const q = m.generate(req);
    clock.advance(1000);
    expect((await q).text).toBe('on time');
  });

  it('rejects requests that break tool-call pairing', async () => {
    const m = new ScriptedModel([text('x')]);
    await expect(m.generate({ model: 'm', messages: [{ role: 'assistant', content: '', toolCalls: [{ id: 'a', name: 't', arguments: '{}' }] }] })).rejects.toThrow(/pairing/);
    expect(m.violations[0]).toMatch(/has no result/);
  });

  it('streams scripted chunks and assembles them in generate', async () => {
    const events = [
      { type: 'text-delta' as const, delta: 'He' },
      { type: 'text-delta' as const, delta: 'llo' },
    ];
    const m = new ScriptedModel([{ stream: events }, { stream: events }]);
    const seen: string[] = [];
    for await (const e of m.stream(req)) seen.push(e.type);
    expect(seen).toEqual(['text-delta', 'text-delta']);
    expect((await m.generate(req)).text).toBe('Hello');
  });
});

describe('record and replay', () => {
  it('records a provider and replays by hash (strict) or sequence (lenient)', async () => {
    const recs: RecordedExchange[] = [];
    const rec = new RecordingProvider(new ScriptedModel([text('one'), text('two')]), (r) => void recs.push(r));
    await rec.generate(req);
    await rec.generate({ ...req, messages: [{ role: 'user', content: 'other' }] });
    const strict = new ReplayProvider(JSON.parse(JSON.stringify(recs)) as unknown[]);
    expect((await strict.generate({ ...req, messages: [{ role: 'user', content: 'other' }] })).text).toBe('two');
    expect((await strict.generate(req)).text).toBe('one');
    await expect(strict.generate(req)).rejects.toThrow(/no recording/);
    const lenient = new ReplayProvider(recs, { match: 'sequence' });
    expect((await lenient.generate({ model: 'x', messages: [] })).text).toBe('one');
    expect(() => new ReplayProvider([{ nope: true }])).toThrow(/not a recorded exchange/);
    const streamed: RecordedExchange[] = [];
    const recStream = new RecordingProvider(new ScriptedModel([text('three')]), (r) => void streamed.push(r));
    for await (const _e of recStream.stream(req)) void _e;
    expect(streamed[0]?.response.text).toBe('three');
  });
});
