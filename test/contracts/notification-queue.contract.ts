import { beforeEach, describe, expect, it } from 'vitest';
import type { CheckoutStore } from '../../src/checkout/ports/checkout-store.js';
import { messagesFor, type NotificationQueue, type NotificationSettingsRepository, type OutboxMessage } from '../../src/notifications/api.js';
import { money } from '../../src/shared/money.js';
import { InvalidCursorError } from '../../adapters/persistence/mikro-orm-storefront-queries.js';
import { liveHandle } from '../support/live-handle.js';
import { fresh } from '../support/mothers/ids.js';

/** An outbox with nothing in it, its write side (the checkout store's), the queue and the settings over the same tables. */
export interface NotificationTables {
  readonly store: CheckoutStore;
  readonly queue: NotificationQueue;
  readonly settings: NotificationSettingsRepository;
}

export interface NotificationQueueSubject {
  readonly name: string;
  /** Called before each test: an empty outbox, so a claim takes only the test's rows. */
  open(): Promise<NotificationTables>;
}

/** A shopper's order confirmation by email and WhatsApp. */
export const confirmationMessages = (orderId = fresh('ord'), customerId = fresh('cus')): OutboxMessage[] =>
  messagesFor(
    { type: 'order_confirmed', orderId, customerId, total: money(50_000, 'NPR'), lines: [{ name: 'Ilam tea', quantity: 1, lineTotal: money(50_000, 'NPR') }], paidWith: 'khalti' },
    { shopper: { customerId, email: `${customerId}@example.com`, phone: '+9779800000001', whatsappOptIn: true, marketingOptOut: false } },
  );

/** Rows are due from when they were written (the database's clock): a claim a little later takes them. */
export const soon = (ms = 1000): Date => new Date(Date.now() + ms);
const LEASE = 30_000;
const later = (at: Date, ms: number): Date => new Date(at.getTime() + ms);

/**
 * NotificationQueue: claims are exclusive until their lease lapses, marks need the claim token,
 * operators list, read and resend rows; the settings saved are the ones the outbox reads.
 */
