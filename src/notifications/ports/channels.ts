import type { NotificationChannelId } from '../domain/messages.js';

/** A message ready for its channel: rendered from its template, with an id stable across retries. */
export interface RenderedNotification {
  /** The outbox row's id. */
  readonly id: string;
  readonly channel: NotificationChannelId;
  readonly recipient: string;
  /**
   * The same on every attempt at one send (an email's `Message-ID`), so a receiver that got it
   * before a crash keeps it once; a resend by an operator gets a new one.
   */
  readonly messageId: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The WhatsApp template and its body parameters, in order. */
  readonly whatsapp: { readonly template: string; readonly language: string; readonly parameters: readonly string[] };
  readonly orderId?: string;
}

/** Why a send failed; a permanent failure (bad address, refused template) is parked at once. */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** Delivers one rendered message; throws {@link ChannelError} (or any error: transient) when it could not. */
export interface NotificationChannel {
  readonly id: NotificationChannelId;
  send(message: RenderedNotification): Promise<{ readonly providerMessageId: string }>;
}
