import type { MikroORM } from '@mikro-orm/postgresql';

export type Claim =
  | { readonly outcome: 'claimed' }
  | { readonly outcome: 'done'; readonly status: number; readonly body: unknown }
  | { readonly outcome: 'in_progress' }
  | { readonly outcome: 'mismatch' };

/**
 * Idempotency keys in PostgreSQL. `claim` inserts the key as in progress; the primary key makes
 * exactly one of any number of concurrent claims win.
 */
export class MikroOrmIdempotencyKeys {
  constructor(private readonly orm: MikroORM) {}

  async claim(caller: string, key: string, requestHash: string): Promise<Claim> {
    const em = this.orm.em.fork();
    const inserted = await em.execute<unknown[]>(
      `insert into idempotency_keys (caller, key, request_hash, status) values (?, ?, ?, 'in_progress') on conflict do nothing returning key`,
      [caller, key, requestHash],
    );
    if (inserted.length === 1) return { outcome: 'claimed' };
    const rows = await em.execute<{ request_hash: string; status: string; response_status: number | null; response_body: unknown }[]>(
      `select request_hash, status, response_status, response_body from idempotency_keys where caller = ? and key = ?`,
      [caller, key],
    );
    const row = rows[0];
    if (row === undefined) return this.claim(caller, key, requestHash);
    if (row.request_hash !== requestHash) return { outcome: 'mismatch' };
    if (row.status === 'done') return { outcome: 'done', status: Number(row.response_status), body: row.response_body };
    return { outcome: 'in_progress' };
  }

  async complete(caller: string, key: string, status: number, body: unknown): Promise<void> {
    await this.orm.em
      .fork()
      .execute(`update idempotency_keys set status = 'done', response_status = ?, response_body = ?::jsonb where caller = ? and key = ?`, [status, JSON.stringify(body), caller, key]);
  }

  /** A request that failed without an answer worth keeping frees its key for a retry. */
  async release(caller: string, key: string): Promise<void> {
    await this.orm.em.fork().execute(`delete from idempotency_keys where caller = ? and key = ? and status = 'in_progress'`, [caller, key]);
  }
}
