import { sqlMigration } from './sql-migration.js';

/**
 * Refunds an operator must look at: why and since when a refund saga parked (cleared when it
 * resumes), and every operator decision on a refund (retry, mark failed, credit the wallet
 * instead) with who, why and when. Kept in PostgreSQL, whatever Temporal's retention keeps.
 */
export const Migration0008RefundOperations = sqlMigration({
  up: [
    `
      alter table refunds
        add column attention_reason varchar(300) null,
        add column attention_since timestamptz null,
        add constraint refunds_attention_pair check ((attention_reason is null) = (attention_since is null)),
        add constraint refunds_attention_only_pending check (attention_reason is null or status = 'pending');`,
    `create index refunds_attention_idx on refunds (attention_since) where attention_since is not null;`,
    `
      create table refund_decisions (
        id serial primary key,
        refund_id varchar(64) not null references refunds (id),
        action varchar(32) not null check (action in ('retry', 'mark_failed', 'credit_wallet')),
        decided_by varchar(128) not null,
        reason varchar(200) not null,
        decided_at timestamptz not null
      );`,
    `create index refund_decisions_refund_idx on refund_decisions (refund_id, decided_at);`,
  ],

  down: [
    `drop table if exists refund_decisions;`,
    `drop index if exists refunds_attention_idx;`,
    `
      alter table refunds
        drop constraint if exists refunds_attention_only_pending,
        drop constraint if exists refunds_attention_pair,
        drop column if exists attention_since,
        drop column if exists attention_reason;`,
  ],
});
