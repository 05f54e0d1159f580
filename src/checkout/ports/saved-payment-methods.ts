import type { GatewayId } from '../../payments/api.js';
import type { DomainError, Result } from '../../shared/result.js';

/** A shopper's saved method as a checkout pays with it: the gateway's ids, never card data. */
export interface SavedMethodToPay {
  readonly savedMethodId: string;
  readonly gateway: GatewayId;
  readonly gatewayCustomerId: string;
  readonly gatewayMethodId: string;
}

/** What a checkout needs of the shopper's saved payment methods. */
export interface SavedPaymentMethods {
  /** The shopper's own method; another shopper's is `payments.payment_method_not_found`, as a missing one. */
  methodToPay(customerId: string, savedMethodId: string): Promise<Result<SavedMethodToPay, DomainError>>;
  /** The shopper's customer at the gateway, created once; `payments.saved_methods_unsupported` for a gateway without saved methods. */
  gatewayCustomerFor(customerId: string, gateway: GatewayId): Promise<Result<{ readonly gatewayCustomerId: string }, DomainError>>;
  /** Keeps the method a verified payment was made with, when the gateway kept it (`saveFor`); idempotent. */
  rememberMethodOf(customerId: string, gateway: GatewayId, gatewayPaymentId: string): Promise<void>;
  /** Records how a verified payment was paid (card brand, last four, the wallet such as google_pay); refuses anything like a card number. */
  recordPaidWith(paymentId: string, paidWith: { readonly type: string; readonly brand?: string; readonly last4?: string; readonly wallet?: string }): Promise<void>;
}
