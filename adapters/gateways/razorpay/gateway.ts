import { GatewayRejectedError } from '../../../src/payments/ports/payment-gateway.js';
import type * as Port from '../../../src/payments/ports/payment-gateway.js';
import { amountOrReject } from '../mapping.js';
import { liveFirst } from '../refund-reads.js';
import type { Money } from '../../../src/shared/money.js';
import type { RazorpayClient, RazorpayOrder, RazorpayPayment } from './client.js';
import { checkoutExpiresAt, receiptFor, refundIdempotencyKey, toPaymentStatusReport, toRazorpayAmount, toRefundReport } from './mapper.js';

/** The part of `RazorpayClient` the gateway needs; lets a test hand in a stand-in. */
export type RazorpayApi = Pick<RazorpayClient, 'createOrder' | 'ordersByReceipt' | 'fetchOrder' | 'fetchOrderPayments' | 'refundPayment'> &
  Partial<Pick<RazorpayClient, 'fetchRefund' | 'fetchPaymentRefunds' | 'fetchPayment'>>;

export interface RazorpayGatewayOptions {
  /** The public key id (`rzp_test_…` / `rzp_live_…`) the checkout page opens Checkout with. */
  readonly keyId: string;
  /**
   * The page standing in for Razorpay's Checkout widget, reached by a GET redirect with
   * `key_id`, `order_id`, `callback_url`, `callback_method`, `expire_by` and `description` (no
   * customer details: the URL is stored and shown). In demo mode the sandbox's `/v1/checkout/embedded`; in production a page of
   * ours that opens Checkout.js with those options.
   */
  readonly checkoutUrl: string;
  /** How long the shopper has to pay, from the order's `created_at`. Default 1800 s. */
  readonly checkoutWindowSeconds?: number;
  /**
   * How the checkout page returns the shopper: Razorpay's `callback_url` flow POSTs a form;
   * `get` puts the same fields on the query string. Default `get`, which the return route reads today.
   */
  readonly returnMethod?: 'get' | 'post';
  /** Shown on the checkout page. */
  readonly merchantName?: string;
}

const NOTE_MAX = 256;
/** The refund's note naming our refund id, by which a refund whose answer was lost is found again. */
export const REFUND_ID_NOTE = 'paysaga_refund_id';

/**
 * `PaymentGateway` over Razorpay Orders: one Razorpay order per our order (`receipt` = our order
 * id), paid through Checkout, which returns a signed `razorpay_payment_id`. `gatewayPaymentId`
 * is the Razorpay order id (`order_…`); `transactionId` is the captured payment id (`pay_…`).
 *
 * Razorpay has no idempotency header for orders, so a retried initiate first asks for orders
 * with our receipt and reuses the one with the same amount and currency.
 */
export class RazorpayPaymentGateway implements Port.PaymentGateway {
  readonly id = 'razorpay' as const;

  readonly #api: RazorpayApi;
  readonly #keyId: string;
  readonly #checkoutUrl: string;
  readonly #windowSeconds: number;
  readonly #returnMethod: 'get' | 'post';
  readonly #merchantName: string | undefined;

  constructor(api: RazorpayApi, options: RazorpayGatewayOptions) {
    const window = options.checkoutWindowSeconds ?? 1800;
    if (!Number.isSafeInteger(window) || window <= 0) throw new RangeError(`checkoutWindowSeconds must be a positive integer, got ${window}`);
    this.#api = api;
    this.#keyId = options.keyId;
    this.#checkoutUrl = options.checkoutUrl;
    this.#windowSeconds = window;
    this.#returnMethod = options.returnMethod ?? 'get';
    this.#merchantName = options.merchantName;
  }

