import type * as Port from '../../../src/payments/ports/payment-gateway.js';
import { amountOrReject } from '../mapping.js';
import { PaymentWindow, type PaymentWindowOptions } from '../payment-window.js';
import type { Money } from '../../../src/shared/money.js';
import type { EsewaClient } from './client.js';
import { toEsewaAmount, toPaymentStatusReport, transactionUuidFor } from './mapper.js';

/** The part of `EsewaClient` the gateway needs; lets a test hand in a stand-in. */
export type EsewaApi = Pick<EsewaClient, 'formUrl' | 'productCode' | 'signedForm' | 'status'>;

/** Query parameters we put on `failure_url` ourselves: eSewa does not document what it appends there. */
export const ESEWA_FAILURE_MARKER = 'esewa_return';
export const ESEWA_FAILURE_MARKER_VALUE = 'failure';
export const ESEWA_FAILURE_UUID_PARAM = 'transaction_uuid';

/** eSewa does not document its session length: the payment window defaults to 30 minutes. */
export type EsewaPaymentGatewayOptions = PaymentWindowOptions;

/**
 * `PaymentGateway` over eSewa ePay v2. Initiate makes no API call: it returns the signed form
 * the shopper's browser POSTs to eSewa. eSewa sends the browser back to `returnUrl`
 * (`?data=<signed base64 JSON>` on success) or to the failure URL, which also receives
 * PENDING payments; only the status check API, asked by `lookup`, decides.
 *
 * Idempotency: `transaction_uuid` is eSewa's only mechanism and must be unique per payment. It
 * is derived from the order id alone (never from a clock or a random source), so a retried
 * initiate yields the same uuid and the same signed form; the saga's `idempotencyKey` is not
 * needed on the wire. eSewa has no refund API and no webhook.
 */
export class EsewaPaymentGateway implements Port.PaymentGateway {
  readonly id = 'esewa' as const;

  readonly #api: EsewaApi;
  readonly #window: PaymentWindow;

  constructor(api: EsewaApi, options: EsewaPaymentGatewayOptions = {}) {
    this.#api = api;
    this.#window = PaymentWindow.of(options, 1800);
  }

  async initiate(request: Port.InitiatePaymentRequest): Promise<Port.InitiatedPayment> {
    const amount = amountOrReject('esewa', toEsewaAmount(request.amount));
    const transactionUuid = transactionUuidFor(request.orderId);

    const fields = this.#api.signedForm({
      amount,
      tax_amount: '0',
      total_amount: amount,
      transaction_uuid: transactionUuid,
      product_service_charge: '0',
      product_delivery_charge: '0',
      success_url: request.returnUrl,
      failure_url: failureUrl(request.returnUrl, transactionUuid),
    });
    return {
      gatewayPaymentId: transactionUuid,
      action: { type: 'form_post', url: this.#api.formUrl, fields: { ...fields } },
      expiresAt: this.#window.expiresAt(),
    };
  }

  /**
   * eSewa's status API finds a payment by product code, uuid *and* total amount, so `expected`
   * is sent as the amount. The report carries the amount eSewa answers with.
   *
   * eSewa answers `NOT_FOUND` both for a form the shopper has not posted yet and for a session
   * that ended unpaid: the mapper reports it as pending, `notStarted`, and the saga decides
   * after the payment window and its grace that the payment never came.
   */
  async lookup(gatewayPaymentId: string, expected: Money): Promise<Port.PaymentStatusReport> {
    const amount = amountOrReject('esewa', toEsewaAmount(expected));
    const response = await this.#api.status({ totalAmount: amount, transactionUuid: gatewayPaymentId });
    if (response.transaction_uuid !== gatewayPaymentId || response.product_code !== this.#api.productCode) {
      // An answer about another payment or merchant proves nothing about ours.
      return { status: 'review', gatewayPaymentId, gatewayStatus: response.status };
    }
    return toPaymentStatusReport(response);
  }
}

/** `returnUrl` plus our own marker and the uuid, so a bare hit on the failure URL still names the payment. */
export function failureUrl(returnUrl: string, transactionUuid: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set(ESEWA_FAILURE_MARKER, ESEWA_FAILURE_MARKER_VALUE);
  url.searchParams.set(ESEWA_FAILURE_UUID_PARAM, transactionUuid);
  return url.toString();
}
