import { afterEach, describe, expect, it } from 'vitest';
import { configuredChannels } from '../../../adapters/notifications/channels.js';
import { startSandboxes } from '../../../adapters/sandboxes.js';
import { WhatsAppNotificationChannel, whatsAppRecipient } from '../../../adapters/notifications/whatsapp-channel.js';
import { startWhatsAppSandbox } from '../../../adapters/notifications/whatsapp-sandbox.js';
import { loadConfig } from '../../../src/config.js';
import { type RenderedNotification, renderNotification } from '../../../src/notifications/api.js';
import { money } from '../../../src/shared/money.js';
import { channelFailure } from '../../support/channel-failure.js';
import { freePort } from '../../support/ports.js';

const TOKEN = 'test-token';
const PHONE_NUMBER_ID = '1234567890';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sandbox() {
  const running = await startWhatsAppSandbox({ port: 0, accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID });
  cleanups.push(() => running.close());
  return running;
}

const channelFor = (baseUrl: string, options: { accessToken?: string; phoneNumberId?: string } = {}) =>
  new WhatsAppNotificationChannel({ baseUrl, apiVersion: 'v23.0', phoneNumberId: options.phoneNumberId ?? PHONE_NUMBER_ID, accessToken: options.accessToken ?? TOKEN });

const confirmed: RenderedNotification = renderNotification(
  {
    id: 'ntf_1',
    messageId: '<ntf_1.1@paysaga.localhost>',
    channel: 'whatsapp',
    recipient: '+9779812345678',
    audience: 'shopper',
    orderId: 'ord_42',
    event: { type: 'order_confirmed', orderId: 'ord_42', customerId: 'cus_1', total: money(123450, 'NPR'), lines: [], paidWith: 'esewa' },
  },
  { shopName: 'Himal Tea' },
);

