import { GAVE_UP_PAYMENT_STATUSES, type LatePayments, type PaymentCallbackOwner } from '../../payments/api.js';
import type { CheckoutSagas } from '../ports/checkout-sagas.js';
import type { CheckoutStore } from '../ports/checkout-store.js';

export interface CheckoutCallbacksDeps {
  readonly store: CheckoutStore;
  readonly sagas: CheckoutSagas;
  /** Money for a checkout that gave up on it: its own late-payment saga takes the callback. */
  readonly latePayments?: LatePayments;
}

const gaveUp = (status: string): boolean => (GAVE_UP_PAYMENT_STATUSES as readonly string[]).includes(status);

/** The checkouts as owners of gateway payments: a callback for an order's payment goes to its saga. */
export function makeCheckoutCallbacks(deps: CheckoutCallbacksDeps): PaymentCallbackOwner {
  return {
    async deliver(callback) {
      const payment = await deps.store.read((repos) => repos.payments.byGatewayPaymentId(callback.gateway, callback.gatewayPaymentId));
      if (payment === undefined) return undefined;
      const late = { gateway: callback.gateway, gatewayPaymentId: callback.gatewayPaymentId, source: 'webhook' as const, receivedAt: callback.receivedAt };
      if (deps.latePayments !== undefined && gaveUp(payment.status)) {
        // The checkout gave up on this payment (its saga has closed, or is closing): a callback now
        // is money that came late, settled by a saga of its own instead of being dropped.
        await deps.latePayments.report(late);
      } else {
        await deps.sagas.reportCallback(payment.orderId, callback);
        // The checkout may have given up while the callback was on its way (a saga closing takes the
        // signal and ignores it): the late-payment saga starts only if it did.
        if (deps.latePayments !== undefined) await deps.latePayments.report(late);
      }
      return { orderId: payment.orderId };
    },
  };
}
