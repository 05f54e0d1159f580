import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  defaultSettings,
  EVERY_CHANNEL,
  withLatestContact,
  type NotificationOutbox,
  type NotificationPolicy,
  type OutboxMessage,
  type ShopperNotificationSettings,
} from '../../src/notifications/api.js';
import { definedFields } from '../../src/shared/defined.js';

export interface SettingsRow {
  customer_id: string;
  email: string | null;
  phone: string | null;
  whatsapp_opt_in: boolean;
  marketing_opt_out: boolean;
}

export const settingsFromRow = (row: SettingsRow): ShopperNotificationSettings => ({
  customerId: row.customer_id,
  ...definedFields({ email: row.email ?? undefined, phone: row.phone ?? undefined }),
  whatsappOptIn: row.whatsapp_opt_in,
  marketingOptOut: row.marketing_opt_out,
});

export interface OutboxRow {
  event_key: string;
  channel: OutboxMessage['channel'];
  audience: OutboxMessage['audience'];
  recipient: string;
  customer_id: string | null;
  order_id: string | null;
  event: OutboxMessage['event'];
}

export const messageFromRow = (row: OutboxRow): OutboxMessage => ({
  key: row.event_key,
  channel: row.channel,
  audience: row.audience,
  recipient: row.recipient,
  ...definedFields({ customerId: row.customer_id ?? undefined, orderId: row.order_id ?? undefined }),
  event: row.event,
});

/**
 * The outbox's write side in `notification_outbox`, on the entity manager of the transaction
 * that changes the state: the rows commit with it. A message already there (same event key,
 * channel and recipient: a retried or replayed step) is kept as it is.
 */
export class MikroOrmNotificationOutbox implements NotificationOutbox {
  constructor(
    private readonly em: EntityManager,
    readonly policy: NotificationPolicy = EVERY_CHANNEL,
  ) {}

  async enqueue(messages: readonly OutboxMessage[]): Promise<number> {
    let written = 0;
    for (const message of messages) {
      const rows = await this.em.execute<{ id: string }[]>(
        `insert into notification_outbox (id, event_key, kind, channel, audience, recipient, customer_id, order_id, event)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
         on conflict (event_key, channel, recipient) do nothing returning id`,
        [
          randomUUID(),
          message.key,
          message.event.type,
          message.channel,
          message.audience,
          message.recipient,
          message.customerId ?? null,
          message.orderId ?? null,
          JSON.stringify(message.event),
        ],
      );
      written += rows.length;
    }
    return written;
  }

  async written(about: { readonly orderId: string } | { readonly customerId: string }): Promise<OutboxMessage[]> {
    const [column, value] = 'orderId' in about ? ['order_id', about.orderId] : ['customer_id', about.customerId];
    const rows = await this.em.execute<OutboxRow[]>(
      `select event_key, channel, audience, recipient, customer_id, order_id, event from notification_outbox where ${column} = ? order by created_at, id`,
      [value],
    );
    return rows.map(messageFromRow);
  }

  async settings(customerId: string): Promise<ShopperNotificationSettings> {
    const [row] = await this.em.execute<SettingsRow[]>(`select customer_id, email, phone, whatsapp_opt_in, marketing_opt_out from notification_settings where customer_id = ?`, [
      customerId,
    ]);
    const settings = row === undefined ? defaultSettings(customerId) : settingsFromRow(row);
    if (settings.email !== undefined && settings.phone !== undefined) return settings;
    const [latest] = await this.em.execute<{ email: string | null; phone: string | null }[]>(
      `select (select contact_email from orders where customer_id = ? and contact_email is not null order by placed_at desc, id desc limit 1) as email,
              (select contact_phone from orders where customer_id = ? and contact_phone is not null order by placed_at desc, id desc limit 1) as phone`,
      [customerId, customerId],
    );
    return withLatestContact(settings, latest);
  }
}
