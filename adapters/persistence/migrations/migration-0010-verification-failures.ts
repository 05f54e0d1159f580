import { sqlMigration } from './sql-migration.js';

/**
 * Verifications that failed (amount or currency mismatch, a transaction already bound elsewhere):
 * recorded in PostgreSQL when they happen, so operators and reconciliation find them without the
 * saga's history or the logs. Once per (payment, transaction, code): a retried verify adds nothing.
 */
export const Migration0010VerificationFailures = sqlMigration({
  up: [
    `
      create table verification_failures (
        id serial primary key,
        gateway varchar(32) not null,
        gateway_payment_id varchar(128) not null,
        transaction_id varchar(128) not null default '',
        order_id varchar(64) references orders (id),
        top_up_id varchar(64),
        code varchar(64) not null,
        message varchar(500) not null,
        reported_amount_minor bigint,
        reported_currency char(3),
        failed_at timestamptz not null,
        check ((order_id is null) <> (top_up_id is null)),
        unique (gateway, gateway_payment_id, transaction_id, code)
      );`,
    `create index verification_failures_failed_at_idx on verification_failures (failed_at desc, id desc);`,
  ],

  down: [`drop table if exists verification_failures;`],
});
