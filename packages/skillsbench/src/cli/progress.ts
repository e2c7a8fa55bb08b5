import type { BenchRunEvent } from '../scheduler/types.js';
import type { CliIo } from './main.js';

const WIDTH = 30;

/**
 * Run progress on stderr: a bar redrawn in place on a terminal, one line per finished trial otherwise (logs, CI).
 */
export class Progress {
  private total = 0;
  private done = 0;
  private readonly counts: Record<string, number> = {};

  constructor(private readonly io: CliIo) {}

  onEvent(event: BenchRunEvent): void {
    if (event.type === 'planned') {
      this.total = event.total;
      this.done = event.skipped;
      this.io.stderr(`planned ${event.total} trial(s), ${event.skipped} already done or skipped\n`);
      return;
    }
    if (event.type !== 'trial-end') return;
    const r = event.record;
    this.counts[r.outcome] = (this.counts[r.outcome] ?? 0) + 1;
    // A retried attempt does not finish a new trial.
    if (r.attempt === 1) this.done += 1;
    if (this.io.isTTY) {
      const filled = this.total === 0 ? WIDTH : Math.round((this.done / this.total) * WIDTH);
      const tally = Object.entries(this.counts).map(([k, v]) => `${k} ${v}`).join(' · ');
      this.io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${this.done}/${this.total} ${tally}\u001b[K`);
    } else {
      this.io.stderr(`[${this.done}/${this.total}] ${r.taskId} ${r.condition} ${r.agentId} #${r.trialIndex}${r.attempt > 1 ? ` attempt ${r.attempt}` : ''}: ${r.outcome}${r.reward === null ? '' : ` (reward ${r.reward})`}\n`);
    }
  }

  finish(): void {
    if (this.io.isTTY) this.io.stderr('\n');
  }
}
