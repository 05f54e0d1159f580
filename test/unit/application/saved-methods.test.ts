import { describe, expect, it } from 'vitest';
import { InMemorySavedMethods } from '../../../adapters/persistence/in-memory/in-memory-saved-methods.js';
import { makeSavedMethods } from '../../../src/payments/api.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { aVisa, FakeSavedMethodGateway } from '../../support/fakes/fake-saved-method-gateway.js';

function given() {
  const repository = new InMemorySavedMethods();
  const stripe = new FakeSavedMethodGateway('stripe');
  let n = 0;
  const useCases = makeSavedMethods({
    repository,
    gateways: (id) => (id === 'stripe' ? stripe : undefined),
    newId: () => `spm_${(n += 1)}`,
    clock: new FixedClock(new Date('2026-12-07T10:00:00Z')),
  });
  return { repository, stripe, useCases };
}

describe('saved methods', () => {
  it('creates the gateway customer once, with the shopper’s idempotency key, even for concurrent calls', async () => {
    const { stripe, useCases } = given();
    const [a, b] = await Promise.all([useCases.gatewayCustomerFor('cus_asha', 'stripe'), useCases.gatewayCustomerFor('cus_asha', 'stripe')]);
    expect(a).toStrictEqual(b);
    expect(await useCases.gatewayCustomerFor('cus_asha', 'stripe')).toStrictEqual(a);
    expect(new Set(stripe.customerRequests.map((r) => r.idempotencyKey))).toStrictEqual(new Set(['customer-cus_asha-stripe']));
  });

  it('answers saved_methods_unsupported for a gateway without a store of methods', async () => {
    const { useCases } = given();
    expect(await useCases.gatewayCustomerFor('cus_asha', 'khalti')).toMatchObject({ ok: false, error: { code: 'payments.saved_methods_unsupported' } });
    expect(await useCases.recordSaved('cus_asha', 'khalti', aVisa('pm_1'))).toMatchObject({ ok: false, error: { code: 'payments.saved_methods_unsupported' } });
  });

  it('records saved methods, the first as default, idempotently, refusing bad display data', async () => {
    const { useCases } = given();
    const first = await useCases.recordSaved('cus_asha', 'stripe', aVisa('pm_1'));
    const again = await useCases.recordSaved('cus_asha', 'stripe', aVisa('pm_1'));
    const second = await useCases.recordSaved('cus_asha', 'stripe', aVisa('pm_2', { wallet: 'google_pay' }));
    expect(first).toMatchObject({ ok: true, value: { id: 'spm_1', isDefault: true, gatewayCustomerId: 'cus_gw_cus_asha', createdAt: '2026-12-07T10:00:00.000Z' } });
    expect(again).toStrictEqual(first);
    expect(second).toMatchObject({ ok: true, value: { isDefault: false, wallet: 'google_pay' } });
    expect(await useCases.recordSaved('cus_asha', 'stripe', aVisa('pm_3', { last4: '4242424242424242' }))).toMatchObject({
      ok: false,
      error: { code: 'payments.invalid_saved_method' },
    });
    expect((await useCases.list('cus_asha')).map((m) => m.gatewayMethodId)).toStrictEqual(['pm_1', 'pm_2']);
  });

  it('treats another shopper’s method as not found in every use case, and changes nothing', async () => {
    const { stripe, useCases } = given();
    const saved = await useCases.recordSaved('cus_asha', 'stripe', aVisa('pm_1'));
    const id = saved.ok ? saved.value.id : '';
    const notFound = { ok: false, error: { code: 'payments.payment_method_not_found' } };
    expect(await useCases.ownedMethod('cus_bina', id)).toMatchObject(notFound);
    expect(await useCases.setDefault('cus_bina', id)).toMatchObject(notFound);
    expect(await useCases.remove('cus_bina', id)).toMatchObject(notFound);
    expect(await useCases.recordSaved('cus_bina', 'stripe', aVisa('pm_1'))).toMatchObject(notFound);
    expect(stripe.detached).toStrictEqual([]);
    expect(await useCases.ownedMethod('cus_asha', id)).toMatchObject({ ok: true });
  });

  it('moves the default, and removes a method by detaching it at the gateway first', async () => {
    const { stripe, useCases } = given();
    await useCases.recordSaved('cus_asha', 'stripe', aVisa('pm_1'));
    const second = await useCases.recordSaved('cus_asha', 'stripe', aVisa('pm_2'));
    const id = second.ok ? second.value.id : '';
    expect(await useCases.setDefault('cus_asha', id)).toMatchObject({ ok: true, value: { id, isDefault: true } });
    expect((await useCases.list('cus_asha')).map((m) => [m.gatewayMethodId, m.isDefault])).toStrictEqual([
      ['pm_2', true],
      ['pm_1', false],
    ]);

    stripe.failDetach = true;
    expect(await useCases.remove('cus_asha', id)).toMatchObject({ ok: false, error: { code: 'payments.detach_failed' } });
    expect(await useCases.ownedMethod('cus_asha', id)).toMatchObject({ ok: true });

    stripe.failDetach = false;
    expect(await useCases.remove('cus_asha', id)).toStrictEqual({ ok: true, value: undefined });
    expect(stripe.detached).toStrictEqual(['pm_2']);
    // The gateway is told whose method it is: Razorpay deletes a token under its customer.
    expect(stripe.detachRequests).toStrictEqual([{ gatewayCustomerId: 'cus_gw_cus_asha', gatewayMethodId: 'pm_2' }]);
    expect((await useCases.list('cus_asha')).map((m) => m.gatewayMethodId)).toStrictEqual(['pm_1']);
  });
});
