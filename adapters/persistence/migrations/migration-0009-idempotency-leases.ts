import { sqlMigration } from './sql-migration.js';

/**
 * Idempotency keys in progress hold a lease: a request that crashed no longer blocks its key for
 * ever. `locked_until` is the database's time until which the claim is live (renewed while the
 * request runs); `lease_token` names the claim that holds it, so a request that lost its lease
 * cannot complete or release a key another claim has taken over.
 */
export const Migration0009IdempotencyLeases = sqlMigration({
  up: [
    `alter table idempotency_keys add column locked_until timestamptz, add column lease_token varchar(36);`,
    // Claims made before leases existed have no live request behind them any more: free them.
    `update idempotency_keys set locked_until = now() where status = 'in_progress';`,
    // A claim written without a lease still expires.
    `alter table idempotency_keys alter column locked_until set default now() + interval '5 minutes';`,
    `create index idempotency_keys_in_progress_idx on idempotency_keys (locked_until) where status = 'in_progress';`,
  ],

  down: [`drop index if exists idempotency_keys_in_progress_idx;`, `alter table idempotency_keys drop column if exists locked_until, drop column if exists lease_token;`],
});
