/** A fixed-window request budget per address and route name, in memory (one server process). */
export class RateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();

  /** Counts a request; false when the budget of the current window is spent. */
  take(key: string, max: number, windowMs: number, now: number): boolean {
    if (this.#windows.size > 100_000) this.#sweep(now, windowMs);
    const w = this.#windows.get(key);
    if (!w || now - w.start >= windowMs) {
      this.#windows.set(key, { start: now, count: 1 });
      return true;
    }
    w.count += 1;
    return w.count <= max;
  }

  #sweep(now: number, windowMs: number): void {
    for (const [k, w] of this.#windows) if (now - w.start >= windowMs) this.#windows.delete(k);
  }
}
