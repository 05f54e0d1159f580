import { sqlMigration } from './sql-migration.js';

/** Catalog and stock, orders and their items, payments, the verification ledger, wallet and loyalty ledgers. */
export const Migration0001Checkout = sqlMigration({
  up: [
    `
      create table products (
        sku varchar(64) primary key,
        name varchar(200) not null,
        price_minor bigint not null check (price_minor >= 0),
        currency char(3) not null,
        on_hand integer not null check (on_hand >= 0),
        created_at timestamptz not null default now()
      );`,
    `
      create table orders (
        id varchar(64) primary key,
        customer_id varchar(128) not null,
        gateway varchar(32) not null,
        status varchar(32) not null check (status in ('pending_payment', 'paid', 'confirmed', 'cancelled')),
        currency char(3) not null,
        subtotal_minor bigint not null check (subtotal_minor >= 0),
        total_minor bigint not null check (total_minor >= 0),
        cancel_reason varchar(64),
        placed_at timestamptz not null,
        paid_at timestamptz,
        confirmed_at timestamptz,
        cancelled_at timestamptz,
        updated_at timestamptz not null
      );`,
    `create index orders_customer_idx on orders (customer_id, placed_at desc);`,
    `
      create table order_items (
        id serial primary key,
        order_id varchar(64) not null references orders (id) on delete cascade,
        position integer not null,
        sku varchar(64) not null,
        name varchar(200) not null,
        unit_price_minor bigint not null check (unit_price_minor >= 0),
        quantity integer not null check (quantity > 0),
        line_total_minor bigint not null check (line_total_minor >= 0),
        unique (order_id, position)
      );`,
    `
      create table payments (
        id varchar(64) primary key,
        order_id varchar(64) not null unique references orders (id),
        gateway varchar(32) not null,
        status varchar(32) not null,
        amount_minor bigint not null check (amount_minor > 0),
        currency char(3) not null,
        gateway_payment_id varchar(128),
        transaction_id varchar(128),
        redirect_url text,
        expires_at timestamptz,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        unique (gateway, gateway_payment_id)
      );`,
    `
      create table payment_verifications (
        id serial primary key,
        gateway varchar(32) not null,
        transaction_id varchar(128) not null,
        gateway_payment_id varchar(128) not null,
        order_id varchar(64) not null references orders (id),
        amount_minor bigint not null check (amount_minor > 0),
        currency char(3) not null,
        verified_at timestamptz not null,
        unique (gateway, transaction_id)
      );`,
    `
      create table wallet_entries (
        id serial primary key,
        customer_id varchar(128) not null,
        kind varchar(32) not null,
        amount_minor bigint not null,
        currency char(3) not null,
        order_id varchar(64) references orders (id),
        reason varchar(200) not null,
        idempotency_key varchar(200) not null unique,
        created_at timestamptz not null
      );`,
    `create index wallet_entries_customer_idx on wallet_entries (customer_id, currency);`,
    `
      create table loyalty_entries (
        id serial primary key,
        customer_id varchar(128) not null,
        kind varchar(32) not null,
        points integer not null,
        order_id varchar(64) references orders (id),
        idempotency_key varchar(200) not null unique,
        created_at timestamptz not null
      );`,
    `create index loyalty_entries_customer_idx on loyalty_entries (customer_id);`,
    `
      create table stock_reservations (
        order_id varchar(64) primary key references orders (id),
        lines jsonb not null,
        reserved_at timestamptz not null
      );`,
  ],

  down: ['stock_reservations', 'loyalty_entries', 'wallet_entries', 'payment_verifications', 'payments', 'order_items', 'orders', 'products'].map(
    (table) => `drop table if exists ${table};`,
  ),
});
