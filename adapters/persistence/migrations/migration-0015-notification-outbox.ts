import { sqlMigration } from './sql-migration.js';

/**
 * The notification outbox, and how each shopper wants to be reached.
 *
 * `notification_outbox` holds one row per message: an event (its `event_key`, the facts in
 * `event`) told to one recipient on one channel, unique on the three, written in the transaction
 * of the state change that causes it. The dispatcher claims due rows (`pending`, or `sending`
 * with a lapsed lease), sends them and marks them `sent`, or puts them back `pending` with a later
 * `next_attempt_at`, or `parked` after too many attempts; an operator's resend puts a row back
 * `pending` and counts it in `resends` (the message then goes out under a new Message-ID).
 *
 * `notification_settings`: a shopper's email and phone, WhatsApp opt-in and marketing opt-out.
 */
export const Migration0015NotificationOutbox = sqlMigration({
  up: [
    `
      create table notification_outbox (
        id uuid primary key,
        event_key varchar(200) not null,
        kind varchar(40) not null,
        channel varchar(16) not null check (channel in ('email', 'whatsapp')),
        audience varchar(8) not null check (audience in ('shopper', 'staff')),
        recipient varchar(254) not null,
        customer_id varchar(128),
        order_id varchar(64),
        event jsonb not null,
        status varchar(8) not null default 'pending' check (status in ('pending', 'sending', 'sent', 'parked')),
        attempts integer not null default 0 check (attempts >= 0),
        resends integer not null default 0 check (resends >= 0),
        next_attempt_at timestamptz not null default now(),
        lease_until timestamptz,
        claim_token uuid,
        last_error text,
        provider_message_id varchar(200),
        created_at timestamptz not null default now(),
        sent_at timestamptz,
        parked_at timestamptz,
        unique (event_key, channel, recipient),
        check ((status = 'sending') = (lease_until is not null and claim_token is not null)),
        check ((status = 'sent') = (sent_at is not null))
      );`,
    `create index notification_outbox_due on notification_outbox (next_attempt_at) where status in ('pending', 'sending');`,
    `create index notification_outbox_status on notification_outbox (status, created_at desc);`,
    `create index notification_outbox_order on notification_outbox (order_id) where order_id is not null;`,
    `
      create table notification_settings (
        customer_id varchar(128) primary key,
        email varchar(254),
        phone varchar(16),
        whatsapp_opt_in boolean not null default false,
        marketing_opt_out boolean not null default false,
        updated_at timestamptz not null default now(),
        check (not whatsapp_opt_in or phone is not null)
      );`,
  ],
  down: [`drop table notification_settings;`, `drop table notification_outbox;`],
});
