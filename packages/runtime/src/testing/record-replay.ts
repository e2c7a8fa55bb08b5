import { fnv1a, stableStringify } from '../model/stable-json.js';
import { responseToEvents } from '../model/provider.js';
import type { CallOptions, ModelProvider, ModelRequest, ModelResponse, ModelStreamEvent } from '../model/types.js';

/** One recorded exchange. */
export interface RecordedExchange {
  hash: string;
  request: ModelRequest;
  response: ModelResponse;
}

/** The normalised hash of a request: model, messages, tools, tool choice and output settings. */
export function requestHash(req: ModelRequest): string {
  const { providerOptions: _p, ...rest } = req;
  return fnv1a(stableStringify(rest));
}

/** Wraps a real provider and hands every exchange to `sink` (for fixtures replayed later). */
export class RecordingProvider implements ModelProvider {
  readonly id: string;
  constructor(
    private readonly inner: ModelProvider,
    private readonly sink: (rec: RecordedExchange) => void,
  ) {
    this.id = `recording:${inner.id}`;
  }

  async generate(req: ModelRequest, opts?: CallOptions): Promise<ModelResponse> {
    const response = await this.inner.generate(req, opts);
    const { raw: _raw, ...kept } = response;
    this.sink({ hash: requestHash(req), request: structuredClone(req), response: structuredClone(kept) });
    return response;
  }

  /** Streams through the inner provider (or its `generate`) and records the assembled response. */
  async *stream(req: ModelRequest, opts?: CallOptions): AsyncIterable<ModelStreamEvent> {
    const events = this.inner.stream !== undefined ? this.inner.stream(req, opts) : responseToEvents(await this.inner.generate(req, opts));
    for await (const e of events) {
      if (e.type === 'finish') {
        const { raw: _raw, ...kept } = e.response;
        this.sink({ hash: requestHash(req), request: structuredClone(req), response: structuredClone(kept) });
      }
      yield e;
    }
  }
}

/**
 * Replays recorded exchanges: `hash` (strict) matches each request by its normalised hash, `sequence` (lenient)
 * answers in recorded order. An unmatched request throws.
 */
export class ReplayProvider implements ModelProvider {
  readonly id = 'replay';
  private readonly records: RecordedExchange[];
  private readonly used = new Set<number>();
  private cursor = 0;
  private readonly match: 'hash' | 'sequence';

  constructor(records: unknown[], o: { match: 'hash' | 'sequence' } = { match: 'hash' }) {
    this.records = records.map((r, i) => {
      const rec = r as Partial<RecordedExchange>;
      if (typeof rec?.hash !== 'string' || typeof rec.response !== 'object' || rec.response === null) {
        throw new TypeError(`ReplayProvider: record ${i} is not a recorded exchange`);
      }
      return rec as RecordedExchange;
    });
    this.match = o.match;
  }

  async generate(req: ModelRequest): Promise<ModelResponse> {
    if (this.match === 'sequence') {
      const rec = this.records[this.cursor];
      if (rec === undefined) throw new Error(`ReplayProvider: no recorded response #${this.cursor}`);
      this.cursor += 1;
      return structuredClone(rec.response);
    }
    const hash = requestHash(req);
    const index = this.records.findIndex((r, i) => r.hash === hash && !this.used.has(i));
    if (index < 0) throw new Error(`ReplayProvider: no recording matches request hash ${hash}`);
    this.used.add(index);
    return structuredClone(this.records[index]!.response);
  }
}
