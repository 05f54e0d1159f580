import { describe, expect, it } from 'vitest';
import { messagesFor, type OutboxMessage, type ShopEvent } from '../../src/notifications/api.js';
import { money } from '../../src/shared/money.js';
import { fresh } from '../support/mothers/ids.js';
import { openedForEachTest, type PersistenceSubject } from './store-under-test.js';

const confirmed = (orderId: string, customerId: string): ShopEvent => ({
  type: 'order_confirmed',
  orderId,
  customerId,
  total: money(129_950, 'NPR'),
  lines: [{ name: 'Ilam tea', quantity: 2, lineTotal: money(90_000, 'NPR') }],
  paidWith: 'khalti',
});

const messages = (orderId: string, customerId: string): OutboxMessage[] =>
  messagesFor(confirmed(orderId, customerId), {
    shopper: { customerId, phone: '+9779800000001', whatsappOptIn: true, marketingOptOut: false },
    orderContact: { email: 'Asha@Example.com' },
    staffEmail: 'staff@shop.test',
  });

/**
 * NotificationOutbox: messages are written in the transaction of the change that causes them
 * (committed with it, gone with its rollback), once per (event, channel, recipient).
 */
export function notificationOutboxContract(subject: PersistenceSubject): void {
  describe(`NotificationOutbox contract: ${subject.name}`, () => {
    const { store } = openedForEachTest(subject);
    const written = (orderId: string) => store.read(({ notifications }) => notifications.written({ orderId }));

    it('given an event told to a shopper by email and WhatsApp and to staff, when committed, then its three messages are there as written', async () => {
      const orderId = fresh('ord');
      const customerId = fresh('cus');
      const toWrite = messages(orderId, customerId);
      expect(await store.transaction(({ notifications }) => notifications.enqueue(toWrite))).toBe(3);

      const back = await written(orderId);
      expect(back).toHaveLength(3);
      expect(new Set(back.map((m) => `${m.audience}:${m.channel}:${m.recipient}`))).toEqual(
        new Set(['shopper:email:asha@example.com', 'shopper:whatsapp:+9779800000001', 'staff:email:staff@shop.test']),
      );
      for (const message of back) expect(message).toStrictEqual(toWrite.find((m) => m.channel === message.channel && m.recipient === message.recipient));
      expect(await store.read(({ notifications }) => notifications.written({ customerId }))).toHaveLength(3);
    });

    it('given the messages already written, when a retried step writes them again, then nothing new is written and the first stay', async () => {
      const orderId = fresh('ord');
      const customerId = fresh('cus');
      await store.transaction(({ notifications }) => notifications.enqueue(messages(orderId, customerId)));
      const again = messages(orderId, customerId).map((m) => ({ ...m, event: { ...m.event, paidWith: 'esewa' } as ShopEvent }));

      expect(await store.transaction(({ notifications }) => notifications.enqueue(again))).toBe(0);
      const back = await written(orderId);
      expect(back).toHaveLength(3);
      expect(back.every((m) => m.event.type === 'order_confirmed' && m.event.paidWith === 'khalti')).toBe(true);
    });

    it('given the change that causes them rolls back, when read, then none of its messages is there', async () => {
      const orderId = fresh('ord');
      const customerId = fresh('cus');
      await expect(
        store.transaction(async ({ notifications }) => {
          await notifications.enqueue(messages(orderId, customerId));
          throw new Error('the state change failed');
        }),
      ).rejects.toThrow('the state change failed');
      expect(await written(orderId)).toEqual([]);
    });

    it('given a shopper with no settings, when read, then they get the defaults: no WhatsApp, marketing on', async () => {
      const customerId = fresh('cus');
      expect(await store.read(({ notifications }) => notifications.settings(customerId))).toStrictEqual({ customerId, whatsappOptIn: false, marketingOptOut: false });
    });
  });
}
