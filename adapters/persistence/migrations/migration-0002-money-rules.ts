import { sqlMigration } from './sql-migration.js';

/**
 * The money rules in full: wallet and loyalty accounts that can never go below zero, refunds,
 * stock reservations that are committed or released, quotes with tax, delivery and discount.
 */
export const Migration0002MoneyRules = sqlMigration({
  up: [
    // Orders: the quote's parts and what refunds gave back.
    `alter table orders drop constraint orders_status_check;`,
    `alter table orders add constraint orders_status_check
      check (status in ('pending_payment', 'paid', 'confirmed', 'cancelled', 'partially_refunded', 'refunded'));`,
    `alter table orders
      add column discount_minor bigint not null default 0 check (discount_minor >= 0),
      add column tax_minor bigint not null default 0 check (tax_minor >= 0),
      add column delivery_minor bigint not null default 0 check (delivery_minor >= 0),
      add column delivery_option varchar(16) not null default 'pickup',
      add column points_redeemed integer not null default 0 check (points_redeemed >= 0),
      add column refunded_minor bigint not null default 0 check (refunded_minor >= 0),
      add constraint orders_refunded_within_total check (refunded_minor <= total_minor);`,

    // Payments: an order may be paid in two parts (wallet first, then one gateway).
    `alter table payments drop constraint payments_order_id_key;`,
    `alter table payments add constraint payments_order_gateway_key unique (order_id, gateway);`,

    // Wallet: the account row is the lock and a cached balance that can never go negative;
    // the balance is always the sum of the entries (written in the same transaction).
    `
      create table wallet_accounts (
        customer_id varchar(128) not null,
        currency char(3) not null,
        balance_minor bigint not null default 0 check (balance_minor >= 0),
        primary key (customer_id, currency)
      );`,
    `insert into wallet_accounts (customer_id, currency, balance_minor)
      select customer_id, currency, sum(amount_minor) from wallet_entries group by customer_id, currency;`,
    `alter table wallet_entries
      add column payment_id varchar(64),
      add column refund_id varchar(64),
      add column actor varchar(128),
      add constraint wallet_entries_nonzero check (amount_minor <> 0);`,

    // Loyalty: the same shape, in points; lifetime drives the tier.
    `
      create table loyalty_accounts (
        customer_id varchar(128) primary key,
        balance integer not null default 0 check (balance >= 0),
        lifetime integer not null default 0 check (lifetime >= 0)
      );`,
    `insert into loyalty_accounts (customer_id, balance, lifetime)
      select customer_id, sum(points), sum(points) filter (where kind in ('earn', 'reverse')) from loyalty_entries group by customer_id;`,

    // Stock: reservations hold units until the order commits or releases them.
    `alter table products
      add column reserved integer not null default 0,
      add column low_stock_threshold integer not null default 5 check (low_stock_threshold >= 0),
      add constraint products_reserved_within_on_hand check (reserved >= 0 and reserved <= on_hand);`,
    `alter table stock_reservations
      add column status varchar(16) not null default 'committed' check (status in ('reserved', 'committed', 'released')),
      add column settled_at timestamptz;`,

    // Refunds: pending until the destination confirms; the sum per payment is guarded by
    // the payment row's lock in the use case, and by this check for what completed.
    `
      create table refunds (
        id varchar(64) primary key,
        order_id varchar(64) not null references orders (id),
        payment_id varchar(64) not null references payments (id),
        amount_minor bigint not null check (amount_minor > 0),
        currency char(3) not null,
        destination varchar(16) not null check (destination in ('gateway', 'wallet')),
        status varchar(16) not null check (status in ('pending', 'completed', 'failed')),
        reason varchar(200) not null,
        requested_by varchar(128) not null,
        gateway_refund_id varchar(128),
        failure_reason varchar(200),
        created_at timestamptz not null,
        updated_at timestamptz not null
      );`,
    `create index refunds_payment_idx on refunds (payment_id);`,
  ],

  down: [
    `drop table if exists refunds;`,
    `alter table stock_reservations drop column if exists status, drop column if exists settled_at;`,
    `alter table products drop constraint if exists products_reserved_within_on_hand, drop column if exists reserved, drop column if exists low_stock_threshold;`,
    `drop table if exists loyalty_accounts;`,
    `alter table wallet_entries drop constraint if exists wallet_entries_nonzero, drop column if exists payment_id, drop column if exists refund_id, drop column if exists actor;`,
    `drop table if exists wallet_accounts;`,
    `alter table payments drop constraint if exists payments_order_gateway_key;`,
    `alter table payments add constraint payments_order_id_key unique (order_id);`,
    `alter table orders drop constraint if exists orders_refunded_within_total,
      drop column if exists discount_minor, drop column if exists tax_minor, drop column if exists delivery_minor,
      drop column if exists delivery_option, drop column if exists points_redeemed, drop column if exists refunded_minor;`,
    `alter table orders drop constraint orders_status_check;`,
    `alter table orders add constraint orders_status_check check (status in ('pending_payment', 'paid', 'confirmed', 'cancelled'));`,
  ],
});
