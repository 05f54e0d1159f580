import type { SavedMethodDetails, SavedMethodGateway } from '../../../src/payments/ports/payment-gateway.js';
import type { StripeClient, StripePaymentIntent, StripePaymentMethod } from './client.js';

/** The calls the saved-method store makes; lets a test hand in a stand-in. */
export type StripeSavedMethodsApi = Pick<
  StripeClient,
  'createCustomer' | 'retrieveCheckoutSession' | 'retrievePaymentIntent' | 'retrievePaymentMethod' | 'listPaymentMethods' | 'detachPaymentMethod'
>;

/** Metadata key carrying our shopper id on the Stripe Customer. */
export const SHOPPER_ID_METADATA_KEY = 'paysaga_shopper_id';

/**
 * `SavedMethodGateway` over Stripe Customers and PaymentMethods: paysaga keeps the `cus_…` and
 * `pm_…` ids and what `SavedMethodDetails` shows (brand, last four, expiry), nothing more of a card.
 */
export class StripeSavedMethodGateway implements SavedMethodGateway {
  readonly id = 'stripe' as const;
  readonly #api: StripeSavedMethodsApi;

  constructor(api: StripeSavedMethodsApi) {
    this.#api = api;
  }

  /** `POST /v1/customers` with the shopper's id in metadata; the key makes a retry return the same Customer. */
  async createCustomer(request: { readonly shopperId: string; readonly email?: string; readonly idempotencyKey: string }): Promise<{ readonly gatewayCustomerId: string }> {
    const customer = await this.#api.createCustomer(
      { ...(request.email !== undefined && { email: request.email }), metadata: { [SHOPPER_ID_METADATA_KEY]: request.shopperId } },
      request.idempotencyKey,
    );
    return { gatewayCustomerId: customer.id };
  }

  /**
   * The method a payment (`cs_…` session or `pi_…` PaymentIntent) was made with, when it was
   * kept for a Customer (`setup_future_usage`) and is attached to one.
   */
  async methodOfPayment(gatewayPaymentId: string): Promise<SavedMethodDetails | undefined> {
    const intent = await this.#intentOf(gatewayPaymentId);
    if (intent === null || intent.status !== 'succeeded') return undefined;
    if (intent.setup_future_usage === null || intent.setup_future_usage === undefined) return undefined;
    const reference = intent.payment_method;
    if (reference === null || reference === undefined) return undefined;
    const method = typeof reference === 'string' ? await this.#api.retrievePaymentMethod(reference) : reference;
    if (method.customer === null || method.customer === undefined) return undefined;
    return toSavedMethodDetails(method);
  }

  /** `GET /v1/payment_methods?customer=…&type=card`; methods without card details are left out. */
  async methodsOf(gatewayCustomerId: string): Promise<SavedMethodDetails[]> {
    const methods = await this.#api.listPaymentMethods(gatewayCustomerId);
    return methods.map(toSavedMethodDetails).filter((m): m is SavedMethodDetails => m !== undefined);
  }

  /** `POST /v1/payment_methods/{id}/detach`; Stripe's refusal for a method attached to no Customer counts as done. */
  async detach({ gatewayMethodId }: { readonly gatewayCustomerId: string; readonly gatewayMethodId: string }): Promise<void> {
    const method = await this.#api.retrievePaymentMethod(gatewayMethodId);
    if (method.customer === null || method.customer === undefined) return;
    await this.#api.detachPaymentMethod(gatewayMethodId);
  }

  async #intentOf(gatewayPaymentId: string): Promise<StripePaymentIntent | null> {
    if (gatewayPaymentId.startsWith('pi_')) return this.#api.retrievePaymentIntent(gatewayPaymentId);
    const reference = (await this.#api.retrieveCheckoutSession(gatewayPaymentId)).payment_intent;
    if (reference === null) return null;
    return typeof reference === 'string' ? this.#api.retrievePaymentIntent(reference) : reference;
  }
}

/** A card PaymentMethod → the display data; `undefined` for one without brand, last four and expiry. */
export function toSavedMethodDetails(method: StripePaymentMethod): SavedMethodDetails | undefined {
  const card = method.card;
  if (method.type !== 'card' || card === null || card === undefined) return undefined;
  const { brand, last4, exp_month: expMonth, exp_year: expYear } = card;
  if (typeof brand !== 'string' || typeof last4 !== 'string' || typeof expMonth !== 'number' || typeof expYear !== 'number') return undefined;
  return {
    gatewayMethodId: method.id,
    type: 'card',
    brand,
    last4,
    expMonth,
    expYear,
    ...(card.wallet?.type !== undefined && { wallet: card.wallet.type }),
  };
}
