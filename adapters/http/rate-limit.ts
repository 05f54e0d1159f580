import type { Context, Next } from 'koa';
import { HttpProblem } from './problem.js';

/**
 * An in-process token bucket per key: `capacity` tokens, refilled continuously at `capacity` per
 * `windowMs`. A full bucket is the same as no bucket, so idle keys are dropped to bound memory.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly capacity: number,
    windowMs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly maxKeys = 10_000,
  ) {
    this.perMs = capacity / windowMs;
  }

  /** Takes a token for `key`; when there is none, says how many ms until there is. */
  take(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      return { ok: false, retryAfterMs: (1 - bucket.tokens) / this.perMs };
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.sweep(now);
    return { ok: true };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.capacity) this.buckets.delete(key);
    }
    // Still too many (a flood of distinct clients): forget the oldest, which only lets them retry sooner.
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}

export interface RateLimitRule {
  readonly name: string;
  readonly matches: (ctx: Context) => boolean;
  readonly buckets: TokenBuckets;
}

/** Koa middleware: a request matching a rule takes a token for its client IP or is answered 429. */
export function rateLimit(rules: readonly RateLimitRule[]) {
  return async (ctx: Context, next: Next): Promise<void> => {
    for (const rule of rules) {
      if (!rule.matches(ctx)) continue;
      const taken = rule.buckets.take(ctx.ip || 'unknown');
      if (!taken.ok) {
        const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
        ctx.set('Retry-After', String(seconds));
        throw new HttpProblem(429, 'request.rate_limited', 'Too Many Requests', `too many requests (${rule.name}); retry after ${seconds} s`, { retryAfterSeconds: seconds });
      }
    }
    await next();
  };
}
