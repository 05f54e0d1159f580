import { sqlMigration } from './sql-migration.js';

/**
 * Every operator's resend of a notification: who, why, from which status, when. The outbox row
 * itself only counts its resends; this keeps the decisions, as `refund_decisions` does for refunds.
 */
export const Migration0016NotificationResends = sqlMigration({
  up: [
    `
      create table notification_resends (
        id bigserial primary key,
        notification_id uuid not null references notification_outbox (id),
        resent_by varchar(128) not null,
        reason varchar(200) not null,
        previous_status varchar(8) not null check (previous_status in ('sent', 'parked')),
        resent_at timestamptz not null
      );`,
    `create index notification_resends_notification_idx on notification_resends (notification_id, id);`,
  ],
  down: [`drop table if exists notification_resends;`],
});
