import type { GatewayId, SavedMethodDetails, SavedMethodGateway } from '../../../src/payments/api.js';

/** A gateway's store of saved methods for tests: customers per idempotency key, every detach recorded, failures on demand. */
export class FakeSavedMethodGateway implements SavedMethodGateway {
  readonly detached: string[] = [];
  /** Each detach as asked: the customer with the method. */
  readonly detachRequests: { gatewayCustomerId: string; gatewayMethodId: string }[] = [];
  readonly customerRequests: { shopperId: string; idempotencyKey: string }[] = [];
  failDetach = false;
  private readonly customers = new Map<string, string>();

  constructor(readonly id: GatewayId = 'stripe') {}

  async createCustomer(request: { readonly shopperId: string; readonly email?: string; readonly idempotencyKey: string }): Promise<{ readonly gatewayCustomerId: string }> {
    this.customerRequests.push({ shopperId: request.shopperId, idempotencyKey: request.idempotencyKey });
    // As Stripe does: the same idempotency key answers the same customer.
    const id = this.customers.get(request.idempotencyKey) ?? `cus_gw_${request.shopperId}`;
    this.customers.set(request.idempotencyKey, id);
    return { gatewayCustomerId: id };
  }

  async methodOfPayment(): Promise<SavedMethodDetails | undefined> {
    return undefined;
  }

  async methodsOf(): Promise<SavedMethodDetails[]> {
    return [];
  }

  async detach(method: { readonly gatewayCustomerId: string; readonly gatewayMethodId: string }): Promise<void> {
    if (this.failDetach) throw new Error('stripe: 500 api_error');
    this.detached.push(method.gatewayMethodId);
    this.detachRequests.push({ ...method });
  }
}

/** A Visa card saved at the gateway, as Stripe describes it. */
export const aVisa = (gatewayMethodId: string, overrides: Partial<SavedMethodDetails> = {}): SavedMethodDetails => ({
  gatewayMethodId,
  type: 'card',
  brand: 'visa',
  last4: '4242',
  expMonth: 12,
  expYear: 2030,
  ...overrides,
});
