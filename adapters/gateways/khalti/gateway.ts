import type * as Port from '../../../src/payments/ports/payment-gateway.js';
import { amountOrReject } from '../mapping.js';
import type { Money } from '../../../src/shared/money.js';
import type { KhaltiClient, KhaltiInitiateRequest } from './client.js';
import { toKhaltiAmount, toPaymentStatusReport } from './mapper.js';

/** The part of `KhaltiClient` the gateway needs; lets a test hand in a stand-in. */
export type KhaltiApi = Pick<KhaltiClient, 'initiate' | 'lookup'> & Partial<Pick<KhaltiClient, 'refund'>>;

/**
 * `PaymentGateway` over Khalti ePayment (KPG-2): the shopper is redirected to Khalti's hosted
 * page and comes back to `returnUrl`; only `lookup` tells the truth.
 *
 * Khalti documents no idempotency mechanism, so `idempotencyKey` is not sent: a retried
 * initiate creates a second pidx for the same `purchase_order_id`, and the saga must only
 * trust the pidx it stored.
 */
export class KhaltiPaymentGateway implements Port.PaymentGateway {
  readonly id = 'khalti' as const;

  readonly #api: KhaltiApi;

  constructor(api: KhaltiApi) {
    this.#api = api;
  }

  async initiate(request: Port.InitiatePaymentRequest): Promise<Port.InitiatedPayment> {
    const amount = amountOrReject('khalti', toKhaltiAmount(request.amount));

    const body: KhaltiInitiateRequest = {
      return_url: request.returnUrl,
      website_url: request.websiteUrl,
      amount,
      purchase_order_id: request.orderId,
      purchase_order_name: request.description,
      ...customerInfo(request.customer),
    };
    const response = await this.#api.initiate(body);
    return {
      gatewayPaymentId: response.pidx,
      action: { type: 'redirect', url: response.payment_url },
      // Khalti answers in Nepal time (+05:45) with microseconds; we keep UTC with milliseconds.
      expiresAt: new Date(Date.parse(response.expires_at)).toISOString(),
    };
  }

  /**
   * Refunds through Khalti's merchant refund API: empty body for the whole payment, `amount` for
   * part of it. Khalti answers synchronously and documents no idempotency key, so a refund retried
   * after a lost answer could be applied twice: the caller must never call this again for the same
   * refund unless `refundStatus` has shown that no refund was made.
   */
  async refund(request: Port.RefundRequest): Promise<Port.RefundReport> {
    if (this.#api.refund === undefined) throw new Error('this Khalti client cannot refund');
    const amount = amountOrReject('khalti', toKhaltiAmount(request.amount));
    const full = request.amount.amountMinor === request.paid.amountMinor;
    const answer = await this.#api.refund(request.transactionId, full ? undefined : amount);
    return { status: 'completed', gatewayStatus: answer.detail };
  }

  /**
   * Khalti has no refund read: its payment lookup tells (`refunded`, and the status `Refunded` /
   * `Partially Refunded`), without amounts. So the answer rests on what our ledger says was
   * refunded before this refund: with nothing before, any refund on the payment is this one; a
   * payment refunded in full is this refund when this refund is what completes it; a payment that
   * shows no refund at all means this one was not made. Anything else cannot be told apart
   * (`unknown`: a person checks Khalti's merchant dashboard).
   */
  async refundStatus(query: Port.RefundStatusQuery): Promise<Port.RefundStatusReport> {
    const payment = await this.#api.lookup(query.gatewayPaymentId);
    const status = payment.status.trim().toLowerCase();
    const gatewayStatus = `lookup ${payment.status}${payment.refunded ? ', refunded' : ''}`;
    const before = query.refundedBefore.amountMinor;
    const completesPayment = before + query.amount.amountMinor === query.paid.amountMinor;
    if (status === 'refunded') return completesPayment ? { status: 'completed', gatewayStatus } : { status: 'unknown', gatewayStatus };
    if (status === 'partially refunded') return before === 0 && !completesPayment ? { status: 'completed', gatewayStatus } : { status: 'unknown', gatewayStatus };
    if (status === 'completed' && payment.refunded !== true) return before === 0 ? { status: 'absent', gatewayStatus } : { status: 'unknown', gatewayStatus };
    return { status: 'unknown', gatewayStatus };
  }

  /** Khalti reports NPR only; the report says NPR whatever `currency` the caller expected, so a mismatch is caught in verification. */
  async lookup(gatewayPaymentId: string, _expected: Money): Promise<Port.PaymentStatusReport> {
    return toPaymentStatusReport(await this.#api.lookup(gatewayPaymentId));
  }
}

function customerInfo(customer: Port.InitiatePaymentRequest['customer']): Pick<KhaltiInitiateRequest, 'customer_info'> {
  if (customer === undefined) return {};
  const info: { name?: string; email?: string; phone?: string } = {};
  if (customer.name !== undefined) info.name = customer.name;
  if (customer.email !== undefined) info.email = customer.email;
  if (customer.phone !== undefined) info.phone = customer.phone;
  return Object.keys(info).length > 0 ? { customer_info: info } : {};
}
