import type { Clock } from '../../shared/clock.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import { checkedMethodDetails, type SavedMethod, type SavedMethodError } from '../domain/saved-method.js';
import type { GatewayId, SavedMethodDetails, SavedMethodGateway } from '../ports/payment-gateway.js';
import type { SavedMethodRepository } from '../ports/saved-methods.js';

export type SavedMethodsError =
  | DomainError<'payments.payment_method_not_found'>
  | DomainError<'payments.saved_methods_unsupported'>
  | DomainError<'payments.detach_failed'>
  | SavedMethodError;

export interface SavedMethodsDeps {
  readonly repository: SavedMethodRepository;
  /** The gateway's store of saved methods, for a gateway that has one. */
  readonly gateways: (id: GatewayId) => SavedMethodGateway | undefined;
  /** A new `spm_…` id. */
  readonly newId: () => string;
  readonly clock: Clock;
}

export interface SavedMethods {
  /** The shopper's methods, the default first. */
  list(customerId: string): Promise<SavedMethod[]>;
  /** The shopper's method; another shopper's is the same not-found as none. */
  ownedMethod(customerId: string, id: string): Promise<Result<SavedMethod, SavedMethodsError>>;
  /** Makes the shopper's method their only default; idempotent. */
  setDefault(customerId: string, id: string): Promise<Result<SavedMethod, SavedMethodsError>>;
  /**
   * Detaches the method at its gateway, then deletes the row. A gateway failure answers
   * `payments.detach_failed` and keeps the row, so the shopper can try again (detaching twice is
   * not an error at the gateway).
   */
  remove(customerId: string, id: string): Promise<Result<void, SavedMethodsError>>;
  /**
   * The shopper's customer at the gateway: the one recorded, or one created there once (idempotency
   * key `customer-<customerId>-<gateway>`, so a concurrent call gets the same one) and recorded.
   */
  gatewayCustomerFor(customerId: string, gateway: GatewayId, contact?: { readonly email?: string }): Promise<Result<string, SavedMethodsError>>;
  /** Keeps a method the gateway saved for the shopper (idempotent per gateway method id); the first becomes the default. */
  recordSaved(customerId: string, gateway: GatewayId, details: SavedMethodDetails): Promise<Result<SavedMethod, SavedMethodsError>>;
}

const notFound = (id: string) => err(domainError('payments.payment_method_not_found', `no saved payment method ${id}`));
const unsupported = (gateway: string) => err(domainError('payments.saved_methods_unsupported', `gateway ${gateway} keeps no saved payment methods here`, { gateway }));

export function makeSavedMethods(deps: SavedMethodsDeps): SavedMethods {
  const { repository } = deps;

  const ownedMethod = async (customerId: string, id: string): Promise<Result<SavedMethod, SavedMethodsError>> => {
    const method = await repository.byId(id);
    return method === undefined || method.customerId !== customerId ? notFound(id) : ok(method);
  };

  const gatewayCustomerFor = async (customerId: string, gateway: GatewayId, contact: { readonly email?: string } = {}): Promise<Result<string, SavedMethodsError>> => {
    const store = deps.gateways(gateway);
    if (store === undefined) return unsupported(gateway);
    const known = await repository.gatewayCustomer(customerId, gateway);
    if (known !== undefined) return ok(known);
    const created = await store.createCustomer({
      shopperId: customerId,
      ...(contact.email === undefined ? {} : { email: contact.email }),
      idempotencyKey: `customer-${customerId}-${gateway}`,
    });
    return ok(await repository.recordGatewayCustomer(customerId, gateway, created.gatewayCustomerId));
  };

  return {
    list: (customerId) => repository.listByCustomer(customerId),
    ownedMethod,
    async setDefault(customerId, id) {
      const owned = await ownedMethod(customerId, id);
      if (!owned.ok) return owned;
      if (!(await repository.setDefault(customerId, id))) return notFound(id);
      return ok({ ...owned.value, isDefault: true });
    },
    async remove(customerId, id) {
      const owned = await ownedMethod(customerId, id);
      if (!owned.ok) return owned;
      const store = deps.gateways(owned.value.gateway as GatewayId);
      if (store === undefined) return unsupported(owned.value.gateway);
      try {
        await store.detach({ gatewayCustomerId: owned.value.gatewayCustomerId, gatewayMethodId: owned.value.gatewayMethodId });
      } catch {
        return err(domainError('payments.detach_failed', 'the gateway did not detach the payment method; it is kept, try again later', { gateway: owned.value.gateway }));
      }
      await repository.remove(customerId, id);
      return ok(undefined);
    },
    gatewayCustomerFor,
    async recordSaved(customerId, gateway, details) {
      const checked = checkedMethodDetails(details);
      if (!checked.ok) return checked;
      const customer = await gatewayCustomerFor(customerId, gateway);
      if (!customer.ok) return customer;
      const saved = await repository.save({
        ...checked.value,
        id: deps.newId(),
        customerId,
        gateway,
        gatewayCustomerId: customer.value,
        isDefault: false,
        createdAt: deps.clock.now().toISOString(),
      });
      // Saved before for another shopper: theirs, never this shopper's.
      return saved.customerId === customerId ? ok(saved) : notFound(saved.id);
    },
  };
}
