import { describe, expect, it } from 'vitest';
import { configuredChannels } from '../../../adapters/notifications/channels.js';
import { messageIdHeader, smtpFailure } from '../../../adapters/notifications/smtp-channel.js';
import { WhatsAppNotificationChannel } from '../../../adapters/notifications/whatsapp-channel.js';
import { renderNotification } from '../../../src/notifications/api.js';
import { channelFailure } from '../../support/channel-failure.js';

describe('smtpFailure', () => {
  it.each([
    [{ responseCode: 550, response: '550 5.1.1 no such user', code: 'EENVELOPE' }, true],
    [{ responseCode: 554, code: 'EMESSAGE' }, true],
    [{ responseCode: 535, code: 'EAUTH' }, true],
    [{ responseCode: 451, code: 'EENVELOPE' }, false],
    [{ responseCode: 421, code: 'ECONNECTION' }, false],
    [{ code: 'ECONNECTION' }, false],
    [{ code: 'ETIMEDOUT' }, false],
    [{ code: 'EENVELOPE' }, true],
    [{}, false],
  ])('%o is permanent: %s', (fields, permanent) => {
    expect(smtpFailure(Object.assign(new Error('refused'), fields)).permanent).toBe(permanent);
  });

  it('wraps a Message-ID in angle brackets once', () => {
    expect(messageIdHeader('a@b')).toBe('<a@b>');
    expect(messageIdHeader('<a@b>')).toBe('<a@b>');
  });
});

const message = renderNotification(
  {
    id: 'ntf_1',
    messageId: 'm',
    channel: 'whatsapp',
    recipient: '+9779812345678',
    audience: 'shopper',
    event: { type: 'order_delivered', orderId: 'ord_1', customerId: 'cus_1' },
  },
  { shopName: 'S' },
);

/** A channel whose every request is answered with `status` and `body` (JSON unless a string). */
function answering(status: number, body: unknown): WhatsAppNotificationChannel {
  const fetch = (async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })) as typeof globalThis.fetch;
  return new WhatsAppNotificationChannel({ baseUrl: 'https://graph.example', apiVersion: 'v23.0', phoneNumberId: '1', accessToken: 't', fetch });
}

const graph = (code: number, subcode?: number) => ({
  error: { message: `(#${code}) x`, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'A' },
});

describe('WhatsApp channel: Graph answers', () => {
  it.each([
    [400, 100, true],
    [401, 190, true],
    [400, 131026, true],
    [400, 132000, true],
    [400, 132001, true],
    [400, 131047, true],
    [400, 130429, false],
    [400, 131048, false],
    [400, 131056, false],
    [400, 4, false],
    [400, 80007, false],
    [400, 131000, false],
    [500, 131000, false],
    [503, 2, false],
    [429, 130429, false],
  ])('HTTP %i code %i is permanent: %s', async (status, code, permanent) => {
    const error = await channelFailure(answering(status, graph(code)).send(message));
    expect(error.permanent).toBe(permanent);
  });

  it('names the code, subcode and trace id', async () => {
    const error = await channelFailure(answering(400, graph(100, 33)).send(message));
    expect(error.message).toBe('WhatsApp send: HTTP 400, code 100/33: (#100) x [fbtrace_id A]');
  });

  it('refuses for good a 4xx that is not Graph, and a redirect; retries an odd success', async () => {
    expect((await channelFailure(answering(404, '<html>not found</html>').send(message))).permanent).toBe(true);
    expect((await channelFailure(answering(400, { oops: true }).send(message))).permanent).toBe(true);
    expect((await channelFailure(answering(302, '').send(message))).permanent).toBe(true);
    expect((await channelFailure(answering(200, { messaging_product: 'whatsapp', messages: [] }).send(message))).permanent).toBe(false);
  });

  it('answers the first message id', async () => {
    const sent = await answering(200, { messaging_product: 'whatsapp', contacts: [{ input: '9779812345678', wa_id: '9779812345678' }], messages: [{ id: 'wamid.X' }] }).send(
      message,
    );
    expect(sent).toEqual({ providerMessageId: 'wamid.X' });
  });

  it('refuses an email message for good', async () => {
    expect((await channelFailure(answering(200, {}).send({ ...message, channel: 'email' }))).permanent).toBe(true);
  });
});

describe('configuredChannels', () => {
  it('turns on only the channels the settings configure', () => {
    expect(configuredChannels({}).channels).toEqual({});
    const whatsappOnly = configuredChannels({ whatsapp: { baseUrl: 'https://graph.example', apiVersion: 'v23.0', phoneNumberId: '1', accessToken: 't' } });
    expect(Object.keys(whatsappOnly.channels)).toEqual(['whatsapp']);
    const emailOnly = configuredChannels({ email: { smtpUrl: 'smtp://127.0.0.1:1', from: 'shop@example.com' } });
    expect(emailOnly.channels.email?.id).toBe('email');
    expect(emailOnly.channels.whatsapp).toBeUndefined();
    emailOnly.close();
  });
});
