import type { ClaimedNotification, NotificationChannel, NotificationChannelId, RenderedNotification } from '../../../src/notifications/api.js';

/**
 * A channel that records what it was handed, like a mailbox: every delivery in order, and the
 * messages kept one per Message-ID as a receiver that drops duplicates keeps them. `next`, when
 * set, decides each send (throw to fail it); by default a send succeeds.
 */
export class FakeNotificationChannel implements NotificationChannel {
  readonly deliveries: RenderedNotification[] = [];
  readonly mailbox = new Map<string, RenderedNotification>();
  next: ((message: RenderedNotification) => Promise<void> | void) | undefined;

  constructor(readonly id: NotificationChannelId = 'email') {}

  async send(message: RenderedNotification): Promise<{ readonly providerMessageId: string }> {
    await this.next?.(message);
    this.deliveries.push(message);
    if (!this.mailbox.has(message.messageId)) this.mailbox.set(message.messageId, message);
    return { providerMessageId: `${this.id}-${this.deliveries.length}` };
  }
}

/** A plain rendering of a claimed row, standing in for the templates. */
export const plainRender = (claimed: ClaimedNotification): RenderedNotification => ({
  id: claimed.id,
  channel: claimed.message.channel,
  recipient: claimed.message.recipient,
  messageId: '',
  subject: `${claimed.message.event.type} ${claimed.message.orderId ?? ''}`.trim(),
  text: claimed.message.event.type,
  html: `<p>${claimed.message.event.type}</p>`,
  whatsapp: { template: claimed.message.event.type, language: 'en', parameters: [] },
  ...(claimed.message.orderId === undefined ? {} : { orderId: claimed.message.orderId }),
});
