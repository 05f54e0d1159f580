import { sqlMigration } from './sql-migration.js';

/**
 * Late payments: money a gateway took after the checkout or top-up that asked for it gave up.
 * One row per gateway payment, with what was taken, what told us, and how it was resolved; and
 * the reconciliation's checks of payments we gave up on, so each is asked on its back-off only.
 */
export const Migration0007LatePayments = sqlMigration({
  up: [
    `
      create table late_payments (
        id bigserial primary key,
        gateway varchar(32) not null,
        gateway_payment_id varchar(128) not null,
        order_id varchar(64) references orders (id),
        payment_id varchar(64) references payments (id),
        top_up_id varchar(64) references wallet_top_ups (id),
        customer_id varchar(128) not null,
        transaction_id varchar(128),
        amount_minor bigint check (amount_minor > 0),
        currency char(3),
        gateway_status varchar(64),
        source varchar(16) not null check (source in ('webhook', 'return', 'reconciliation')),
        resolution varchar(32) not null check (resolution in ('credited_to_wallet', 'top_up_credited', 'not_taken', 'needs_attention', 'dismissed')),
        attention_code varchar(64),
        detail varchar(500),
        wallet_entry_key varchar(200),
        workflow_id varchar(255) not null,
        decided_by varchar(128),
        detected_at timestamptz not null,
        resolved_at timestamptz,
        updated_at timestamptz not null,
        unique (gateway, gateway_payment_id),
        constraint late_payments_one_owner check (num_nonnulls(order_id, top_up_id) = 1),
        constraint late_payments_amount_whole check ((amount_minor is null) = (currency is null)),
        constraint late_payments_credit_taken check (resolution not in ('credited_to_wallet', 'top_up_credited') or (transaction_id is not null and amount_minor is not null and wallet_entry_key is not null))
      );`,
    `create index late_payments_resolution_idx on late_payments (resolution, detected_at desc);`,
    `
      create table late_payment_checks (
        gateway varchar(32) not null,
        gateway_payment_id varchar(128) not null,
        checks_done integer not null check (checks_done >= 0),
        last_status varchar(64) not null,
        last_checked_at timestamptz not null,
        primary key (gateway, gateway_payment_id)
      );`,
    // The reconciliation's scan: payments and top-ups given up on, by when.
    `create index payments_gave_up_idx on payments (updated_at) where status in ('expired', 'cancelled', 'failed') and gateway_payment_id is not null;`,
    `create index wallet_top_ups_failed_idx on wallet_top_ups (updated_at) where status = 'failed' and gateway_payment_id is not null;`,
  ],

  down: [
    `drop index if exists wallet_top_ups_failed_idx;`,
    `drop index if exists payments_gave_up_idx;`,
    `drop table if exists late_payment_checks;`,
    `drop table if exists late_payments;`,
  ],
});
