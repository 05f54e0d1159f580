import { sqlMigration } from './sql-migration.js';

/**
 * A price list per currency: each product's one price moves into `product_prices` (one row per
 * SKU and currency; a product without a row in a currency is not sold in it). `catalog_changes`
 * audits every operator change (who, when, what, why); a restock's row carries its restock id,
 * unique, so a repeated restock adds its units once.
 */
export const Migration0014PriceLists = sqlMigration({
  up: [
    `
      create table product_prices (
        sku varchar(64) not null references products (sku) on delete cascade,
        currency char(3) not null,
        price_minor bigint not null check (price_minor >= 0),
        primary key (sku, currency)
      );`,
    `insert into product_prices (sku, currency, price_minor) select sku, currency, price_minor from products;`,
    `alter table products drop column price_minor, drop column currency;`,
    `
      create table catalog_changes (
        id bigserial primary key,
        sku varchar(64) not null references products (sku),
        action varchar(32) not null check (action in ('create', 'update', 'set_price', 'remove_price', 'restock')),
        actor varchar(128) not null,
        reason varchar(200) not null,
        details jsonb not null default '{}'::jsonb,
        restock_id varchar(200) unique,
        changed_at timestamptz not null
      );`,
    `create index catalog_changes_sku_idx on catalog_changes (sku, id);`,
  ],
  down: [
    `drop table if exists catalog_changes;`,
    `alter table products add column price_minor bigint check (price_minor >= 0), add column currency char(3);`,
    // One price per product again: the lowest currency code's, when it has several.
    `update products p set price_minor = pp.price_minor, currency = pp.currency
       from (select distinct on (sku) sku, currency, price_minor from product_prices order by sku, currency) pp where pp.sku = p.sku;`,
    `update products set price_minor = 0, currency = 'NPR' where price_minor is null;`,
    `alter table products alter column price_minor set not null, alter column currency set not null;`,
    `drop table if exists product_prices;`,
  ],
});
