/** A keyed token-bucket rate limiter (per IP, per session) for sign-in and board creation. */

/** A rate limit as the API uses it: kept in this process, or shared by instances (fanout/redisLimiter.ts). */
export interface Limiter {
  /** Takes one action for `key`; 0 when allowed, else the seconds to wait. */
  take(key: string): number | Promise<number>;
  /** Gives back an action taken with `take` (it turned out not to count). */
  giveBack(key: string): void | Promise<void>;
}

/** Limits `capacity` actions per `windowMs`, refilled continuously. */
export class RateLimiter implements Limiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
  ) {}

  /** Takes one action for `key`; returns 0 when allowed, else the seconds to wait. */
  take(key: string, now = Date.now()): number {
    const wait = this.peek(key, now);
    if (wait > 0) return wait;
    this.buckets.get(key)!.tokens -= 1;
    if (this.buckets.size > 10_000) this.prune(now);
    return 0;
  }

  /** Gives back an action taken with `take` (it turned out not to count, e.g. a right secret). */
  giveBack(key: string): void {
    const b = this.buckets.get(key);
    if (b) b.tokens = Math.min(this.capacity, b.tokens + 1);
  }

  /** The seconds `key` must wait before its next action (0: it may act), without taking one. */
  peek(key: string, now = Date.now()): number {
    const rate = this.capacity / this.windowMs;
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    b.tokens = Math.min(this.capacity, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(key, b);
    return b.tokens < 1 ? Math.ceil((1 - b.tokens) / rate / 1000) : 0;
  }

  private prune(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * (this.capacity / this.windowMs) >= this.capacity)
        this.buckets.delete(key);
    }
  }
}

/**
 * Work each key may spend: `burst` at once, refilled at `perSecond`. Work measured after it was
 * done may overdraw it; the key then waits until the debt is repaid.
 */
export class WorkAllowance {
  private readonly left = new Map<string, { amount: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {}

  /** What `key` may spend now (negative: what it still owes). */
  available(key: string, now = performance.now()): number {
    const b = this.left.get(key) ?? { amount: this.burst, at: now };
    b.amount = Math.min(this.burst, b.amount + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.left.set(key, b);
    return b.amount;
  }

  /** Takes `amount` when that much is available; false (nothing taken) otherwise. */
  take(key: string, amount: number, now = performance.now()): boolean {
    if (amount > this.available(key, now)) return false;
    this.left.get(key)!.amount -= amount;
    return true;
  }

  /** Records `amount` of work already done, overdrawing if need be. */
  spend(key: string, amount: number, now = performance.now()): void {
    this.available(key, now);
    this.left.get(key)!.amount -= amount;
  }
}
