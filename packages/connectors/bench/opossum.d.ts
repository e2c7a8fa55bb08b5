// Minimal typing of the opossum surface the benchmarks use (the package ships no types).
declare module 'opossum' {
  export default class CircuitBreaker<A extends unknown[] = unknown[], R = unknown> {
    constructor(action: (...args: A) => Promise<R>, options?: { timeout?: number | false; errorThresholdPercentage?: number; resetTimeout?: number; volumeThreshold?: number });
    fire(...args: A): Promise<R>;
    shutdown(): void;
  }
}
