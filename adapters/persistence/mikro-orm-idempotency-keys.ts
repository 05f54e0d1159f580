import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';

/** The claim a request holds on its key while it runs; completing or releasing needs it. */
export interface IdempotencyLease {
  readonly caller: string;
  readonly key: string;
  readonly token: string;
}

export type Claim =
  /** This request runs; `takenOver` when it took the key from a claim whose lease had expired. */
  | { readonly outcome: 'claimed'; readonly lease: IdempotencyLease; readonly takenOver: boolean }
  | { readonly outcome: 'done'; readonly status: number; readonly body: unknown }
  /** Another request holds the key and its lease is live. */
  | { readonly outcome: 'in_progress' }
  /** The claim's lease expired without an answer, and the caller did not ask to take it over. */
  | { readonly outcome: 'abandoned' }
  | { readonly outcome: 'mismatch' };

export interface ClaimOptions {
  /** How long a claim stays live without being renewed. */
  readonly leaseMs: number;
  /** Whether a claim whose lease expired is taken over (the route is safe to run again). */
  readonly takeOver: boolean;
}

const DEFAULT_CLAIM: ClaimOptions = { leaseMs: 30_000, takeOver: false };

/**
 * Idempotency keys in PostgreSQL. `claim` inserts the key as in progress with a lease; the primary
 * key makes exactly one of any number of concurrent claims win, and the row lock exactly one of
 * any number of take-overs. Leases run on the database's clock, so API instances' clocks do not
 * matter; a claim's token fences a request that lost its lease out of completing or releasing.
 */
export class MikroOrmIdempotencyKeys {
  constructor(private readonly orm: MikroORM) {}

  async claim(caller: string, key: string, requestHash: string, options: ClaimOptions = DEFAULT_CLAIM): Promise<Claim> {
    const em = this.orm.em.fork();
    const token = randomUUID();
    const lease = { caller, key, token };
    const inserted = await em.execute<unknown[]>(
      `insert into idempotency_keys (caller, key, request_hash, status, locked_until, lease_token)
       values (?, ?, ?, 'in_progress', now() + ? * interval '1 millisecond', ?) on conflict do nothing returning key`,
      [caller, key, requestHash, options.leaseMs, token],
    );
    if (inserted.length === 1) return { outcome: 'claimed', lease, takenOver: false };
    const rows = await em.execute<{ request_hash: string; status: string; response_status: number | null; response_body: unknown; expired: boolean }[]>(
      `select request_hash, status, response_status, response_body, coalesce(locked_until <= now(), true) as expired
       from idempotency_keys where caller = ? and key = ?`,
      [caller, key],
    );
    const row = rows[0];
    // Released between the insert and the select: try again.
    if (row === undefined) return this.claim(caller, key, requestHash, options);
    if (row.request_hash !== requestHash) return { outcome: 'mismatch' };
    if (row.status === 'done') return { outcome: 'done', status: Number(row.response_status), body: row.response_body };
    if (!row.expired) return { outcome: 'in_progress' };
    if (!options.takeOver) return { outcome: 'abandoned' };
    const taken = await em.execute<unknown[]>(
      `update idempotency_keys set locked_until = now() + ? * interval '1 millisecond', lease_token = ?
       where caller = ? and key = ? and request_hash = ? and status = 'in_progress' and (locked_until is null or locked_until <= now())
       returning key`,
      [options.leaseMs, token, caller, key, requestHash],
    );
    if (taken.length === 1) return { outcome: 'claimed', lease, takenOver: true };
    // Another repeat took it over (or it completed) meanwhile: look again.
    return this.claim(caller, key, requestHash, options);
  }

  /** Extends a live claim; `false` when the claim no longer holds the key (taken over, or settled). */
  async renew(lease: IdempotencyLease, leaseMs: number): Promise<boolean> {
    const renewed = await this.orm.em.fork().execute<unknown[]>(
      `update idempotency_keys set locked_until = now() + ? * interval '1 millisecond'
         where caller = ? and key = ? and lease_token = ? and status = 'in_progress' returning key`,
      [leaseMs, lease.caller, lease.key, lease.token],
    );
    return renewed.length === 1;
  }

  /** Keeps the answer for every repeat; `false` (nothing written) when the claim had lost the key. */
  async complete(lease: IdempotencyLease, status: number, body: unknown): Promise<boolean> {
    const completed = await this.orm.em.fork().execute<unknown[]>(
      `update idempotency_keys set status = 'done', response_status = ?, response_body = ?::jsonb, locked_until = null, lease_token = null
         where caller = ? and key = ? and lease_token = ? and status = 'in_progress' returning key`,
      [status, JSON.stringify(body), lease.caller, lease.key, lease.token],
    );
    return completed.length === 1;
  }

  /** A request that failed without an answer worth keeping frees its key for a retry. */
  async release(lease: IdempotencyLease): Promise<void> {
    await this.orm.em
      .fork()
      .execute(`delete from idempotency_keys where caller = ? and key = ? and lease_token = ? and status = 'in_progress'`, [lease.caller, lease.key, lease.token]);
  }
}
