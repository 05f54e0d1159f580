import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { type MailCatcher, startMailCatcher } from '../../../adapters/notifications/mail-catcher.js';
import { SmtpNotificationChannel } from '../../../adapters/notifications/smtp-channel.js';
import type { RenderedNotification } from '../../../src/notifications/api.js';
import { renderNotification } from '../../../src/notifications/domain/templates.js';
import { money } from '../../../src/shared/money.js';
import { channelFailure } from '../../support/channel-failure.js';
import { freePort } from '../../support/ports.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function catcher(options: { limit?: number } = {}): Promise<MailCatcher> {
  const c = await startMailCatcher({ port: 0, ...options });
  cleanups.push(() => c.close());
  return c;
}

function channel(smtpUrl: string): SmtpNotificationChannel {
  const ch = new SmtpNotificationChannel({ smtpUrl, from: '"Himal Tea" <shop@paysaga.localhost>', timeoutMs: 2000 });
  cleanups.push(() => ch.close());
  return ch;
}

function confirmed(overrides: { id?: string; messageId?: string; recipient?: string; name?: string } = {}): RenderedNotification {
  return renderNotification(
    {
      id: overrides.id ?? 'ntf_1',
      messageId: overrides.messageId ?? '<ntf_1.1@paysaga.localhost>',
      channel: 'email',
      recipient: overrides.recipient ?? 'Shopper@Example.com',
      audience: 'shopper',
      orderId: 'ord_42',
      event: {
        type: 'order_confirmed',
        orderId: 'ord_42',
        customerId: 'cus_1',
        total: money(123450, 'NPR'),
        lines: [{ name: overrides.name ?? 'Tea', quantity: 1, lineTotal: money(123450, 'NPR') }],
        paidWith: 'khalti',
      },
    },
    { shopName: 'Himal Tea' },
  );
}

/** An SMTP server of the test's own that refuses every recipient with `code`. */
async function refusingServer(code: number): Promise<string> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    closeTimeout: 200,
    onRcptTo: (address, _session, callback) => callback(Object.assign(new Error(`${address.address}: mailbox unavailable`), { responseCode: code })),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
}

describe('SMTP channel → mail catcher', () => {
  it('delivers subject, text, HTML and the notification headers, and reads them back', async () => {
    const c = await catcher();
    const sent = await channel(`smtp://127.0.0.1:${c.port}`).send(confirmed({ name: '<script>alert(1)</script>' }));
    expect(sent.providerMessageId).toBe('<ntf_1.1@paysaga.localhost>');

    const [mail, ...rest] = c.messages();
    expect(rest).toEqual([]);
    expect(mail).toMatchObject({
      messageId: '<ntf_1.1@paysaga.localhost>',
      from: 'shop@paysaga.localhost',
      to: ['shopper@example.com'],
      subject: 'Order ord_42 confirmed',
      orderId: 'ord_42',
      notificationId: 'ntf_1',
    });
    expect(mail!.text).toContain('Total: NPR 1,234.50');
    expect(mail!.text).toContain('<script>alert(1)</script>');
    expect(mail!.html).toContain('Himal Tea');
    expect(mail!.html).toContain('&#60;script&#62;');
    expect(mail!.html).not.toContain('<script>');
    expect(c.byId(mail!.id)).toEqual(mail);
    expect(c.deliveries('<ntf_1.1@paysaga.localhost>')).toBe(1);
  });

  it('keeps one message for two deliveries of the same Message-ID, and counts both', async () => {
    const c = await catcher();
    const ch = channel(`smtp://127.0.0.1:${c.port}`);
    await ch.send(confirmed());
    const first = c.messages()[0]!.id;
    await ch.send(confirmed());
    await ch.send(confirmed({ messageId: 'ntf_1.2@paysaga.localhost' }));

    expect(c.deliveries('<ntf_1.1@paysaga.localhost>')).toBe(2);
    expect(c.deliveries('ntf_1.1@paysaga.localhost')).toBe(2);
    expect(c.deliveries('<ntf_1.2@paysaga.localhost>')).toBe(1);
    expect(c.messages().map((m) => m.messageId)).toEqual(['<ntf_1.2@paysaga.localhost>', '<ntf_1.1@paysaga.localhost>']);
    // The first copy is the one kept: the second delivery left no trace but its count.
    expect(c.messages()[1]!.id).toBe(first);
  });

  it('sends no order header for a message without an order', async () => {
    const c = await catcher();
    const topUp = renderNotification(
      {
        id: 'ntf_t',
        messageId: 'ntf_t.1@paysaga.localhost',
        channel: 'email',
        recipient: 'a@example.com',
        audience: 'shopper',
        event: { type: 'wallet_topped_up', topUpId: 'top_1', customerId: 'cus_1', amount: money(1200, 'JPY') },
      },
      { shopName: 'Himal Tea' },
    );
    const sent = await channel(`smtp://127.0.0.1:${c.port}`).send(topUp);
    expect(sent.providerMessageId).toBe('<ntf_t.1@paysaga.localhost>');
    const [mail] = c.messages();
    expect(mail).toMatchObject({ messageId: '<ntf_t.1@paysaga.localhost>', notificationId: 'ntf_t', subject: 'JPY 1,200 added to your wallet' });
    expect('orderId' in mail!).toBe(false);
  });

  it('keeps only the newest messages past its limit, and forgets everything on clear', async () => {
    const c = await catcher({ limit: 2 });
    const ch = channel(`smtp://127.0.0.1:${c.port}`);
    for (const n of [1, 2, 3]) await ch.send(confirmed({ id: `ntf_${n}`, messageId: `<ntf_${n}@x>` }));
    expect(c.messages().map((m) => m.notificationId)).toEqual(['ntf_3', 'ntf_2']);
    expect(c.deliveries('<ntf_1@x>')).toBe(0);
    c.clear();
    expect(c.messages()).toEqual([]);
  });

  it('maps a 550 refusal to a permanent failure', async () => {
    const error = await channelFailure(channel(await refusingServer(550)).send(confirmed()));
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(/550/);
  });

  it('maps a 451 refusal and a refused connection to transient failures', async () => {
    expect((await channelFailure(channel(await refusingServer(451)).send(confirmed()))).permanent).toBe(false);
    const port = await freePort();
    expect((await channelFailure(channel(`smtp://127.0.0.1:${port}`).send(confirmed()))).permanent).toBe(false);
  });

  it('refuses a WhatsApp message for good', async () => {
    const c = await catcher();
    const error = await channelFailure(channel(`smtp://127.0.0.1:${c.port}`).send({ ...confirmed(), channel: 'whatsapp' }));
    expect(error.permanent).toBe(true);
  });
});
