import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { NOTIFICATION_ID_HEADER, ORDER_ID_HEADER } from './smtp-channel.js';

/** One message the catcher kept. */
export interface CaughtMail {
  /** The catcher's own id, for `/dev/mail/:id`. */
  readonly id: string;
  /** The `Message-ID` header, angle brackets included; one the sender left out is made up. */
  readonly messageId: string;
  readonly from: string;
  /** The envelope's recipients (`RCPT TO`), lower-cased. */
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly orderId?: string;
  readonly notificationId?: string;
  readonly receivedAt: Date;
}

export interface MailCatcherOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Default 127.0.0.1: the catcher accepts mail from anyone who reaches it. */
  readonly host?: string;
  /** How many messages it keeps, the oldest dropped first (default 500). */
  readonly limit?: number;
  /** Largest message accepted, in bytes (default 10 MB). */
  readonly maxBytes?: number;
  readonly now?: () => Date;
}

export interface MailCatcher {
  readonly port: number;
  readonly host: string;
  /** Every kept message, newest first. */
  messages(): CaughtMail[];
  byId(id: string): CaughtMail | undefined;
  /** How many times a message with this `Message-ID` (angle brackets optional) arrived; it is kept once whatever the count. */
  deliveries(messageId: string): number;
  clear(): void;
  close(): Promise<void>;
}

const headerText = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** `<id@host>` with or without its angle brackets given: the key messages are kept and counted under. */
const messageKey = (messageId: string): string => (messageId.startsWith('<') ? messageId : `<${messageId}>`);

const firstAddress = (from: AddressObject | undefined): string | undefined => from?.value.find((a) => a.address !== undefined)?.address;

/**
 * A local SMTP server for demo mode and tests: no authentication, no TLS, loopback by default. It
 * accepts every message, parses it, and keeps the last `limit` in memory, one per `Message-ID`: a
 * second delivery of the same message (a retry after a lost answer) is accepted and counted but
 * not kept twice, as a receiving mailbox would.
 */
export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const limit = options.limit ?? 500;
  const now = options.now ?? (() => new Date());
  const byMessageId = new Map<string, CaughtMail>();
  const byId = new Map<string, CaughtMail>();
  const deliveries = new Map<string, number>();

  function keep(mail: CaughtMail): void {
    deliveries.set(mail.messageId, (deliveries.get(mail.messageId) ?? 0) + 1);
    // The same message again (a retry after a lost answer): counted above, kept once.
    if (byMessageId.has(mail.messageId)) return;
    byMessageId.set(mail.messageId, mail);
    byId.set(mail.id, mail);
    for (const [messageId, oldest] of byMessageId) {
      if (byMessageId.size <= limit) break;
      byMessageId.delete(messageId);
      byId.delete(oldest.id);
      deliveries.delete(messageId);
    }
  }

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const parsed = await simpleParser(stream, { skipImageLinks: true });
    if (stream.sizeExceeded) throw Object.assign(new Error('message exceeds the size limit'), { responseCode: 552 });
    const id = `mail_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const mailFrom = session.envelope.mailFrom;
    const from = firstAddress(parsed.from) ?? (mailFrom === false ? '' : mailFrom.address);
    const orderId = headerText(parsed.headers.get(ORDER_ID_HEADER.toLowerCase()));
    const notificationId = headerText(parsed.headers.get(NOTIFICATION_ID_HEADER.toLowerCase()));
    keep({
      id,
      messageId: messageKey(parsed.messageId ?? `${id}@mail-catcher.localhost`),
      from,
      to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
      ...(orderId === undefined ? {} : { orderId }),
      ...(notificationId === undefined ? {} : { notificationId }),
      receivedAt: now(),
    });
  }

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxBytes ?? 10_000_000,
    banner: 'paysaga mail catcher',
    logger: false,
    // Pooled senders keep their connections open; on close they get `421` after this long.
    closeTimeout: 500,
    onData: (stream, session, callback) => {
      receive(stream, session).then(
        () => callback(),
        (error: unknown) => {
          stream.resume();
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {
    // A client's broken connection is the client's; the catcher keeps listening.
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    host,
    messages: () => [...byMessageId.values()].reverse(),
    byId: (id) => byId.get(id),
    deliveries: (messageId) => deliveries.get(messageKey(messageId)) ?? 0,
    clear: () => {
      byMessageId.clear();
      byId.clear();
      deliveries.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
