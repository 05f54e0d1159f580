import { Migration } from '@mikro-orm/migrations';

/** Every webhook a gateway sent: verified ones once per (gateway, event id), rejected ones for the record. */
export class Migration0003GatewayEvents extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
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
      );`);
    this.addSql(`create index gateway_events_status_idx on gateway_events (gateway, status, received_at);`);
    // What the shopper's browser must do (a redirect, or a signed form to post), kept whole so a
    // retried initiate hands back exactly what the gateway answered.
    this.addSql(`alter table payments add column action jsonb;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists gateway_events;`);
    this.addSql(`alter table payments drop column if exists action;`);
  }
}