  async initiate(request: Port.InitiatePaymentRequest): Promise<Port.InitiatedPayment> {
    const amount = amountOrReject('razorpay', toRazorpayAmount(request.amount));
    const receipt = receiptFor(request.orderId);

    const order = (await this.#existingOrder(receipt, amount)) ?? (await this.#createOrder(request, receipt, amount));
    const expiresAt = checkoutExpiresAt(order, this.#windowSeconds);
    return {
      gatewayPaymentId: order.id,
      action: { type: 'redirect', url: this.#checkoutPage(order, request, expiresAt) },
      expiresAt: expiresAt.toISOString(),
    };
  }

  /**
   * Fetches the order and its payments. The report's amount and currency are the captured
   * payment's, whatever `expected` says, so a mismatch shows up in verification. No clock is
   * read: an order nobody has paid is `notStarted` whenever it is asked about, and the saga that
   * owns the checkout window decides when that means expired.
   */
  async lookup(gatewayPaymentId: string, _expected: Money): Promise<Port.PaymentStatusReport> {
    const [order, payments] = await Promise.all([this.#api.fetchOrder(gatewayPaymentId), this.#api.fetchOrderPayments(gatewayPaymentId)]);
    return toPaymentStatusReport({ order, payments: await this.#withCards(payments) });
  }

  /** A captured card payment with its card (`?expand[]=card`: network and last four), for the report's `paidWith`. */
  async #withCards(payments: readonly RazorpayPayment[]): Promise<RazorpayPayment[]> {
    const fetchPayment = this.#api.fetchPayment?.bind(this.#api);
    return Promise.all(
      payments.map((p) =>
        fetchPayment !== undefined && p.status === 'captured' && p.method === 'card' && (p.card === null || p.card === undefined) ? fetchPayment(p.id, { expandCard: true }) : p,
      ),
    );
  }

  /** Refunds `transactionId` (the `pay_…` id) with `X-Refund-Idempotency` derived from the saga's key. */
  async refund(request: Port.RefundRequest): Promise<Port.RefundReport> {
    if (request.amount.currency !== request.paid.currency) {
      throw new GatewayRejectedError('razorpay', 'payments.currency_mismatch', `refund in ${request.amount.currency} of a payment in ${request.paid.currency}`);
    }
    const amount = amountOrReject('razorpay', toRazorpayAmount(request.amount));
    const refund = await this.#api.refundPayment(
      request.transactionId,
      {
        amount: amount.amount,
        speed: 'normal',
        notes: { reason: request.reason.slice(0, NOTE_MAX), order_id: request.gatewayPaymentId, ...(request.refundId !== undefined && { [REFUND_ID_NOTE]: request.refundId }) },
      },
      refundIdempotencyKey(request.idempotencyKey),
    );
    return toRefundReport(refund);
  }

  /**
   * `GET /v1/refunds/{id}` when the refund's id is known; otherwise the payment's refunds
   * (`GET /v1/payments/{id}/refunds`), ours being the one whose notes carry our refund id.
   */
  async refundStatus(query: Port.RefundStatusQuery): Promise<Port.RefundStatusReport> {
    if (this.#api.fetchRefund === undefined || this.#api.fetchPaymentRefunds === undefined) throw new Error('this Razorpay client cannot read refunds');
    if (query.gatewayRefundId !== undefined) return toRefundReport(await this.#api.fetchRefund(query.gatewayRefundId));
    const ours = (await this.#api.fetchPaymentRefunds(query.transactionId)).filter((r) => r.notes[REFUND_ID_NOTE] === query.refundId).map(toRefundReport);
    return liveFirst(ours) ?? { status: 'absent', gatewayStatus: `no refund of ${query.transactionId} carries ${query.refundId}` };
  }

  async #existingOrder(receipt: string, amount: { amount: number; currency: string }): Promise<RazorpayOrder | undefined> {
    const orders = await this.#api.ordersByReceipt(receipt);
    const mine = orders.filter((o) => o.receipt === receipt);
    const same = mine.filter((o) => o.amount === amount.amount && o.currency.toUpperCase() === amount.currency);
    if (same.length > 0) return same.sort((a, b) => b.created_at - a.created_at)[0];
    if (mine.length > 0) {
      // Our order ids are never re-priced: another amount under our receipt is not ours to reuse or shadow.
      throw new GatewayRejectedError('razorpay', 'payments.receipt_conflict', `Razorpay already has an order with receipt ${receipt} for another amount`);
    }
    return undefined;
  }

  async #createOrder(request: Port.InitiatePaymentRequest, receipt: string, amount: { amount: number; currency: string }): Promise<RazorpayOrder> {
    try {
      return await this.#api.createOrder({
        ...amount,
        receipt,
        notes: { order_id: request.orderId.slice(0, NOTE_MAX), idempotency_key: request.idempotencyKey.slice(0, NOTE_MAX) },
      });
    } catch (error) {
      // Razorpay documents `receipt` as unique; should it refuse a duplicate, the order is there to reuse.
      if (error instanceof GatewayRejectedError && /receipt/i.test(error.message)) {
        const existing = await this.#existingOrder(receipt, amount);
        if (existing !== undefined) return existing;
      }
      throw error;
    }
  }

  #checkoutPage(order: RazorpayOrder, request: Port.InitiatePaymentRequest, expiresAt: Date): string {
    const url = new URL(this.#checkoutUrl);
    const params: [string, string | undefined][] = [
      ['key_id', this.#keyId],
      ['order_id', order.id],
      ['callback_url', request.returnUrl],
      ['callback_method', this.#returnMethod],
      ['expire_by', String(Math.floor(expiresAt.getTime() / 1000))],
      ['name', this.#merchantName],
      ['description', request.description],
      // Saved cards are tokens of the shopper's Razorpay customer: `save=1` asks Checkout to keep
      // the card paid with (the shopper consents on Razorpay's page); `token` preselects a saved
      // one, which the shopper still confirms there (CVV / OTP, as RBI rules require).
      ['customer_id', request.savedMethod?.gatewayCustomerId ?? request.saveFor?.gatewayCustomerId],
      ['save', request.saveFor === undefined || request.savedMethod !== undefined ? undefined : '1'],
      ['token', request.savedMethod?.gatewayMethodId],
    ];
    // No prefill[name|email|contact]: this URL is kept with the payment, in the saga's history and
    // in the checkout the shopper's browser is shown; the shopper types them on Razorpay's page.
    for (const [k, v] of params) if (v !== undefined && v !== '') url.searchParams.set(k, v);
    return url.toString();
  }
}
