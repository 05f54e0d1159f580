import { sqlMigration } from './sql-migration.js';

/**
 * Wallet top-ups: a top-up and its one gateway payment attempt. Their verified transactions go
 * into the same `payment_verifications` ledger as orders' (unique on gateway and transaction id),
 * each row bound to exactly one order or one top-up, so one payment can never both pay an order
 * and top up a wallet, nor top up twice. The wallet entry a top-up credits names it.
 */
export const Migration0005WalletTopUps = sqlMigration({
  up: [
    `
      create table wallet_top_ups (
        id varchar(64) primary key,
        customer_id varchar(128) not null,
        gateway varchar(32) not null,
        status varchar(16) not null check (status in ('pending', 'paid', 'credited', 'failed')),
        amount_minor bigint not null check (amount_minor > 0),
        currency char(3) not null,
        gateway_payment_id varchar(128),
        transaction_id varchar(128),
        action jsonb,
        expires_at timestamptz,
        failure_reason varchar(64),
        created_at timestamptz not null,
        credited_at timestamptz,
        updated_at timestamptz not null,
        unique (gateway, gateway_payment_id)
      );`,
    `create index wallet_top_ups_customer_idx on wallet_top_ups (customer_id, created_at desc);`,
    `alter table payment_verifications
      alter column order_id drop not null,
      add column top_up_id varchar(64) references wallet_top_ups (id),
      add constraint payment_verifications_one_owner check (num_nonnulls(order_id, top_up_id) = 1);`,
    `alter table wallet_entries add column top_up_id varchar(64) references wallet_top_ups (id);`,
  ],

  down: [
    `alter table wallet_entries drop column if exists top_up_id;`,
    `delete from payment_verifications where order_id is null;`,
    `alter table payment_verifications drop constraint if exists payment_verifications_one_owner, drop column if exists top_up_id, alter column order_id set not null;`,
    `drop table if exists wallet_top_ups;`,
  ],
});
