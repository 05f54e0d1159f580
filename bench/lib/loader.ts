/**
 * Open-model load: operation i is started at t0 + i / rate whether or not earlier ones have
 * finished (a slow server gets more work in flight, not less offered load). Latency is measured
 * from the operation's scheduled start, so a loader that falls behind does not hide the delay
 * (no coordinated omission). Bounded: a fixed number of operations, a cap on how many may be in
 * flight (an operation that would exceed it is counted as `overflow`, a failure), and a drain
 * deadline after which unfinished operations are counted as `unfinished`, also a failure.
 */
import { performance } from 'node:perf_hooks';
import { summarize, type Summary } from './stats.js';

export interface OpenLoadOptions {
  /** Operations per second. */
  readonly rate: number;
  readonly durationMs: number;
  /** Operation i; throws (or rejects) on failure. */
  readonly op: (i: number) => Promise<void>;
  readonly maxInFlight?: number;
  /** How long to wait after the last start for everything in flight. */
  readonly drainMs?: number;
}

export interface OpenLoadResult {
  readonly rate: number;
  readonly durationMs: number;
  readonly scheduled: number;
  readonly ok: number;
  readonly failed: number;
  readonly overflow: number;
  readonly unfinished: number;
  /** Completions per second between the first and the last completion. */
  readonly completedPerSecond: number;
  readonly latencyMs: Summary;
  /** How late the loader started operations (its own saturation). */
  readonly startLagMs: Summary;
  readonly maxInFlightSeen: number;
  readonly errors: Record<string, number>;
}

export async function runOpen(options: OpenLoadOptions): Promise<OpenLoadResult> {
  const total = Math.max(1, Math.round((options.rate * options.durationMs) / 1000));
  const interval = 1000 / options.rate;
  const maxInFlight = options.maxInFlight ?? 4096;
  const drainMs = options.drainMs ?? 30_000;
  const latencies: number[] = [];
  const lags: number[] = [];
  const errors: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  let overflow = 0;
  let inFlight = 0;
  let maxInFlightSeen = 0;
  let lastEnd = 0;
  let firstEnd = 0;
  const pending = new Set<Promise<void>>();
  const noteError = (error: unknown) => {
    const key = (error instanceof Error ? error.message : String(error)).replace(/ord_[0-9A-Za-z]+|[0-9a-f]{16,}/g, '…').slice(0, 160);
    errors[key] = (errors[key] ?? 0) + 1;
  };

  const t0 = performance.now();
  const fire = (i: number, due: number) => {
    const startedAt = performance.now();
    lags.push(startedAt - due);
    if (inFlight >= maxInFlight) {
      overflow++;
      noteError(new Error(`more than ${maxInFlight} operations in flight`));
      return;
    }
    inFlight++;
    maxInFlightSeen = Math.max(maxInFlightSeen, inFlight);
    const running = (async () => {
      try {
        await options.op(i);
        const end = performance.now();
        latencies.push(end - due);
        ok++;
        lastEnd = Math.max(lastEnd, end);
        if (firstEnd === 0) firstEnd = end;
      } catch (error) {
        failed++;
        noteError(error);
      } finally {
        inFlight--;
      }
    })();
    pending.add(running);
    void running.finally(() => pending.delete(running));
  };

  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && t0 + next * interval <= now) {
        fire(next, t0 + next * interval);
        next++;
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, Math.min(50, t0 + next * interval - performance.now())));
    };
    tick();
  });

  const drainDeadline = new Promise<'timeout'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), drainMs);
    timer.unref();
  });
  await Promise.race([Promise.allSettled([...pending]), drainDeadline]);
  const unfinished = pending.size;
  if (unfinished > 0) errors[`unfinished after ${drainMs} ms of drain`] = unfinished;
  // Between the first and the last completion: equals the arrival rate while the server keeps up.
  const windowMs = ok > 1 ? lastEnd - firstEnd : NaN;
  return {
    rate: options.rate,
    durationMs: options.durationMs,
    scheduled: total,
    ok,
    failed,
    overflow,
    unfinished,
    completedPerSecond: ok > 1 ? Math.round(((ok - 1) / windowMs) * 1000 * 10) / 10 : 0,
    latencyMs: summarize(latencies),
    startLagMs: summarize(lags),
    maxInFlightSeen,
    errors,
  };
}

/** Failures of any kind: failed, overflowed or unfinished operations. */
export function failures(result: OpenLoadResult): number {
  return result.failed + result.overflow + result.unfinished;
}
