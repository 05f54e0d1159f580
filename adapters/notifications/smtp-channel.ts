import nodemailer, { type Transporter } from 'nodemailer';
import { ChannelError, type NotificationChannel, type RenderedNotification } from '../../src/notifications/api.js';

export interface SmtpChannelOptions {
  /** `smtp://user:pass@host:587`, `smtps://…:465`: nodemailer's connection URL. */
  readonly smtpUrl: string;
  /** The `From` of every message: `shop@example.com` or `"Shop" <shop@example.com>`. */
  readonly from: string;
  /** Connections the pool keeps open (default 2). */
  readonly maxConnections?: number;
  /** Per connection, greeting and socket inactivity (default 10 s each). */
  readonly timeoutMs?: number;
}

/** The SMTP channel's headers naming what a message is about, for support and for the local mail catcher. */
export const NOTIFICATION_ID_HEADER = 'X-Paysaga-Notification-Id';
export const ORDER_ID_HEADER = 'X-Paysaga-Order-Id';

/** `<id@host>`: a `Message-ID` in its angle brackets, whether or not the message id came with them. */
export const messageIdHeader = (messageId: string): string => (messageId.startsWith('<') && messageId.endsWith('>') ? messageId : `<${messageId}>`);

/** What nodemailer's errors carry besides their message. */
interface SmtpFailure {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
}

/**
 * Whether a failed send is for good: the server answered 5xx (no such mailbox, refused), or
 * nodemailer refused the address itself. A 4xx (greylisting, mailbox busy), a lost connection or a
 * timeout is worth another try.
 */
export function smtpFailure(error: unknown): ChannelError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
  const text = error instanceof Error ? error.message : String(error);
  const status = failure.responseCode;
  if (status !== undefined && status >= 500 && status < 600) return new ChannelError(`SMTP ${status}: ${failure.response ?? text}`, true);
  if (status !== undefined && status >= 400 && status < 500) return new ChannelError(`SMTP ${status} (temporary): ${failure.response ?? text}`, false);
  if (status === undefined && failure.code === 'EENVELOPE') return new ChannelError(`SMTP envelope refused: ${text}`, true);
  return new ChannelError(`SMTP ${failure.code ?? 'error'}: ${text}`, false);
}

/**
 * Email over SMTP through a pool of connections. Each message carries its stable `Message-ID`
 * (the same on every retry, so a receiver keeps one copy), the outbox id and the order id in
 * `X-Paysaga-*` headers, and both a plain-text and an HTML part.
 */
export class SmtpNotificationChannel implements NotificationChannel {
  readonly id = 'email' as const;
  readonly #transport: Transporter;
  readonly #from: string;

  constructor(options: SmtpChannelOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    this.#transport = nodemailer.createTransport({
      url: options.smtpUrl,
      pool: true,
      maxConnections: options.maxConnections ?? 2,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    this.#from = options.from;
  }

  /** Sends one message; its provider id is the `Message-ID` the server accepted. */
  async send(message: RenderedNotification): Promise<{ readonly providerMessageId: string }> {
    if (message.channel !== 'email') throw new ChannelError(`the email channel cannot send a ${message.channel} message`, true);
    const messageId = messageIdHeader(message.messageId);
    const headers: Record<string, string> = { [NOTIFICATION_ID_HEADER]: message.id };
    if (message.orderId !== undefined) headers[ORDER_ID_HEADER] = message.orderId;
    try {
      const info = await this.#transport.sendMail({
        from: this.#from,
        to: message.recipient,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId,
        headers,
      });
      return { providerMessageId: typeof info.messageId === 'string' && info.messageId !== '' ? info.messageId : messageId };
    } catch (error) {
      throw smtpFailure(error);
    }
  }

  /** Closes the pooled connections. */
  close(): void {
    this.#transport.close();
  }
}
