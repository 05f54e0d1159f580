import type { SavedMethodDetails, SavedMethodGateway } from '../../../src/payments/ports/payment-gateway.js';
import type { RazorpayClient } from './client.js';
import { toSavedMethodDetails } from './paid-with.js';

/** The calls the saved-card store makes; lets a test hand in a stand-in. */
export type RazorpaySavedMethodsApi = Pick<RazorpayClient, 'createCustomer' | 'customerTokens' | 'deleteToken' | 'fetchOrderPayments'>;

/** Note on the Razorpay customer carrying our shopper id. */
export const SHOPPER_ID_NOTE = 'paysaga_shopper_id';

/**
 * `SavedMethodGateway` over Razorpay Customers and card tokens: a card paid through Checkout with
 * the shopper's `customer_id` and `save=1` (the shopper consenting on Razorpay's page) becomes a
 * `token_…` of that customer. paysaga keeps the `cust_…` and `token_…` ids and what
 * `SavedMethodDetails` shows (network, last four, expiry), nothing more of a card.
 */
export class RazorpaySavedMethodGateway implements SavedMethodGateway {
  readonly id = 'razorpay' as const;
  readonly #api: RazorpaySavedMethodsApi;

  constructor(api: RazorpaySavedMethodsApi) {
    this.#api = api;
  }

  /**
   * `POST /v1/customers` with `fail_existing: "0"` and our shopper id in the notes. Razorpay has no
   * idempotency key for customers: with an email a repeat answers the same customer; without one
   * a lost answer leaves an unused customer behind, and the use case records only the one it got.
   */
  async createCustomer(request: { readonly shopperId: string; readonly email?: string; readonly idempotencyKey: string }): Promise<{ readonly gatewayCustomerId: string }> {
    const customer = await this.#api.createCustomer({
      ...(request.email !== undefined && { email: request.email }),
      fail_existing: '0',
      notes: { [SHOPPER_ID_NOTE]: request.shopperId.slice(0, 256) },
    });
    return { gatewayCustomerId: customer.id };
  }

  /**
   * The card a payment (our `gatewayPaymentId` is the Razorpay order) was saved as: the captured
   * payment's `token_id`, found among its customer's tokens.
   */
  async methodOfPayment(gatewayPaymentId: string): Promise<SavedMethodDetails | undefined> {
    const captured = (await this.#api.fetchOrderPayments(gatewayPaymentId)).find((p) => p.status === 'captured');
    const tokenId = captured?.token_id;
    const customerId = captured?.customer_id;
    if (tokenId === null || tokenId === undefined || customerId === null || customerId === undefined) return undefined;
    const token = (await this.#api.customerTokens(customerId)).find((t) => t.id === tokenId);
    return token === undefined ? undefined : toSavedMethodDetails(token);
  }

  /** `GET /v1/customers/{id}/tokens`; tokens that are not cards, or lack the details shown, are left out. */
  async methodsOf(gatewayCustomerId: string): Promise<SavedMethodDetails[]> {
    const tokens = await this.#api.customerTokens(gatewayCustomerId);
    return tokens.map(toSavedMethodDetails).filter((m): m is SavedMethodDetails => m !== undefined);
  }

  /**
   * `DELETE /v1/customers/{id}/tokens/{token}`, when the customer still has the token: one already
   * deleted is done (as Stripe's detach of a detached method), without reading Razorpay's error text.
   */
  async detach(method: { readonly gatewayCustomerId: string; readonly gatewayMethodId: string }): Promise<void> {
    const tokens = await this.#api.customerTokens(method.gatewayCustomerId);
    if (!tokens.some((t) => t.id === method.gatewayMethodId)) return;
    await this.#api.deleteToken(method.gatewayCustomerId, method.gatewayMethodId);
  }
}
