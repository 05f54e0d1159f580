import type { NotificationChannelId, OutboxMessage, ShopperNotificationSettings } from '../domain/messages.js';

/** Which channels this deployment sends on, and where staff copies go. */
export interface NotificationPolicy {
  readonly channels: readonly NotificationChannelId[];
  readonly staffEmail?: string;
}

/** Every channel, no staff address: what a store is given when nothing is configured (tests). */
export const EVERY_CHANNEL: NotificationPolicy = { channels: ['email', 'whatsapp'] };

/**
 * The write side of the outbox, inside the transaction of the state change that causes the
 * messages: they commit with it or not at all.
 */
export interface NotificationOutbox {
  /** The deployment's channels and staff address. */
  readonly policy: NotificationPolicy;
  /** Writes each message once per (key, channel, recipient); one already there is kept as it is. Returns how many were new. */
  enqueue(messages: readonly OutboxMessage[]): Promise<number>;
  /** The messages written about an order, or to a shopper, oldest first. */
  written(about: { readonly orderId: string } | { readonly customerId: string }): Promise<OutboxMessage[]>;
  /**
   * The shopper's notification settings (the defaults when they have none), with the email and
   * phone of their latest order that gave one standing in for those the settings lack.
   */
  settings(customerId: string): Promise<ShopperNotificationSettings>;
}
