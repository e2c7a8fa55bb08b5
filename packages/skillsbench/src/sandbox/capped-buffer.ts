/**
 * Keeps the first `cap` and the last `cap` bytes of a stream, with the total byte count, so a verifier that prints
 * gigabytes cannot exhaust memory and the report still shows how the output began and ended.
 */
export class CappedBuffer {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  /** Every byte written, kept or not. */
  total = 0;

  constructor(private readonly cap: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    let rest = chunk;
    if (this.headBytes < this.cap) {
      const take = Math.min(this.cap - this.headBytes, rest.length);
      this.head.push(rest.subarray(0, take));
      this.headBytes += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0) return;
    this.tail.push(rest);
    this.tailBytes += rest.length;
    if (this.tailBytes > this.cap * 2) this.trimTail();
  }

  private trimTail(): void {
    const joined = Buffer.concat(this.tail);
    const kept = joined.subarray(joined.length - this.cap);
    this.tail = [Buffer.from(kept)];
    this.tailBytes = kept.length;
  }

  /** True when bytes were dropped between the head and the tail. */
  get truncated(): boolean {
    return this.total > this.cap * 2;
  }

  /** The kept text; a marker line names how many bytes were dropped. */
  text(): string {
    if (this.tailBytes > this.cap) this.trimTail();
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    if (!this.truncated) return head + tail;
    return `${head}\n…[${this.total - this.headBytes - this.tailBytes} bytes dropped]…\n${tail}`;
  }
}
