import type { CliIo } from './io.js';

/**
 * A benchmark progress bar on stderr: redrawn in place on a terminal, one line per 10% otherwise (CI logs stay
 * short). Counts trials by outcome.
 */
export class ProgressBar {
  private done = 0;
  private lastDecile = -1;
  private readonly counts: Record<string, number> = {};

  constructor(
    private readonly io: CliIo,
    private total: number,
    private readonly width = 28,
  ) {}

  setTotal(total: number): void {
    this.total = total;
  }

  /** Records one finished trial and redraws. */
  tick(outcome: string): void {
    this.done += 1;
    this.counts[outcome] = (this.counts[outcome] ?? 0) + 1;
    this.draw();
  }

  /** The current line, e.g. `[#######-----] 7/12 passed 5 failed 2`. */
  line(): string {
    const ratio = this.total === 0 ? 1 : Math.min(1, this.done / this.total);
    const filled = Math.round(ratio * this.width);
    const parts = Object.entries(this.counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${v}`);
    return `[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}] ${this.done}/${this.total}${parts.length > 0 ? `  ${parts.join('  ')}` : ''}`;
  }

  private draw(): void {
    if (this.io.isTty) {
      this.io.raw(`\r${this.line()}`);
      return;
    }
    const decile = this.total === 0 ? 10 : Math.floor((this.done / this.total) * 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.io.err(this.line());
    }
  }

  /** Ends the in-place line. */
  finish(): void {
    if (this.io.isTty) this.io.raw('\n');
  }
}
