import { sqlMigration } from './sql-migration.js';

/**
 * Shoppers' carts, and who an order goes to.
 *
 * `carts` holds one row per shopper with a version that rises with every change and is never
 * reset (emptying a cart keeps the row), so a line's `revision` — the version that last set it —
 * never repeats. `order_cart_lines` records which lines, at which revisions, a checkout took from
 * the cart: confirming the order deletes exactly those, and only while they are unchanged.
 *
 * `orders` gains the shopper's contact and delivery address: all address columns or none.
 */
export const Migration0013CartsAndDeliveryDetails = sqlMigration({
  up: [
    `
      create table carts (
        customer_id varchar(128) primary key,
        version bigint not null default 0 check (version >= 0),
        updated_at timestamptz not null default now()
      );`,
    `
      create table cart_lines (
        customer_id varchar(128) not null references carts (customer_id) on delete cascade,
        sku varchar(64) not null,
        quantity integer not null check (quantity between 1 and 1000),
        revision bigint not null check (revision > 0),
        added_version bigint not null check (added_version > 0 and added_version <= revision),
        primary key (customer_id, sku)
      );`,
    `
      create table order_cart_lines (
        order_id varchar(64) not null references orders (id) on delete cascade,
        customer_id varchar(128) not null,
        sku varchar(64) not null,
        quantity integer not null check (quantity between 1 and 1000),
        revision bigint not null check (revision > 0),
        primary key (order_id, sku)
      );`,
    `
      alter table orders
        add column contact_name varchar(200),
        add column contact_email varchar(254),
        add column contact_phone varchar(16),
        add column delivery_line1 varchar(200),
        add column delivery_line2 varchar(200),
        add column delivery_city varchar(100),
        add column delivery_region varchar(100),
        add column delivery_postal_code varchar(12),
        add column delivery_country char(2),
        add constraint orders_delivery_address_whole check (
          (delivery_line1 is null and delivery_city is null and delivery_postal_code is null and delivery_country is null
            and delivery_line2 is null and delivery_region is null)
          or (delivery_line1 is not null and delivery_city is not null and delivery_postal_code is not null and delivery_country is not null)
        );`,
  ],
  down: [
    `
      alter table orders
        drop constraint if exists orders_delivery_address_whole,
        drop column if exists contact_name,
        drop column if exists contact_email,
        drop column if exists contact_phone,
        drop column if exists delivery_line1,
        drop column if exists delivery_line2,
        drop column if exists delivery_city,
        drop column if exists delivery_region,
        drop column if exists delivery_postal_code,
        drop column if exists delivery_country;`,
    `drop table if exists order_cart_lines;`,
    `drop table if exists cart_lines;`,
    `drop table if exists carts;`,
  ],
});
