import { GatewayRejectedError } from '../../../src/payments/ports/payment-gateway.js';
import type * as Port from '../../../src/payments/ports/payment-gateway.js';
import { amountOrReject } from '../mapping.js';
import { liveFirst } from '../refund-reads.js';
import { equals, type Money } from '../../../src/shared/money.js';
import { payPalRequestId, type PayPalClient, type PayPalCreateOrderRequest, type PayPalRefundRequest } from './client.js';
import { toPayPalAmount, toPaymentStatusReport, toRefundReport } from './mapper.js';
import { PAYPAL_CANCEL_MARKER } from './return-parser.js';

/** The part of `PayPalClient` the gateway needs; lets a test hand in a stand-in. */
export type PayPalApi = Pick<PayPalClient, 'createOrder' | 'getOrder' | 'captureOrder' | 'refundCapture'> & Partial<Pick<PayPalClient, 'getRefund'>>;

export interface PayPalGatewayOptions {
  /**
   * How long we wait for the payer. PayPal gives 6 h to redirect and 6 h to approve (SDK 2.x
   * `Order` docs; an older schema says 3 h) and returns no expiry, so this is our own window.
   * Default 6 h. A late approval cannot take money: only our capture does.
   */
  readonly approvalWindowSeconds?: number;
  /** Shown on PayPal's page instead of the account's business name. */
  readonly brandName?: string;
  readonly now?: () => Date;
}

/** Capture answers that mean "read the order": the retry of a capture that already happened, or nothing to capture yet. */
const READ_STATE_ISSUES = new Set(['ORDER_ALREADY_CAPTURED', 'ORDER_NOT_APPROVED']);
/** The payer's funding source refused the capture; PayPal would send the payer back to choose another. */
const DECLINED_ISSUES = new Set(['INSTRUMENT_DECLINED']);

/**
 * `PaymentGateway` over PayPal Orders v2 with intent CAPTURE: the shopper approves on PayPal's
 * page, comes back to `returnUrl`, and only our `capture` moves money. `gatewayPaymentId` is
 * PayPal's order id; a completed report's `transactionId` is the capture id (refunds use it).
 *
 * Every create, capture and refund carries a `PayPal-Request-Id` derived from the saga's
 * idempotency key: a retried step gets PayPal's earlier answer, never a second order or capture.
 */
export class PayPalPaymentGateway implements Port.PaymentGateway {
  readonly id = 'paypal' as const;

  readonly #api: PayPalApi;
  readonly #approvalWindowMs: number;
  readonly #brandName: string | undefined;
  readonly #now: () => Date;

  constructor(api: PayPalApi, options: PayPalGatewayOptions = {}) {
    this.#api = api;
    this.#approvalWindowMs = (options.approvalWindowSeconds ?? 6 * 3600) * 1000;
    this.#brandName = options.brandName;
    this.#now = options.now ?? (() => new Date());
  }

