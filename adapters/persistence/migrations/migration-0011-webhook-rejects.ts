import { sqlMigration } from './sql-migration.js';

/**
 * Refused webhooks (bad signature, stale, malformed), counted instead of stored one row each: one
 * row per (gateway, error code, minute) with how many, when first and last, and the latest detail
 * as a sample. A flood of forged deliveries then adds a row a minute, not a row a request. The
 * rejects already in gateway_events are folded in the same way and removed from there.
 */
export const Migration0011WebhookRejects = sqlMigration({
  up: [
    `
      create table webhook_rejects (
        gateway varchar(32) not null,
        code varchar(64) not null,
        minute timestamptz not null,
        count integer not null check (count > 0),
        first_seen_at timestamptz not null,
        last_seen_at timestamptz not null,
        sample_detail varchar(500) not null,
        primary key (gateway, code, minute)
      );`,
    `create index webhook_rejects_minute_idx on webhook_rejects (minute desc);`,
    `
      insert into webhook_rejects (gateway, code, minute, count, first_seen_at, last_seen_at, sample_detail)
      select gateway, code, date_trunc('minute', received_at, 'UTC'), count(*), min(received_at), max(received_at), max(detail)
      from (
        select gateway, received_at, coalesce(detail, '') as detail,
               left(coalesce(nullif(split_part(coalesce(detail, ''), ':', 1), ''), 'webhooks.unknown'), 64) as code
        from gateway_events where status = 'rejected'
      ) rejected
      group by gateway, code, date_trunc('minute', received_at, 'UTC');`,
    `delete from gateway_events where status = 'rejected';`,
  ],

  down: [
    // One row back per bucket: the counts do not fit the old shape.
    `
      insert into gateway_events (gateway, status, detail, received_at, updated_at)
      select gateway, 'rejected', left(code || ': ' || sample_detail, 500), last_seen_at, last_seen_at from webhook_rejects;`,
    `drop table if exists webhook_rejects;`,
  ],
});
