/**
 * The whole way out, for real: an order's confirmation written to the outbox on PostgreSQL,
 * rendered from its template and sent over SMTP to the local mail catcher — and sent again by a
 * second dispatcher after the first died between send and mark, under the same Message-ID, so the
 * mailbox holds it once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMailCatcher, type MailCatcher } from '../../../adapters/notifications/mail-catcher.js';
import { SmtpNotificationChannel } from '../../../adapters/notifications/smtp-channel.js';
import { MikroOrmCheckoutStore } from '../../../adapters/persistence/mikro-orm-checkout-store.js';
import { MikroOrmNotificationQueue } from '../../../adapters/persistence/mikro-orm-notification-queue.js';
import { makeNotificationDispatcher, messagesFor, renderNotification, type ClaimedNotification } from '../../../src/notifications/api.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { money } from '../../../src/shared/money.js';
import { useMigratedDatabase } from '../../support/database.js';
import { dyingAfterSend } from '../../support/fakes/fake-notification-channel.js';
import { fresh } from '../../support/mothers/ids.js';

const orm = useMigratedDatabase();
let catcher: MailCatcher;
let smtp: SmtpNotificationChannel;

beforeEach(async () => {
  catcher = await startMailCatcher({ port: 0 });
  smtp = new SmtpNotificationChannel({ smtpUrl: `smtp://127.0.0.1:${catcher.port}`, from: 'shop@paysaga.localhost', timeoutMs: 5_000 });
});

afterEach(async () => {
  smtp.close();
  await catcher.close();
});

const render = ({ id, message }: ClaimedNotification) => renderNotification({ id, messageId: id, ...message }, { shopName: 'Himal Tea' });

describe('the outbox over SMTP', () => {
  it('given a dispatcher that dies between send and mark, when another takes the row over, then the shopper has the confirmation once and the row is sent', async () => {
    const orderId = fresh('ord');
    const event = {
      type: 'order_confirmed' as const,
      orderId,
      customerId: fresh('cus'),
      total: money(101_700, 'NPR'),
      lines: [{ name: 'Ilam green tea, 250 g', quantity: 2, lineTotal: money(90_000, 'NPR') }],
      paidWith: 'khalti',
    };
    const recipient = `${fresh('sita')}@example.com`.toLowerCase();
    await new MikroOrmCheckoutStore(orm).transaction(({ notifications }) =>
      notifications.enqueue(messagesFor(event, { shopper: { customerId: event.customerId, whatsappOptIn: false, marketingOptOut: false }, orderContact: { email: recipient } })),
    );
    const queue = new MikroOrmNotificationQueue(orm);
    const clock = new FixedClock(new Date(Date.now() + 1_000));
    const common = { channels: { email: smtp }, render, clock, maxAttempts: 5, leaseMs: 5_000 };

    const dying = makeNotificationDispatcher({ ...common, queue: dyingAfterSend(queue) });
    expect(await dying.runOnce()).toMatchObject({ claimed: 1, sent: 0 });
    const inbox = () => catcher.messages().filter((m) => m.to.includes(recipient));
    expect(inbox()).toHaveLength(1);

    clock.advance(5_000);
    const next = makeNotificationDispatcher({ ...common, queue });
    expect(await next.runOnce()).toMatchObject({ claimed: 1, sent: 1 });

    const [mail] = inbox();
    expect(inbox()).toHaveLength(1);
    expect(catcher.deliveries(mail!.messageId)).toBe(2);
    expect(mail).toMatchObject({ orderId, subject: expect.stringContaining(orderId) });
    expect(mail!.text).toContain('NPR 1,017.00');
    expect(mail!.html).toContain('Ilam green tea, 250 g');
    const { items } = await queue.list({ orderId, limit: 10 });
    expect(items).toMatchObject([{ status: 'sent', attempts: 2, recipient }]);
    expect(mail!.messageId).toBe(items[0]!.providerMessageId);
  });
});
