import { describe, expect, it } from 'vitest';
import { InMemoryCheckoutStore } from '../../../adapters/persistence/in-memory/in-memory-checkout-store.js';
import { defaultSettings, eventKey, messagesFor, tell, withLatestContact, type NotificationOutbox, type OutboxMessage, type ShopEvent } from '../../../src/notifications/api.js';
import { money } from '../../../src/shared/money.js';

const confirmed: ShopEvent = { type: 'order_confirmed', orderId: 'ord_1', customerId: 'cus_1', total: money(45_000, 'NPR'), lines: [], paidWith: 'khalti' };
const points: ShopEvent = { type: 'points_earned', orderId: 'ord_1', customerId: 'cus_1', points: 45 };
const lowStock: ShopEvent = { type: 'low_stock', orderId: 'ord_1', sku: 'MUG', name: 'Clay mug', available: 1, threshold: 2 };
const parkedFor = (code: string): ShopEvent => ({ type: 'checkout_needs_attention', orderId: 'ord_1', customerId: 'cus_1', code, message: 'look' });

const shopper = { ...defaultSettings('cus_1'), email: 'settings@example.com', phone: '+9779800000001' };
const lines = (event: ShopEvent, audience: Parameters<typeof messagesFor>[1]) => messagesFor(event, audience).map((m) => `${m.audience}:${m.channel}:${m.recipient}`);

describe('who an event is told to', () => {
  it('the order contact wins over the settings, addresses are lower-cased, staff get the copy of a confirmation', () => {
    expect(lines(confirmed, { shopper, orderContact: { email: 'Order@Example.com' }, staffEmail: 'Staff@Shop.test' })).toEqual([
      'shopper:email:order@example.com',
      'staff:email:staff@shop.test',
    ]);
  });

  it('WhatsApp only for a shopper who opted in and has a phone', () => {
    expect(lines(confirmed, { shopper: { ...shopper, whatsappOptIn: true } })).toEqual(['shopper:email:settings@example.com', 'shopper:whatsapp:+9779800000001']);
    expect(lines(confirmed, { shopper: { ...shopper, whatsappOptIn: true, phone: undefined as never } }).filter((l) => l.includes('whatsapp'))).toEqual([]);
    expect(lines(confirmed, { shopper })).toEqual(['shopper:email:settings@example.com']);
  });

  it('marketing-like events skip a shopper who opted out, on every channel; transactional ones still go', () => {
    const optedOut = { ...shopper, whatsappOptIn: true, marketingOptOut: true };
    expect(lines(points, { shopper: optedOut })).toEqual([]);
    expect(lines(points, { shopper: { ...optedOut, marketingOptOut: false } })).toEqual(['shopper:email:settings@example.com', 'shopper:whatsapp:+9779800000001']);
    expect(lines(confirmed, { shopper: optedOut })).toHaveLength(2);
  });

  it('staff-only events never reach the shopper, and reach nobody without a staff address', () => {
    expect(lines(lowStock, { shopper, staffEmail: 'staff@shop.test' })).toEqual(['staff:email:staff@shop.test']);
    expect(lines(parkedFor('payments.amount_mismatch'), { shopper, staffEmail: 'staff@shop.test' })).toEqual(['staff:email:staff@shop.test']);
    expect(lines(lowStock, { shopper })).toEqual([]);
  });

  it('a shopper with no address at all is told nothing', () => {
    expect(lines(confirmed, { shopper: defaultSettings('cus_1') })).toEqual([]);
  });
});

describe('event keys', () => {
  it('one per order and event; a top-up, a refund, a low-stock SKU and a parking reason each their own', () => {
    expect(eventKey(confirmed)).toBe('order_confirmed:ord_1');
    expect(eventKey(lowStock)).toBe('low_stock:MUG:ord_1');
    expect(eventKey({ type: 'wallet_topped_up', topUpId: 'top_1', customerId: 'cus_1', amount: money(1, 'NPR') })).toBe('wallet_topped_up:top_1');
    expect(eventKey({ type: 'refund_completed', orderId: 'ord_1', customerId: 'cus_1', refundId: 'ref_9', amount: money(1, 'NPR'), destination: 'wallet' })).toBe(
      'refund_completed:ref_9',
    );
    expect(eventKey(parkedFor('a'))).not.toBe(eventKey(parkedFor('b')));
  });
});

describe('the latest order contact stands in for missing settings', () => {
  it('fills only what the settings lack', () => {
    expect(withLatestContact(defaultSettings('cus_1'), { email: 'o@example.com', phone: null })).toEqual({ ...defaultSettings('cus_1'), email: 'o@example.com' });
    expect(withLatestContact(shopper, { email: 'o@example.com', phone: '+1' })).toEqual(shopper);
    expect(withLatestContact(defaultSettings('cus_1'), undefined)).toEqual(defaultSettings('cus_1'));
  });
});

describe('tell', () => {
  it('writes only for the channels the deployment sends on, with its staff address', async () => {
    const enqueued: OutboxMessage[] = [];
    const outbox: NotificationOutbox = {
      policy: { channels: ['email'], staffEmail: 'staff@shop.test' },
      enqueue: async (messages) => enqueued.push(...messages),
      written: async () => [],
      settings: async (customerId) => ({ ...defaultSettings(customerId), whatsappOptIn: true }),
    };
    expect(await tell(outbox, confirmed, { email: 'a@example.com', phone: '+9779800000001' })).toBe(2);
    expect(enqueued.map((m) => `${m.audience}:${m.channel}:${m.recipient}`)).toEqual(['shopper:email:a@example.com', 'staff:email:staff@shop.test']);
  });

  it('a retried step writes nothing new', async () => {
    const store = new InMemoryCheckoutStore({ notifications: { channels: ['email', 'whatsapp'], staffEmail: 'staff@shop.test' } });
    const contact = { email: 'a@example.com' };
    expect(await store.transaction(({ notifications }) => tell(notifications, confirmed, contact))).toBe(2);
    expect(await store.transaction(({ notifications }) => tell(notifications, confirmed, contact))).toBe(0);
    expect(await store.read(({ notifications }) => notifications.written({ orderId: 'ord_1' }))).toHaveLength(2);
  });

  it('writes nothing when the deployment sends on no channel', async () => {
    const store = new InMemoryCheckoutStore({ notifications: { channels: [] } });
    expect(await store.transaction(({ notifications }) => tell(notifications, confirmed, { email: 'a@example.com' }))).toBe(0);
    expect(await store.read(({ notifications }) => notifications.written({ orderId: 'ord_1' }))).toEqual([]);
  });
});
