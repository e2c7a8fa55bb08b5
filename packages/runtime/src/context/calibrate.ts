import type { Message, ToolSpec } from '../model/types.js';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import type { TokenCounter } from './types.js';

/**
 * Wraps any counter and scales its estimates by the ratio the provider reports: an exponential moving average of
 * `actualInputTokens / estimate` for the exact prefix just sent, clamped to `[min, max]`. The first observations are
 * averaged plainly (weight `1/n`) so the factor converges in a few calls; later ones use `alpha`. This corrects
 * both the heuristic's over-reservation and unknown tokenizers (local models behind Ollama or vLLM).
 */
export class CalibratedCounter implements TokenCounter {
  readonly name: string;
  private readonly inner: TokenCounter;
  private readonly min: number;
  private readonly max: number;
  private readonly alpha: number;
  private factorValue = 1;
  private observations = 0;

  constructor(inner: TokenCounter, o: { min?: number; max?: number; alpha?: number } = {}) {
    this.inner = inner;
    this.name = `calibrated(${inner.name})`;
    this.min = o.min ?? 0.8;
    this.max = o.max ?? 1.5;
    this.alpha = o.alpha ?? 0.3;
    if (!(this.min > 0 && this.min <= 1 && this.max >= 1 && Number.isFinite(this.max))) {
      throw new RuntimeOptionsError(`CalibratedCounter needs 0 < min <= 1 <= max, got min=${String(o.min)} max=${String(o.max)}`);
    }
    if (!(this.alpha > 0 && this.alpha <= 1)) throw new RuntimeOptionsError(`CalibratedCounter alpha must be in (0, 1], got ${String(o.alpha)}`);
  }

  /** The current correction factor applied to the inner counter's estimates. */
  get factor(): number {
    return this.factorValue;
  }

  /** Feeds back what the provider reported for the request made of `sent` and `tools`. Non-positive values are ignored. */
  observe(sent: readonly Message[], tools: readonly ToolSpec[], actualInputTokens: number): void {
    if (!Number.isFinite(actualInputTokens) || actualInputTokens <= 0) return;
    const estimate = this.inner.countMessages(sent) + this.inner.countTools(tools);
    if (estimate <= 0) return;
    const ratio = Math.min(this.max, Math.max(this.min, actualInputTokens / estimate));
    this.observations += 1;
    const weight = Math.max(this.alpha, 1 / this.observations);
    this.factorValue = this.factorValue + weight * (ratio - this.factorValue);
  }

  private scale(tokens: number): number {
    return tokens === 0 ? 0 : Math.ceil(tokens * this.factorValue);
  }

  countText(s: string): number {
    return this.scale(this.inner.countText(s));
  }

  countMessage(m: Message): number {
    return this.scale(this.inner.countMessage(m));
  }

  countMessages(ms: readonly Message[]): number {
    return this.scale(this.inner.countMessages(ms));
  }

  countTools(ts: readonly ToolSpec[]): number {
    return this.scale(this.inner.countTools(ts));
  }
}
