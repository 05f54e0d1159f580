import { describe, expect, it } from 'vitest';
import { newId } from '../../../adapters/di/container.js';
import { MikroOrmCheckoutStore } from '../../../adapters/persistence/mikro-orm-checkout-store.js';
import { MikroOrmNotificationQueue } from '../../../adapters/persistence/mikro-orm-notification-queue.js';
import type { NotificationDetail, NotificationRecord } from '../../../src/notifications/api.js';
import { confirmationMessages, soon } from '../../contracts/notification-queue.contract.js';
import { apiClient } from '../../support/api-client.js';
import { useHarness } from '../../support/harness-fixture.js';
import { fresh } from '../../support/mothers/ids.js';

const { h, tokens } = useHarness({ shoppers: { asha: 'cus_ntf_asha', bina: 'cus_ntf_bina' }, operators: { ops: 'ops_anna' } });
const { call } = apiClient(h);

const queue = () => new MikroOrmNotificationQueue(h.orm);

/** An order confirmation written to the outbox (email and WhatsApp), its email row parked after a permanent failure. */
async function aParkedEmail(): Promise<{ orderId: string; customerId: string; parked: NotificationRecord }> {
  const orderId = newId('ord');
  const customerId = fresh('cus');
  await new MikroOrmCheckoutStore(h.orm).transaction(({ notifications }) => notifications.enqueue(confirmationMessages(orderId, customerId)));
  const now = soon();
  for (const claimed of await queue().claim(100, 60_000, now)) {
    const ours = claimed.message.orderId === orderId && claimed.message.channel === 'email';
    await queue().markFailed(claimed.id, claimed.claimToken, ours ? 'ChannelError: 550 mailbox does not exist' : 'not this test', ours ? 'park' : { retryAt: now }, now);
  }
  const parked = (await queue().list({ orderId, channel: 'email', limit: 1 })).items[0]!;
  return { orderId, customerId, parked };
}

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;

