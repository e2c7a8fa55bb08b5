import type { ModelProvider } from '@agent33/runtime';
import type { ComponentBoard } from './components.js';
import type { Logger } from './logger.js';

/**
 * Tracks whether the configured model server answers. Probed at startup (a clear warning, never a crash) and again,
 * at most every `recheckMs`, while it is down, so invocations answer 503 quickly instead of waiting out retries and
 * recover by themselves once the server comes up.
 */
export class ModelHealth {
  private down: string | undefined;
  private lastProbe = Number.NEGATIVE_INFINITY;
  private inflight: Promise<string | undefined> | undefined;

  constructor(
    private readonly provider: ModelProvider | undefined,
    private readonly describe: string,
    private readonly board: ComponentBoard,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly recheckMs = 5_000,
  ) {}

  /** Probes the server (lists its models); returns undefined when it answers, else the reason. */
  async probe(): Promise<string | undefined> {
    const provider = this.provider;
    if (provider?.listModels === undefined) return undefined;
    this.inflight ??= (async () => {
      this.lastProbe = this.now();
      try {
        const models = await provider.listModels?.({ timeoutMs: 3_000 }) ?? [];
        this.markUp(`${this.describe} (${models.length} models)`);
        return undefined;
      } catch (error) {
        const reason = `model server ${this.describe} is not reachable: ${error instanceof Error ? error.message : String(error)}`;
        this.markDown(reason);
        return reason;
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }

  /** Why invocations cannot run right now, re-probing when the last failure is older than `recheckMs`. */
  async unavailable(): Promise<string | undefined> {
    if (this.down === undefined) return undefined;
    if (this.now() - this.lastProbe >= this.recheckMs) return this.probe();
    return this.down;
  }

  /** Called when a call fails with a network error: later requests answer 503 until a probe succeeds. */
  markDown(reason: string): void {
    if (this.down === undefined) {
      this.logger.warn(`${reason}; agent invocations answer 503 until it is reachable (--demo runs the scripted model)`);
    }
    this.down = reason;
    this.board.set({ name: 'model', state: 'unavailable', detail: reason, required: false });
  }

  private markUp(detail: string): void {
    if (this.down !== undefined) this.logger.info(`model server ${this.describe} is reachable again`);
    this.down = undefined;
    this.board.set({ name: 'model', state: 'ready', detail, required: false });
  }
}