export function notificationQueueContract(subject: NotificationQueueSubject): void {
  describe(`NotificationQueue contract: ${subject.name}`, () => {
    let opened: NotificationTables | undefined;
    beforeEach(async () => {
      opened = await subject.open();
    });
    const t = liveHandle(() => opened, `${subject.name} tables`);
    const enqueue = (messages: OutboxMessage[]) => t.store.transaction(({ notifications }) => notifications.enqueue(messages));
    const record = async (id: string) => (await t.queue.byId(id))!;

    it('given due rows, when claimed, then each is sending with attempt 1 and its own token, and a second claim takes none while leased', async () => {
      const messages = confirmationMessages();
      await enqueue(messages);
      const now = soon();

      const claimed = await t.queue.claim(10, LEASE, now);

      expect(claimed).toHaveLength(2);
      expect(new Set(claimed.map((c) => c.claimToken)).size).toBe(2);
      for (const c of claimed) {
        expect(c).toMatchObject({ attempts: 1, resends: 0 });
        expect(c.message).toStrictEqual(messages.find((m) => m.channel === c.message.channel));
        expect(await record(c.id)).toMatchObject({ status: 'sending', attempts: 1 });
      }
      expect(await t.queue.claim(10, LEASE, later(now, LEASE - 1))).toEqual([]);
    });

    it('given a claim whose lease lapsed (its dispatcher crashed), when claimed again, then the row is taken with attempt 2 and a new token, and the old token marks nothing', async () => {
      await enqueue(confirmationMessages().slice(0, 1));
      const now = soon();
      const [first] = await t.queue.claim(10, LEASE, now);

      const [second] = await t.queue.claim(10, LEASE, later(now, LEASE));

      expect(second).toMatchObject({ id: first!.id, attempts: 2 });
      expect(second!.claimToken).not.toBe(first!.claimToken);
      expect(await t.queue.markSent(first!.id, first!.claimToken, 'late', later(now, LEASE + 1))).toBe(false);
      expect(await t.queue.markFailed(first!.id, first!.claimToken, 'late', 'park', later(now, LEASE + 1))).toBe(false);
      expect(await record(first!.id)).toMatchObject({ status: 'sending', attempts: 2 });
      expect(await t.queue.markSent(second!.id, second!.claimToken, 'smtp-250', later(now, LEASE + 2))).toBe(true);
      expect(await record(first!.id)).toMatchObject({ status: 'sent', providerMessageId: 'smtp-250', sentAt: later(now, LEASE + 2).toISOString() });
    });

    it('given a claimed row, when marked sent, then it is sent and no later mark with the same token applies', async () => {
      await enqueue(confirmationMessages().slice(0, 1));
      const now = soon();
      const [claimed] = await t.queue.claim(1, LEASE, now);

      expect(await t.queue.markSent(claimed!.id, claimed!.claimToken, 'prov-1', now)).toBe(true);

      expect(await t.queue.markSent(claimed!.id, claimed!.claimToken, 'prov-2', now)).toBe(false);
      expect(await t.queue.markFailed(claimed!.id, claimed!.claimToken, 'boom', 'park', now)).toBe(false);
      const sent = await record(claimed!.id);
      expect(sent).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: 'prov-1', sentAt: now.toISOString() });
      expect(sent.lastError).toBeUndefined();
      expect(await t.queue.claim(10, LEASE, later(now, 3_600_000))).toEqual([]);
    });

    it('given a failed send, when marked for a retry, then it is pending with the error and is claimed again only once the retry is due', async () => {
      await enqueue(confirmationMessages().slice(0, 1));
      const now = soon();
      const [claimed] = await t.queue.claim(1, LEASE, now);
      const retryAt = later(now, 5_000);

      expect(await t.queue.markFailed(claimed!.id, claimed!.claimToken, 'connection refused', { retryAt }, now)).toBe(true);

      expect(await record(claimed!.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'connection refused', nextAttemptAt: retryAt.toISOString() });
      expect(await t.queue.claim(10, LEASE, later(now, 4_999))).toEqual([]);
      expect(await t.queue.claim(10, LEASE, retryAt)).toMatchObject([{ id: claimed!.id, attempts: 2 }]);
    });

    it('given a failed send, when parked, then it is parked with the error and never claimed', async () => {
      await enqueue(confirmationMessages().slice(0, 1));
      const now = soon();
      const [claimed] = await t.queue.claim(1, LEASE, now);

      expect(await t.queue.markFailed(claimed!.id, claimed!.claimToken, 'mailbox does not exist', 'park', now)).toBe(true);

      expect(await record(claimed!.id)).toMatchObject({ status: 'parked', lastError: 'mailbox does not exist', parkedAt: now.toISOString() });
      expect(await t.queue.claim(10, LEASE, later(now, 86_400_000))).toEqual([]);
    });

    it('given more due rows than the limit, when claimed, then the limit is taken, oldest due first', async () => {
      await enqueue(confirmationMessages());
      await enqueue(confirmationMessages());
      const all = await t.queue.list({ limit: 10 });
      const claimed = await t.queue.claim(3, LEASE, soon());
      expect(claimed).toHaveLength(3);
      expect(new Set(claimed.map((c) => c.id)).size).toBe(3);
      expect(claimed.map((c) => c.id)).not.toContain(all.items[0]!.id);
    });

    it('given many due rows, when several claims run at once, then no row is claimed twice', async () => {
      for (let i = 0; i < 10; i += 1) await enqueue(confirmationMessages());
      const now = soon();
      const claims = await Promise.all(Array.from({ length: 5 }, () => t.queue.claim(6, LEASE, now)));
      const ids = claims.flat().map((c) => c.id);
      expect(ids).toHaveLength(20);
      expect(new Set(ids).size).toBe(20);
    });

    it('given rows of several orders and statuses, when listed, then newest first, filtered, in keyset pages', async () => {
      const customerId = fresh('cus');
      const [older, newer] = [fresh('ord'), fresh('ord')];
      await enqueue(confirmationMessages(older, customerId));
      await enqueue(confirmationMessages(newer, customerId));
      const [claimed] = await t.queue.claim(1, LEASE, soon());
      await t.queue.markFailed(claimed!.id, claimed!.claimToken, 'refused', 'park', soon());

      const all = await t.queue.list({ customerId, limit: 10 });
      expect(all.items.map((r) => r.orderId)).toStrictEqual([newer, newer, older, older]);
      expect(all.nextCursor).toBeUndefined();
      expect(all.items.find((r) => r.id === claimed!.id)).toMatchObject({ status: 'parked', kind: 'order_confirmed', customerId, audience: 'shopper', lastError: 'refused' });

      const first = await t.queue.list({ customerId, limit: 3 });
      expect(first.items.map((r) => r.id)).toStrictEqual(all.items.slice(0, 3).map((r) => r.id));
      const second = await t.queue.list({ customerId, limit: 3, cursor: first.nextCursor! });
      expect(second.items.map((r) => r.id)).toStrictEqual(all.items.slice(3).map((r) => r.id));
      expect(second.nextCursor).toBeUndefined();

      expect((await t.queue.list({ orderId: older, limit: 10 })).items.map((r) => r.orderId)).toStrictEqual([older, older]);
      expect((await t.queue.list({ customerId, channel: 'whatsapp', limit: 10 })).items.map((r) => r.recipient)).toStrictEqual(['+9779800000001', '+9779800000001']);
      expect((await t.queue.list({ customerId, status: 'parked', limit: 10 })).items.map((r) => r.id)).toStrictEqual([claimed!.id]);
      expect((await t.queue.list({ customerId: fresh('cus'), limit: 10 })).items).toEqual([]);
    });

    it('given a cursor this service did not issue, when listed, then it is refused as an invalid cursor', async () => {
      await expect(t.queue.list({ limit: 10, cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('given a row, when read by id, then it carries its event; an unknown id is undefined', async () => {
      const messages = confirmationMessages();
      await enqueue(messages);
      const [row] = (await t.queue.list({ orderId: messages[0]!.orderId!, channel: 'email', limit: 1 })).items;
      expect(await t.queue.byId(row!.id)).toMatchObject({ ...row, event: messages[0]!.event, resentBy: [] });
      expect(await t.queue.byId('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      expect(await t.queue.byId('not-a-uuid')).toBeUndefined();
    });

    it('given a parked row, when resent, then it is pending now with attempts 0 and one resend, recorded with who and why, and claimed again', async () => {
      await enqueue(confirmationMessages().slice(0, 1));
      const now = soon();
      const [claimed] = await t.queue.claim(1, LEASE, now);
      await t.queue.markFailed(claimed!.id, claimed!.claimToken, 'mailbox full', 'park', now);
      const at = later(now, 60_000);

      const resent = await t.queue.resend(claimed!.id, { operatorId: 'ops_anna', reason: 'mailbox emptied' }, at);

      expect(resent).toMatchObject({ ok: true, value: { id: claimed!.id, status: 'pending', attempts: 0, resends: 1, nextAttemptAt: at.toISOString() } });
      const detail = await record(claimed!.id);
      expect(detail.resentBy).toStrictEqual([{ by: 'ops_anna', reason: 'mailbox emptied', previousStatus: 'parked', at: at.toISOString() }]);
      expect(detail.lastError).toBeUndefined();
      expect(detail.parkedAt).toBeUndefined();
      expect(await t.queue.claim(10, LEASE, at)).toMatchObject([{ id: claimed!.id, attempts: 1, resends: 1 }]);
    });

    it('given a sent row, when resent, then it goes out again; a pending or sending row is not resendable, an unknown one not found', async () => {
      await enqueue(confirmationMessages().slice(0, 1));
      const now = soon();
      const [claimed] = await t.queue.claim(1, LEASE, now);
      const by = { operatorId: 'ops_anna', reason: 'shopper asked again' };

      expect(await t.queue.resend(claimed!.id, by, now)).toMatchObject({ ok: false, error: { code: 'notifications.not_resendable' } });
      await t.queue.markSent(claimed!.id, claimed!.claimToken, 'prov-1', now);
      expect(await t.queue.resend(claimed!.id, by, now)).toMatchObject({ ok: true, value: { status: 'pending', resends: 1 } });
      expect((await record(claimed!.id)).sentAt).toBeUndefined();
      expect(await t.queue.resend(claimed!.id, by, now)).toMatchObject({ ok: false, error: { code: 'notifications.not_resendable' } });
      expect((await record(claimed!.id)).resentBy).toHaveLength(1);
      expect(await t.queue.resend('00000000-0000-4000-8000-000000000000', by, now)).toMatchObject({ ok: false, error: { code: 'notifications.not_found' } });
      expect(await t.queue.resend('nope', by, now)).toMatchObject({ ok: false, error: { code: 'notifications.not_found' } });
    });

    it('given settings saved, when read through the settings and through the outbox, then both see them; saving again replaces them', async () => {
      const customerId = fresh('cus');
      const saved = { customerId, email: 'asha@example.com', phone: '+9779800000002', whatsappOptIn: true, marketingOptOut: true };

      await t.settings.saveSettings(saved);

      expect(await t.settings.settings(customerId)).toStrictEqual(saved);
      expect(await t.store.read(({ notifications }) => notifications.settings(customerId))).toStrictEqual(saved);
      await t.settings.saveSettings({ customerId, whatsappOptIn: false, marketingOptOut: false });
      expect(await t.store.read(({ notifications }) => notifications.settings(customerId))).toStrictEqual({ customerId, whatsappOptIn: false, marketingOptOut: false });
    });

    it('given a WhatsApp opt-in without a phone, when saved, then the store refuses it', async () => {
      await expect(t.settings.saveSettings({ customerId: fresh('cus'), whatsappOptIn: true, marketingOptOut: false })).rejects.toThrow('notification_settings_check');
    });
  });
}