describe('operators’ notification routes', () => {
  it('refuses shoppers with 403 and callers without a token with 401', async () => {
    const { parked } = await aParkedEmail();
    for (const [method, path] of [
      ['GET', '/admin/notifications'],
      ['GET', `/admin/notifications/${parked.id}`],
      ['POST', `/admin/notifications/${parked.id}/resend`],
    ] as const) {
      const body = method === 'POST' ? { reason: 'try again' } : undefined;
      const refused = await call(method, path, tokens.asha, body);
      expect(refused.status, path).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect((await call(method, path, undefined, body)).status, path).toBe(401);
    }
    expect((await queue().byId(parked.id))?.status).toBe('parked');
  });

  it('lists an order’s notifications newest first with their status, filtered and in pages', async () => {
    const { orderId, customerId, parked } = await aParkedEmail();

    const all = await call('GET', `/admin/notifications?orderId=${orderId}`, tokens.ops);
    expect(all.status).toBe(200);
    const page = await json<{ items: NotificationRecord[]; nextCursor?: string }>(all);
    expect(page.items.map((r) => [r.channel, r.status])).toStrictEqual(
      expect.arrayContaining([
        ['email', 'parked'],
        ['whatsapp', 'pending'],
      ]),
    );
    expect(page.items.find((r) => r.id === parked.id)).toMatchObject({
      kind: 'order_confirmed',
      customerId,
      orderId,
      attempts: 1,
      lastError: 'ChannelError: 550 mailbox does not exist',
    });

    const onlyParked = await json<{ items: NotificationRecord[] }>(await call('GET', `/admin/notifications?customerId=${customerId}&status=parked`, tokens.ops));
    expect(onlyParked.items.map((r) => r.id)).toStrictEqual([parked.id]);
    const whatsapp = await json<{ items: NotificationRecord[] }>(await call('GET', `/admin/notifications?orderId=${orderId}&channel=whatsapp`, tokens.ops));
    expect(whatsapp.items.map((r) => r.recipient)).toStrictEqual(['+9779800000001']);

    const first = await json<{ items: NotificationRecord[]; nextCursor?: string }>(await call('GET', `/admin/notifications?orderId=${orderId}&limit=1`, tokens.ops));
    const second = await json<{ items: NotificationRecord[]; nextCursor?: string }>(
      await call('GET', `/admin/notifications?orderId=${orderId}&limit=1&cursor=${first.nextCursor}`, tokens.ops),
    );
    expect([...first.items, ...second.items].map((r) => r.id)).toStrictEqual(page.items.map((r) => r.id));
    expect(second.nextCursor).toBeUndefined();
  });

  it.each(['status=lost', 'channel=sms', 'limit=0', 'limit=501', 'cursor=garbage', 'orderId=%20', 'colour=red'])('answers 400 for the query %s', async (query) => {
    const response = await call('GET', `/admin/notifications?${query}`, tokens.ops);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('shows one notification with its event; an unknown id is a 404 problem, a malformed one a 400', async () => {
    const { orderId, parked } = await aParkedEmail();
    const found = await call('GET', `/admin/notifications/${parked.id}`, tokens.ops);
    expect(found.status).toBe(200);
    expect(await json<NotificationDetail>(found)).toMatchObject({ id: parked.id, status: 'parked', event: { type: 'order_confirmed', orderId }, resentBy: [] });

    const missing = await call('GET', '/admin/notifications/00000000-0000-4000-8000-000000000000', tokens.ops);
    expect(missing.status).toBe(404);
    expect(await json<{ code: string }>(missing)).toMatchObject({ code: 'notifications.not_found' });
    expect((await call('GET', '/admin/notifications/not-an-id', tokens.ops)).status).toBe(400);
  });

  it('resends a parked notification, recorded with who and why; a second resend while it is pending is a 409', async () => {
    const { parked } = await aParkedEmail();

    const resent = await call('POST', `/admin/notifications/${parked.id}/resend`, tokens.ops, { reason: 'the shopper fixed their mailbox' });

    expect(resent.status).toBe(200);
    expect(await json<NotificationRecord>(resent)).toMatchObject({ id: parked.id, status: 'pending', attempts: 0, resends: 1 });
    const again = await call('POST', `/admin/notifications/${parked.id}/resend`, tokens.ops, { reason: 'the shopper fixed their mailbox' });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(await json<{ code: string }>(again)).toMatchObject({ code: 'notifications.not_resendable' });
    const detail = await json<NotificationDetail>(await call('GET', `/admin/notifications/${parked.id}`, tokens.ops));
    expect(detail.resentBy).toMatchObject([{ by: 'ops_anna', reason: 'the shopper fixed their mailbox', previousStatus: 'parked' }]);
    const [claimed] = (await queue().claim(100, 60_000, soon())).filter((c) => c.id === parked.id);
    expect(claimed).toMatchObject({ attempts: 1, resends: 1 });
  });

  it('refuses a resend without a reason (400) and of an unknown notification (404), changing nothing', async () => {
    const { parked } = await aParkedEmail();
    expect((await call('POST', `/admin/notifications/${parked.id}/resend`, tokens.ops, {})).status).toBe(400);
    expect((await call('POST', `/admin/notifications/${parked.id}/resend`, tokens.ops, { reason: 'ok', extra: 1 })).status).toBe(400);
    const unknown = await call('POST', '/admin/notifications/00000000-0000-4000-8000-000000000000/resend', tokens.ops, { reason: 'try again' });
    expect(unknown.status).toBe(404);
    expect(await json<{ code: string }>(unknown)).toMatchObject({ code: 'notifications.not_found' });
    expect(await queue().byId(parked.id)).toMatchObject({ status: 'parked', resends: 0, resentBy: [] });
  });
});

describe('the shopper’s notification settings', () => {
  const outboxSees = (customerId: string) => new MikroOrmCheckoutStore(h.orm).read(({ notifications }) => notifications.settings(customerId));

  it('answers the defaults, then what the shopper saved, which the outbox reads too; another shopper’s stay theirs', async () => {
    expect(await json(await call('GET', '/me/notification-settings', tokens.bina))).toStrictEqual({ customerId: 'cus_ntf_bina', whatsappOptIn: false, marketingOptOut: false });

    const saved = await call('PUT', '/me/notification-settings', tokens.bina, { email: 'Bina@Example.com', phone: '+9779800000009', whatsappOptIn: true, marketingOptOut: true });

    expect(saved.status).toBe(200);
    const expected = { customerId: 'cus_ntf_bina', email: 'bina@example.com', phone: '+9779800000009', whatsappOptIn: true, marketingOptOut: true };
    expect(await json(saved)).toStrictEqual(expected);
    expect(await json(await call('GET', '/me/notification-settings', tokens.bina))).toStrictEqual(expected);
    expect(await outboxSees('cus_ntf_bina')).toStrictEqual(expected);
    expect(await outboxSees('cus_ntf_asha')).toStrictEqual({ customerId: 'cus_ntf_asha', whatsappOptIn: false, marketingOptOut: false });

    expect((await call('PUT', '/me/notification-settings', tokens.bina, { whatsappOptIn: false, marketingOptOut: false })).status).toBe(200);
    expect(await outboxSees('cus_ntf_bina')).toStrictEqual({ customerId: 'cus_ntf_bina', whatsappOptIn: false, marketingOptOut: false });
  });

  it('refuses a WhatsApp opt-in without a phone with a 422 problem, and keeps what was saved', async () => {
    await call('PUT', '/me/notification-settings', tokens.asha, { email: 'asha@example.com', whatsappOptIn: false, marketingOptOut: true });

    const refused = await call('PUT', '/me/notification-settings', tokens.asha, { email: 'asha@example.com', whatsappOptIn: true, marketingOptOut: false });

    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await json<{ code: string }>(refused)).toMatchObject({ code: 'notifications.phone_required' });
    expect(await outboxSees('cus_ntf_asha')).toStrictEqual({ customerId: 'cus_ntf_asha', email: 'asha@example.com', whatsappOptIn: false, marketingOptOut: true });
  });

  it.each([
    [{ phone: '9800000001', whatsappOptIn: true, marketingOptOut: false }, 422, 'notifications.invalid_phone'],
    [{ email: 'not-an-address', whatsappOptIn: false, marketingOptOut: false }, 422, 'notifications.invalid_email'],
    [{ whatsappOptIn: 'yes', marketingOptOut: false }, 400, 'request.invalid'],
    [{ marketingOptOut: false }, 400, 'request.invalid'],
    [{ whatsappOptIn: false, marketingOptOut: false, sms: true }, 400, 'request.invalid'],
  ])('refuses %j with %i %s', async (body, status, code) => {
    const response = await call('PUT', '/me/notification-settings', tokens.asha, body);
    expect(response.status).toBe(status);
    expect(await json<{ code: string }>(response)).toMatchObject({ code });
  });

  it('answers 401 without a token and 403 to an operator', async () => {
    expect((await call('GET', '/me/notification-settings')).status).toBe(401);
    expect((await call('PUT', '/me/notification-settings', undefined, { whatsappOptIn: false, marketingOptOut: false })).status).toBe(401);
    expect((await call('GET', '/me/notification-settings', tokens.ops)).status).toBe(403);
  });
});
