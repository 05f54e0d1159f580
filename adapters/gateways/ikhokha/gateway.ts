import { GatewayRejectedError } from '../../../src/payments/ports/payment-gateway.js';
import type * as Port from '../../../src/payments/ports/payment-gateway.js';
import { amountOrReject } from '../mapping.js';
import { PaymentWindow, type PaymentWindowOptions } from '../payment-window.js';
import type { Money } from '../../../src/shared/money.js';
import type { IkhokhaClient, IkhokhaCreatePaylinkRequest } from './client.js';
import { toIkhokhaAmount, toPaymentStatusReport } from './mapper.js';

/** The part of `IkhokhaClient` the gateway needs; lets a test hand in a stand-in. */
export type IkhokhaApi = Pick<IkhokhaClient, 'createPaylink' | 'getStatus'>;

/** Query parameters this adapter adds to the three browser-return URLs it gives iKhokha. */
export const RETURN_OUTCOME_PARAM = 'ikhokha_result';
export const RETURN_REFERENCE_PARAM = 'ikhokha_ref';
export const IKHOKHA_RETURN_OUTCOMES = ['success', 'failure', 'cancel'] as const;
export type IkhokhaReturnOutcome = (typeof IKHOKHA_RETURN_OUTCOMES)[number];

/** Our 30-minute checkout window; iKhokha documents no paylink lifetime. */
export const IKHOKHA_DEFAULT_PAYMENT_WINDOW_SECONDS = 1800;

/**
 * `externalTransactionID` for an order: the order id itself, so a retried initiate sends the same
 * reference and every answer (status, callback, return) can be traced back to the order. iKhokha
 * calls it "your unique transaction id"; whether it rejects or deduplicates a repeat is unconfirmed.
 */
export function externalTransactionIdFor(orderId: string): string {
  return orderId;
}

/** The order an `externalTransactionID` (as echoed in callbacks and our return URLs) belongs to. */
export function orderIdFromExternalTransactionId(externalTransactionId: string): string {
  return externalTransactionId;
}

/** The payment window defaults to `IKHOKHA_DEFAULT_PAYMENT_WINDOW_SECONDS`. */
export interface IkhokhaGatewayOptions extends PaymentWindowOptions {
  /** `entityID` in the paylink body; the examples use the application id, which is the default. */
  readonly entityId: string;
  /** Our webhook endpoint, sent as `urls.callbackUrl` (the webhook verifier signs over its path). */
  readonly callbackUrl: string;
  /** `requesterUrl`: the site the request comes from. Default: the request's `websiteUrl`. */
  readonly requesterUrl?: string;
  readonly externalEntityId?: string;
  /** Default `live`: the official README says only live works for now. */
  readonly mode?: 'live' | 'test';
}

/**
 * `PaymentGateway` over iKhokha iK Pay paylinks: the shopper pays on iKhokha's hosted page and is
 * sent back to one of three unsigned URLs; only `getStatus` (via `lookup`) tells the truth.
 *
 * iKhokha documents no refund API, so this gateway has no `refund`: refunds of iKhokha payments
 * go to the wallet or are done by an operator in iKhokha's dashboard. It documents no
 * idempotency key either; `externalTransactionID` is derived from the order id (not from the
 * step's idempotency key), so repeats are at least recognisable.
 */
export class IkhokhaPaymentGateway implements Port.PaymentGateway {
  readonly id = 'ikhokha' as const;

  readonly #api: IkhokhaApi;
  readonly #options: IkhokhaGatewayOptions;
  readonly #window: PaymentWindow;

  constructor(api: IkhokhaApi, options: IkhokhaGatewayOptions) {
    if (options.entityId.trim() === '') throw new Error('iKhokha entity id is empty');
    this.#window = PaymentWindow.of(
      options,
      IKHOKHA_DEFAULT_PAYMENT_WINDOW_SECONDS,
      (seconds) => new Error(`iKhokha payment window must be a positive number of seconds, got ${seconds}`),
    );
    this.#api = api;
    this.#options = options;
  }

  async initiate(request: Port.InitiatePaymentRequest): Promise<Port.InitiatedPayment> {
    const amount = amountOrReject('ikhokha', toIkhokhaAmount(request.amount));
    const reference = externalTransactionIdFor(request.orderId);
    if (reference.trim() === '') throw new GatewayRejectedError('ikhokha', 'payments.invalid_reference', 'iKhokha needs a non-empty externalTransactionID');
    if (reference.includes("'")) {
      // Unconfirmed whether iKhokha's server escapes `'` before signing; keep it out of signed fields.
      throw new GatewayRejectedError('ikhokha', 'payments.invalid_reference', 'iKhokha externalTransactionID must not contain an apostrophe');
    }
    const returnTo = (outcome: IkhokhaReturnOutcome) =>
      noApostrophes(
        withQuery(request.returnUrl, [
          [RETURN_OUTCOME_PARAM, outcome],
          [RETURN_REFERENCE_PARAM, reference],
        ]),
      );
    const body: IkhokhaCreatePaylinkRequest = {
      entityID: this.#options.entityId,
      ...(this.#options.externalEntityId !== undefined && { externalEntityID: this.#options.externalEntityId }),
      amount,
      currency: request.amount.currency,
      requesterUrl: noApostrophes(this.#options.requesterUrl ?? request.websiteUrl),
      mode: this.#options.mode ?? 'live',
      description: request.description.replace(/'/g, '\u2019'),
      paymentReference: reference,
      externalTransactionID: reference,
      urls: {
        callbackUrl: noApostrophes(this.#options.callbackUrl),
        successPageUrl: returnTo('success'),
        failurePageUrl: returnTo('failure'),
        cancelUrl: returnTo('cancel'),
      },
    };
    const created = await this.#api.createPaylink(body);
    if (created.externalTransactionID != null && created.externalTransactionID !== '' && created.externalTransactionID !== reference) {
      // iKhokha answered about another transaction: do not send the shopper there.
      throw new Error(`iKhokha create paylink: answer names externalTransactionID ${created.externalTransactionID}, expected ${reference}`);
    }
    return {
      gatewayPaymentId: created.paylinkID,
      action: { type: 'redirect', url: created.paylinkUrl },
      expiresAt: this.#window.expiresAt(),
    };
  }

  /** `getStatus/{paylinkID}`; the amount reported is iKhokha's, compared with `expected` by the caller. */
  async lookup(gatewayPaymentId: string, _expected: Money): Promise<Port.PaymentStatusReport> {
    return toPaymentStatusReport(await this.#api.getStatus(gatewayPaymentId), gatewayPaymentId);
  }
}

/** Appends parameters, keeping the URL's own query and fragment. */
function withQuery(base: string, params: readonly (readonly [string, string])[]): string {
  const url = new URL(base);
  for (const [k, v] of params) url.searchParams.set(k, v);
  return url.toString();
}

/** `'` is legal in URLs but its signing is ambiguous (see `IkhokhaEscaping`): percent-encode it. */
function noApostrophes(url: string): string {
  return url.replace(/'/g, '%27');
}
