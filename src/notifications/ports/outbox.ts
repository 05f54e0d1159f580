import type { OutboxMessage, ShopperNotificationSettings } from '../domain/messages.js';

/**
 * The write side of the outbox, inside the transaction of the state change that causes the
 * messages: they commit with it or not at all.
 */
export interface NotificationOutbox {
  /** Writes each message once per (key, channel, recipient); one already there is kept as it is. Returns how many were new. */
  enqueue(messages: readonly OutboxMessage[]): Promise<number>;
  /** The messages written about an order, or to a shopper, oldest first. */
  written(about: { readonly orderId: string } | { readonly customerId: string }): Promise<OutboxMessage[]>;
  /** The shopper's notification settings; the defaults when they have none. */
  settings(customerId: string): Promise<ShopperNotificationSettings>;
}