  async initiate(request: Port.InitiatePaymentRequest): Promise<Port.InitiatedPayment> {
    const amount = amountOrReject('paypal', toPayPalAmount(request.amount));
    const body: PayPalCreateOrderRequest = {
      intent: 'CAPTURE',
      purchase_units: [
        {
          reference_id: request.orderId,
          custom_id: request.orderId,
          // PayPal allows 127 characters.
          ...(request.description !== '' && { description: request.description.slice(0, 127) }),
          amount,
        },
      ],
      payment_source: {
        paypal: {
          ...(request.customer?.email !== undefined && { email_address: request.customer.email }),
          experience_context: {
            return_url: request.returnUrl,
            cancel_url: cancelUrlFor(request.returnUrl),
            user_action: 'PAY_NOW',
            ...(this.#brandName !== undefined && { brand_name: this.#brandName }),
          },
        },
      },
    };
    const startedAt = this.#now().getTime();
    const order = await this.#api.createOrder(body, payPalRequestId('create', request.idempotencyKey));
    // `approve` without a payment_source; `payer-action` (status PAYER_ACTION_REQUIRED) with one.
    const link = order.links?.find((l) => l.rel === 'approve') ?? order.links?.find((l) => l.rel === 'payer-action');
    if (link === undefined) throw new Error(`PayPal create order: order ${order.id} (${order.status}) has no approve link`);
    return {
      gatewayPaymentId: order.id,
      action: { type: 'redirect', url: link.href },
      expiresAt: new Date(startedAt + this.#approvalWindowMs).toISOString(),
    };
  }

  /** `expected` is not needed: PayPal finds the order by id and reports the captured amount. */
  async lookup(gatewayPaymentId: string, _expected: Money): Promise<Port.PaymentStatusReport> {
    return toPaymentStatusReport(await this.#api.getOrder(gatewayPaymentId));
  }

  /**
   * Captures an approved order. The same key sends the same `PayPal-Request-Id`, and PayPal
   * answers a repeat with the earlier capture. `ORDER_ALREADY_CAPTURED` (a capture made with
   * another id) and `ORDER_NOT_APPROVED` are read as the order's current state; a declined
   * instrument is a failed payment.
   */
  async capture(gatewayPaymentId: string, _expected: Money, idempotencyKey: string): Promise<Port.PaymentStatusReport> {
    try {
      return toPaymentStatusReport(await this.#api.captureOrder(gatewayPaymentId, payPalRequestId('capture', idempotencyKey)));
    } catch (error) {
      if (!(error instanceof GatewayRejectedError)) throw error;
      if (READ_STATE_ISSUES.has(error.gatewayErrorKey)) return toPaymentStatusReport(await this.#api.getOrder(gatewayPaymentId));
      if (DECLINED_ISSUES.has(error.gatewayErrorKey)) {
        return { status: 'failed', gatewayPaymentId, reason: 'failed', gatewayStatus: error.gatewayErrorKey };
      }
      throw error;
    }
  }

  /** Refunds on the capture (`transactionId`). The whole payment sends an empty body, so PayPal refunds what is left. */
  async refund(request: Port.RefundRequest): Promise<Port.RefundReport> {
    const amount = amountOrReject('paypal', toPayPalAmount(request.amount));
    if (request.amount.currency !== request.paid.currency) {
      throw new GatewayRejectedError('paypal', 'payments.currency_mismatch', `refund in ${request.amount.currency} of a payment in ${request.paid.currency}`);
    }
    const body: PayPalRefundRequest = {
      ...(!equals(request.amount, request.paid) && { amount }),
      ...(request.refundId !== undefined && { custom_id: request.refundId.slice(0, 127) }),
      // PayPal allows 255 characters.
      ...(request.reason !== '' && { note_to_payer: request.reason.slice(0, 255) }),
    };
    return toRefundReport(await this.#api.refundCapture(request.transactionId, body, payPalRequestId('refund', request.idempotencyKey)));
  }

  /**
   * `GET /v2/payments/refunds/{id}` when the refund's id is known. Otherwise the order
   * (`GET /v2/checkout/orders/{id}`), whose purchase units list their refunds: ours is the one
   * whose `custom_id` is our refund id.
   */
  async refundStatus(query: Port.RefundStatusQuery): Promise<Port.RefundStatusReport> {
    if (this.#api.getRefund === undefined) throw new Error('this PayPal client cannot read refunds');
    if (query.gatewayRefundId !== undefined) return toRefundReport(await this.#api.getRefund(query.gatewayRefundId));
    const order = await this.#api.getOrder(query.gatewayPaymentId);
    const refunds = (order.purchase_units ?? []).flatMap((unit) => unit.payments?.refunds ?? []);
    const ours = refunds.filter((r) => r.custom_id !== undefined && r.custom_id === query.refundId.slice(0, 127)).map(toRefundReport);
    return liveFirst(ours) ?? { status: 'absent', gatewayStatus: `no refund on order ${order.id} carries ${query.refundId}` };
  }
}

/** PayPal sends the payer who cancels to `cancel_url?token=<order id>`: our return URL, marked. */
export function cancelUrlFor(returnUrl: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set(PAYPAL_CANCEL_MARKER, '1');
  return url.toString();
}
