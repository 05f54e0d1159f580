import type { ShopEvent } from '../domain/events.js';
import { messagesFor } from '../domain/messages.js';
import type { NotificationOutbox } from '../ports/outbox.js';

/**
 * Writes the messages `event` makes to the outbox of the running transaction: to the shopper (the
 * order's contact first, their settings else), to staff where the event calls for it, on the
 * channels this deployment sends on. Called inside the transaction of the change it reports, so
 * the messages commit with it; a retried step writes nothing new. Returns how many were new.
 */
export async function tell(outbox: NotificationOutbox, event: ShopEvent, orderContact?: { readonly email?: string; readonly phone?: string }): Promise<number> {
  const { channels, staffEmail } = outbox.policy;
  const shopper = 'customerId' in event ? await outbox.settings(event.customerId) : undefined;
  const messages = messagesFor(event, {
    ...(shopper === undefined ? {} : { shopper }),
    ...(orderContact === undefined ? {} : { orderContact }),
    ...(staffEmail === undefined ? {} : { staffEmail }),
  }).filter((message) => channels.includes(message.channel));
  return messages.length === 0 ? 0 : outbox.enqueue(messages);
}
