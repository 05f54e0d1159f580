import type { ClaimedNotification, NotificationChannel, NotificationChannelId, NotificationQueue, RenderedNotification } from '../../../src/notifications/api.js';

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

/**
 * The queue of a process that dies right after its channel accepted a message: its marks never
 * reach the database. What it claimed is pushed onto `claims`.
 */
export function dyingAfterSend(queue: NotificationQueue, claims: ClaimedNotification[] = []): NotificationQueue {
  return {
    claim: async (...args) => {
      const claimed = await queue.claim(...args);
      claims.push(...claimed);
      return claimed;
    },
    markSent: async () => {
      throw new Error('the process died');
    },
    markFailed: async () => {
      throw new Error('the process died');
    },
    list: (query) => queue.list(query),
    byId: (id) => queue.byId(id),
    resend: (...args) => queue.resend(...args),
  };
}
