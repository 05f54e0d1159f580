import { beforeEach, describe, expect, it } from 'vitest';
import type { SavedMethod, SavedMethodRepository } from '../../src/payments/api.js';
import { aVisa } from '../support/fakes/fake-saved-method-gateway.js';
import { liveHandle } from '../support/live-handle.js';
import { fresh } from '../support/mothers/ids.js';

export interface SavedMethodsSubject {
  readonly name: string;
  open(): Promise<{ readonly repository: SavedMethodRepository /** A payment row to record `paidWith` on; its id. */; aPayment(): Promise<string> }>;
}

/** SavedMethodRepository: one gateway customer per shopper, saves idempotent per gateway method, one default, removal by owner only. */
export function savedMethodsContract(subject: SavedMethodsSubject): void {
  describe(`SavedMethodRepository contract: ${subject.name}`, () => {
    let opened: Awaited<ReturnType<SavedMethodsSubject['open']>> | undefined;
    beforeEach(async () => {
      opened = await subject.open();
    });
    const t = liveHandle(() => opened, `${subject.name} repository`);

    const aShopper = async () => {
      const customerId = fresh('cus');
      const gatewayCustomerId = await t.repository.recordGatewayCustomer(customerId, 'stripe', fresh('gcus'));
      let n = 0;
      const method = (overrides: Partial<SavedMethod> = {}): SavedMethod => ({
        ...aVisa(fresh('pm')),
        id: fresh('spm'),
        customerId,
        gateway: 'stripe',
        gatewayCustomerId,
        isDefault: false,
        createdAt: new Date(Date.UTC(2026, 11, 7, 10, 0, (n += 1))).toISOString(),
        ...overrides,
      });
      return { customerId, gatewayCustomerId, method };
    };

    it('records a shopper’s gateway customer once: a second record keeps the first', async () => {
      const customerId = fresh('cus');
      expect(await t.repository.gatewayCustomer(customerId, 'stripe')).toBeUndefined();
      const [first, second] = await Promise.all([
        t.repository.recordGatewayCustomer(customerId, 'stripe', 'gcus_a'.concat(customerId)),
        t.repository.recordGatewayCustomer(customerId, 'stripe', 'gcus_b'.concat(customerId)),
      ]);
      expect(first).toBe(second);
      expect(await t.repository.gatewayCustomer(customerId, 'stripe')).toBe(first);
      expect(await t.repository.gatewayCustomer(customerId, 'paypal')).toBeUndefined();
    });

    it('saves methods, the first as default, lists the default first, and a repeat save answers the row kept', async () => {
      const { customerId, method } = await aShopper();
      const first = await t.repository.save(method());
      const second = await t.repository.save(method({ brand: 'mastercard', last4: '4444', wallet: 'google_pay' }));
      expect(first.isDefault).toBe(true);
      expect(second).toMatchObject({ isDefault: false, wallet: 'google_pay', last4: '4444' });
      const again = await t.repository.save({ ...second, id: fresh('spm'), last4: '0000' });
      expect(again).toStrictEqual(second);
      expect((await t.repository.listByCustomer(customerId)).map((m) => m.id)).toStrictEqual([first.id, second.id]);
      expect(await t.repository.byId(second.id)).toStrictEqual(second);
    });

    it('keeps one default: setting another moves it; another shopper’s method is refused', async () => {
      const { customerId, method } = await aShopper();
      const first = await t.repository.save(method());
      const second = await t.repository.save(method());
      expect(await t.repository.setDefault(customerId, second.id)).toBe(true);
      expect((await t.repository.listByCustomer(customerId)).map((m) => [m.id, m.isDefault])).toStrictEqual([
        [second.id, true],
        [first.id, false],
      ]);
      const other = await aShopper();
      expect(await t.repository.setDefault(other.customerId, first.id)).toBe(false);
      expect((await t.repository.byId(first.id))?.isDefault).toBe(false);
    });

    it('removes only the owner’s method', async () => {
      const { customerId, method } = await aShopper();
      const saved = await t.repository.save(method());
      const other = await aShopper();
      expect(await t.repository.remove(other.customerId, saved.id)).toBe(false);
      expect(await t.repository.byId(saved.id)).toBeDefined();
      expect(await t.repository.remove(customerId, saved.id)).toBe(true);
      expect(await t.repository.byId(saved.id)).toBeUndefined();
      expect(await t.repository.remove(customerId, saved.id)).toBe(false);
    });

    it('records how a payment was paid', async () => {
      const paymentId = await t.aPayment();
      expect(await t.repository.paidWith(paymentId)).toBeUndefined();
      await t.repository.recordPaidWith(paymentId, { type: 'card', brand: 'visa', last4: '4242', wallet: 'google_pay' });
      expect(await t.repository.paidWith(paymentId)).toStrictEqual({ type: 'card', brand: 'visa', last4: '4242', wallet: 'google_pay' });
    });
  });
}
