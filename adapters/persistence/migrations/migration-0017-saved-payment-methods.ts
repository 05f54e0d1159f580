import { sqlMigration } from './sql-migration.js';

/**
 * Saved payment methods, kept through the gateway's own tokens: the gateway's customer for each
 * shopper (created once), the gateway's method ids with their display data (brand, last four,
 * expiry, the wallet) and never a card number; and on each payment how it was paid. Deleting a
 * method removes its row (hard delete: it holds display data only, and the gateway detaches the
 * method itself).
 */
export const Migration0017SavedPaymentMethods = sqlMigration({
  up: [
    `
      create table gateway_customers (
        customer_id varchar(128) not null,
        gateway varchar(32) not null,
        gateway_customer_id varchar(128) not null,
        created_at timestamptz not null default now(),
        primary key (customer_id, gateway),
        unique (gateway, gateway_customer_id)
      );`,
    `
      create table saved_payment_methods (
        id varchar(64) primary key,
        customer_id varchar(128) not null,
        gateway varchar(32) not null,
        gateway_customer_id varchar(128) not null,
        gateway_method_id varchar(128) not null,
        type varchar(16) not null check (type in ('card')),
        brand varchar(32) not null check (brand ~ '^[a-z][a-z_]*$'),
        last4 char(4) not null check (last4 ~ '^[0-9]{4}$'),
        exp_month smallint not null check (exp_month between 1 and 12),
        exp_year smallint not null check (exp_year between 2000 and 2100),
        wallet varchar(32) check (wallet ~ '^[a-z][a-z_]*$'),
        is_default boolean not null default false,
        created_at timestamptz not null,
        unique (gateway, gateway_method_id),
        foreign key (gateway, gateway_customer_id) references gateway_customers (gateway, gateway_customer_id)
      );`,
    `create index saved_payment_methods_customer_idx on saved_payment_methods (customer_id, created_at);`,
    `create unique index saved_payment_methods_one_default on saved_payment_methods (customer_id) where is_default;`,
    `alter table payments add column paid_with_type varchar(16), add column paid_with_brand varchar(32),
       add column paid_with_last4 char(4) check (paid_with_last4 ~ '^[0-9]{4}$'), add column paid_with_wallet varchar(32);`,
  ],
  down: [
    `alter table payments drop column if exists paid_with_type, drop column if exists paid_with_brand, drop column if exists paid_with_last4, drop column if exists paid_with_wallet;`,
    `drop table if exists saved_payment_methods;`,
    `drop table if exists gateway_customers;`,
  ],
});
