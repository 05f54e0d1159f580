import { sqlMigration } from './sql-migration.js';

/**
 * Fulfilment after confirmation: where an order's goods are, in a column of its own beside the
 * payment status, and every move of it with who, when, why and the parcel. Each status is reached
 * at most once, so (order, status reached) is unique: of two operators racing one move, one event
 * is kept.
 */
export const Migration0012Fulfilment = sqlMigration({
  up: [
    `
      alter table orders add column fulfilment_status varchar(32) not null default 'unfulfilled'
        constraint orders_fulfilment_status_check
        check (fulfilment_status in ('unfulfilled', 'processing', 'shipped', 'delivered', 'return_requested', 'returned'));`,
    `
      create table fulfilment_events (
        id bigserial primary key,
        order_id varchar(64) not null references orders (id) on delete cascade,
        from_status varchar(32) not null,
        to_status varchar(32) not null,
        actor varchar(128) not null,
        reason varchar(200) not null,
        carrier varchar(64),
        tracking_number varchar(64),
        at timestamptz not null,
        constraint fulfilment_events_once unique (order_id, to_status),
        constraint fulfilment_events_shipment check ((carrier is null) = (tracking_number is null) and (to_status <> 'shipped' or carrier is not null))
      );`,
  ],
  down: [`drop table if exists fulfilment_events;`, `alter table orders drop column if exists fulfilment_status;`],
});
