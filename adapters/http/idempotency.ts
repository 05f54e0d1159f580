import { createHash } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { MikroOrmIdempotencyKeys } from '../persistence/mikro-orm-idempotency-keys.js';
import { readRawBody } from './body.js';
import { HttpProblem } from './problem.js';

const KEY = /^[A-Za-z0-9_.:-]{8,255}$/;

/**
 * `Idempotency-Key` for POST routes: the same key with the same body gets the first response
 * again (also when the requests arrive together: the others wait for the first); the same key
 * with another body is a 422. Responses of 5xx are not kept, so a retry may try again.
 */
export function idempotent(keys: MikroOrmIdempotencyKeys, callerOf: (ctx: Context) => string, options: { waitMs?: number; bodyLimit?: number } = {}) {
  const waitMs = options.waitMs ?? 30_000;
  return async (ctx: Context, next: Next): Promise<void> => {
    const key = ctx.get('idempotency-key');
    if (key === '') return next();
    if (!KEY.test(key)) throw new HttpProblem(400, 'request.invalid_idempotency_key', 'Bad Request', 'Idempotency-Key must be 8 to 255 letters, digits, or _ . : -');
    // The body is read once here and handed on, so the route sees the same bytes that were hashed.
    const raw = await readRawBody(ctx, options.bodyLimit ?? 64 * 1024);
    ctx.state['rawBody'] = raw;
    const hash = createHash('sha256').update(`${ctx.method} ${ctx.path}\n`).update(raw).digest('hex');
    const caller = callerOf(ctx);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const claim = await keys.claim(caller, key, hash);
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
      if (claim.outcome === 'claimed') break;
      if (Date.now() > deadline) throw new HttpProblem(409, 'request.in_progress', 'Conflict', 'a request with this Idempotency-Key is still being processed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    try {
      await next();
    } catch (error) {
      if (error instanceof HttpProblem && error.status < 500) {
        await keys.complete(caller, key, error.status, problemBody(ctx, error));
      } else {
        await keys.release(caller, key);
      }
      throw error;
    }
    if (ctx.status >= 500) await keys.release(caller, key);
    else await keys.complete(caller, key, ctx.status, ctx.body);
  };
}

function problemBody(ctx: Context, problem: HttpProblem) {
  return { type: `/problems/${problem.code}`, title: problem.title, status: problem.status, code: problem.code, detail: problem.detail, instance: ctx.path, ...problem.extensions };
}
