import { createHash } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { IdempotencyLease, MikroOrmIdempotencyKeys } from '../persistence/mikro-orm-idempotency-keys.js';
import { readRawBody } from './body.js';
import { HttpProblem } from './problem.js';

// Stored with the order or top-up it made, in a varchar(200) column.
const KEY = /^[A-Za-z0-9_.:-]{8,200}$/;

/** What a route behind `idempotent` learns about the key it runs under. */
export interface IdempotencyScope {
  readonly caller: string;
  readonly key: string;
  /** This run took the key over from an earlier one that stopped without an answer. */
  readonly takenOver: boolean;
}

export interface IdempotentOptions {
  /** How long a repeat waits for the first request's answer before a 409. Default 30 s. */
  readonly waitMs?: number;
  readonly bodyLimit?: number;
  /** How long a claim lives without renewal; it is renewed every third of that while the request runs. Default 30 s. */
  readonly leaseMs?: number;
  /**
   * What a repeat does once the first request's lease has expired without an answer (it crashed):
   * `take_over` runs the request again, for routes whose effect is idempotent by itself (keyed on
   * an id derived from the Idempotency-Key, see `IdempotencyScope`); `refuse` (the default) answers
   * 409 `request.abandoned`, for routes where a second run could do the thing twice.
   */
  readonly onExpiredLease?: 'take_over' | 'refuse';
}

/**
 * `Idempotency-Key` for POST routes: the same key with the same body gets the first response
 * again (also when the requests arrive together: the others wait for the first); the same key
 * with another body is a 422. Responses of 5xx are not kept, so a retry may try again. A request
 * holds its key under a lease it renews while it runs; one that crashed leaves a lease that
 * expires, and a repeat then takes the key over or is told the first run was abandoned.
 * The route finds its `IdempotencyScope` in `ctx.state.idempotency`.
 */
export function idempotent(keys: MikroOrmIdempotencyKeys, callerOf: (ctx: Context) => string, options: IdempotentOptions = {}) {
  const waitMs = options.waitMs ?? 30_000;
  const leaseMs = options.leaseMs ?? 30_000;
  const takeOver = options.onExpiredLease === 'take_over';
  return async (ctx: Context, next: Next): Promise<void> => {
    const key = ctx.get('idempotency-key');
    if (key === '') return next();
    if (!KEY.test(key)) throw new HttpProblem(400, 'request.invalid_idempotency_key', 'Bad Request', 'Idempotency-Key must be 8 to 200 letters, digits, or _ . : -');
    // The body is read once here and handed on, so the route sees the same bytes that were hashed.
    const raw = await readRawBody(ctx, options.bodyLimit ?? 64 * 1024);
    ctx.state['rawBody'] = raw;
    const hash = createHash('sha256').update(`${ctx.method} ${ctx.path}\n`).update(raw).digest('hex');
    const caller = callerOf(ctx);
    const deadline = Date.now() + waitMs;
    let lease: IdempotencyLease;
    for (;;) {
      const claim = await keys.claim(caller, key, hash, { leaseMs, takeOver });
      if (claim.outcome === 'mismatch') {
        throw new HttpProblem(422, 'request.idempotency_key_reused', 'Unprocessable Content', 'this Idempotency-Key was used with another request body');
      }
      if (claim.outcome === 'done') {
        ctx.status = claim.status;
        ctx.body = claim.body;
        if (claim.status >= 400) ctx.type = 'application/problem+json';
        ctx.set('Idempotent-Replayed', 'true');
        return;
      }
      if (claim.outcome === 'abandoned') {
        throw new HttpProblem(
          409,
          'request.abandoned',
          'Conflict',
          'the first request with this Idempotency-Key stopped without an answer and may have taken effect; check its outcome before retrying with a new key',
        );
      }
      if (claim.outcome === 'claimed') {
        lease = claim.lease;
        ctx.state['idempotency'] = { caller, key, takenOver: claim.takenOver } satisfies IdempotencyScope;
        break;
      }
      if (Date.now() > deadline) throw new HttpProblem(409, 'request.in_progress', 'Conflict', 'a request with this Idempotency-Key is still being processed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Renewed while the request runs, so only a request that stopped loses its key.
    const renewal = setInterval(() => void keys.renew(lease, leaseMs).catch(() => undefined), Math.max(50, Math.floor(leaseMs / 3)));
    renewal.unref();
    try {
      await next();
    } catch (error) {
      clearInterval(renewal);
      if (error instanceof HttpProblem && error.status < 500) {
        await keys.complete(lease, error.status, problemBody(ctx, error));
      } else {
        await keys.release(lease);
      }
      throw error;
    }
    clearInterval(renewal);
    if (ctx.status >= 500) await keys.release(lease);
    else await keys.complete(lease, ctx.status, ctx.body);
  };
}

function problemBody(ctx: Context, problem: HttpProblem) {
  return { type: `/problems/${problem.code}`, title: problem.title, status: problem.status, code: problem.code, detail: problem.detail, instance: ctx.path, ...problem.extensions };
}