describe('WhatsApp channel → Cloud API sandbox', () => {
  it('sends the template with its parameters and answers the wamid', async () => {
    const s = await sandbox();
    const { providerMessageId } = await channelFor(s.url).send(confirmed);
    expect(providerMessageId).toMatch(/^wamid\./);
    expect(s.control.messages()).toEqual([
      { id: providerMessageId, to: '9779812345678', template: 'order_confirmed', language: 'en', parameters: ['Himal Tea', 'ord_42', 'NPR 1,234.50'], sentAt: expect.any(String) },
    ]);
    const [call] = s.control.requests();
    expect(call).toMatchObject({ method: 'POST', path: `/v23.0/${PHONE_NUMBER_ID}/messages`, status: 200 });
    expect(call!.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(call!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '9779812345678',
      type: 'template',
      template: {
        name: 'order_confirmed',
        language: { code: 'en' },
        components: [{ type: 'body', parameters: ['Himal Tea', 'ord_42', 'NPR 1,234.50'].map((text) => ({ type: 'text', text })) }],
      },
    });
    const listed = (await (await fetch(`${s.url}/__sandbox/messages`)).json()) as { id: string }[];
    expect(listed.map((m) => m.id)).toEqual([providerMessageId]);
  });

  it('answers a wrong token with 401 code 190, a permanent failure', async () => {
    const s = await sandbox();
    const error = await channelFailure(channelFor(s.url, { accessToken: 'nope' }).send(confirmed));
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(/HTTP 401, code 190/);
    expect(s.control.messages()).toEqual([]);
  });

  it('refuses an unknown phone number id for good', async () => {
    const s = await sandbox();
    const error = await channelFailure(channelFor(s.url, { phoneNumberId: '999' }).send(confirmed));
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(/code 100\/33/);
  });

  it('answers the wrong parameter count with 132000, and an unknown template with 132001, both permanent', async () => {
    const s = await sandbox();
    const short = await channelFailure(channelFor(s.url).send({ ...confirmed, whatsapp: { ...confirmed.whatsapp, parameters: ['Himal Tea', 'ord_42'] } }));
    expect(short.permanent).toBe(true);
    expect(short.message).toMatch(/code 132000/);
    const unknown = await channelFailure(channelFor(s.url).send({ ...confirmed, whatsapp: { ...confirmed.whatsapp, template: 'no_such_template' } }));
    expect(unknown.permanent).toBe(true);
    expect(unknown.message).toMatch(/code 132001/);
    expect(s.control.messages()).toEqual([]);
  });

  it('refuses a parameter with a new line (132018)', async () => {
    const s = await sandbox();
    const error = await channelFailure(channelFor(s.url).send({ ...confirmed, whatsapp: { ...confirmed.whatsapp, parameters: ['Himal\nTea', 'ord_42', 'x'] } }));
    expect(error.message).toMatch(/code 132018/);
  });

  it('fails injected 500s transiently and then sends', async () => {
    const s = await sandbox();
    s.control.failNextSends(2);
    const channel = channelFor(s.url);
    expect((await channelFailure(channel.send(confirmed))).permanent).toBe(false);
    expect((await channelFailure(channel.send(confirmed))).permanent).toBe(false);
    await expect(channel.send(confirmed)).resolves.toMatchObject({ providerMessageId: expect.stringMatching(/^wamid\./) });
    expect(s.control.messages()).toHaveLength(1);
  });

  it('fails injected Graph codes as Meta classes them: rate limits transient, undeliverable permanent', async () => {
    const s = await sandbox();
    const channel = channelFor(s.url);
    s.control.failNextSends(1, { code: 131048 });
    expect((await channelFailure(channel.send(confirmed))).permanent).toBe(false);
    s.control.failNextSends(1, { code: 130429, httpStatus: 429 });
    expect((await channelFailure(channel.send(confirmed))).permanent).toBe(false);
    const response = await fetch(`${s.url}/__sandbox/fail-next-sends`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 1, code: 131026 }),
    });
    expect(await response.json()).toEqual({ count: 1, code: 131026, httpStatus: 400 });
    expect((await channelFailure(channel.send(confirmed))).permanent).toBe(true);
  });

  it('treats an outage page and a refused connection as transient', async () => {
    const s = await sandbox();
    s.control.failNext(1, 503);
    expect((await channelFailure(channelFor(s.url).send(confirmed))).permanent).toBe(false);
    expect((await channelFailure(channelFor(`http://127.0.0.1:${await freePort()}`).send(confirmed))).permanent).toBe(false);
  });

  it('refuses a recipient that is not a phone number before sending', async () => {
    const s = await sandbox();
    const error = await channelFailure(channelFor(s.url).send({ ...confirmed, recipient: 'shopper@example.com' }));
    expect(error.permanent).toBe(true);
    expect(s.control.requests()).toEqual([]);
    expect(whatsAppRecipient('+977 981-2345678')).toBe('9779812345678');
    expect(whatsAppRecipient('+0123')).toBeUndefined();
  });

  it('is mounted under /whatsapp with the gateway sandboxes, reachable with the demo settings', async () => {
    const port = await freePort();
    const config = loadConfig({ DEMO_MODE: 'true', LOG_LEVEL: 'silent', SANDBOX_PORT: String(port) });
    const sandboxes = await startSandboxes({ port, config });
    cleanups.push(() => sandboxes.close());
    const settings = config.notifications.whatsapp!;
    expect(settings.baseUrl).toBe(`${sandboxes.baseUrl}/whatsapp`);
    const configured = configuredChannels(config.notifications);
    cleanups.push(async () => configured.close());
    expect(Object.keys(configured.channels).sort()).toEqual(['email', 'whatsapp']);
    const { providerMessageId } = await configured.channels.whatsapp!.send(confirmed);
    expect(sandboxes.whatsapp.get(providerMessageId)?.template).toBe('order_confirmed');
    const response = await fetch(`${sandboxes.baseUrl}/whatsapp/__sandbox/messages`);
    expect(((await response.json()) as { id: string }[]).map((m) => m.id)).toEqual([providerMessageId]);
  });
});
