import { sqlMigration } from './sql-migration.js';

/** Every webhook a gateway sent: verified ones once per (gateway, event id), rejected ones for the record. */
export const Migration0003GatewayEvents = sqlMigration({
  up: [
    `
      create table gateway_events (
        id bigserial primary key,
        gateway varchar(32) not null,
        event_id varchar(255),
        type varchar(128),
        gateway_payment_id varchar(128),
        order_id varchar(64),
        status varchar(16) not null check (status in ('received', 'signalled', 'unmatched', 'rejected')),
        detail varchar(500),
        received_at timestamptz not null,
        updated_at timestamptz not null,
        unique (gateway, event_id)
      );`,
    `create index gateway_events_status_idx on gateway_events (gateway, status, received_at);`,
    // What the shopper's browser must do (a redirect, or a signed form to post), kept whole so a
    // retried initiate hands back exactly what the gateway answered.
    `alter table payments add column action jsonb;`,
  ],

  down: [`drop table if exists gateway_events;`, `alter table payments drop column if exists action;`],
});
