import { sqlMigration } from './sql-migration.js';

/** Idempotency keys of `POST` requests: the first response per (caller, key), replayed to every retry. */
export const Migration0004IdempotencyKeys = sqlMigration({
  up: [
    `
      create table idempotency_keys (
        caller varchar(128) not null,
        key varchar(255) not null,
        request_hash char(64) not null,
        status varchar(16) not null check (status in ('in_progress', 'done')),
        response_status integer,
        response_body jsonb,
        created_at timestamptz not null default now(),
        primary key (caller, key)
      );`,
  ],

  down: [`drop table if exists idempotency_keys;`],
});
