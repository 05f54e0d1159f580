import { ContainerModule } from 'inversify';
import { checkedPaidWith, makeSavedMethods, type GatewayId, type SavedMethodGateway, type SavedMethodRepository, type SavedMethods } from '../../src/payments/api.js';
import type { SavedPaymentMethods } from '../../src/checkout/ports/saved-payment-methods.js';
import { ok } from '../../src/shared/result.js';
import { razorpaySavedMethods } from '../gateways/razorpay/index.js';
import { stripeSavedMethods } from '../gateways/stripe/index.js';
import { MikroOrmSavedMethods } from '../persistence/mikro-orm-saved-methods.js';
import { TOKENS } from './tokens.js';

/** Ids: `spm_` and 24 random characters, as every other id (see `newId`). */
type NewId = (prefix: string) => string;

// Saved payment methods: the repository, the gateways' stores of methods, the use cases.
export const savedMethodsModule = (newId: NewId) =>
  new ContainerModule(({ bind }) => {
    bind(TOKENS.savedMethodRepository).toDynamicValue((context) => new MikroOrmSavedMethods(context.get(TOKENS.orm)));
    // Stripe (Customers and PaymentMethods) and Razorpay (Customers and card tokens) keep
    // shoppers' cards when enabled; every other gateway answers `payments.saved_methods_unsupported`.
    bind(TOKENS.savedMethodGateways)
      .toDynamicValue((context) => {
        const config = context.get(TOKENS.config);
        const stores: Partial<Record<GatewayId, SavedMethodGateway>> = {
          ...(config.enabledGateways.includes('stripe') && { stripe: stripeSavedMethods.create(config.stripe) }),
          ...(config.enabledGateways.includes('razorpay') && { razorpay: razorpaySavedMethods.create(config.razorpay) }),
        };
        return (id: GatewayId): SavedMethodGateway | undefined => stores[id];
      })
      .inSingletonScope();
    bind(TOKENS.savedMethods)
      .toDynamicValue((context) =>
        makeSavedMethods({
          repository: context.get(TOKENS.savedMethodRepository),
          gateways: context.get(TOKENS.savedMethodGateways),
          newId: () => newId('spm'),
          clock: context.get(TOKENS.clock),
        }),
      )
      .inSingletonScope();
    bind(TOKENS.checkoutSavedMethods)
      .toDynamicValue((context) => checkoutSavedMethods(context.get(TOKENS.savedMethods), context.get(TOKENS.savedMethodGateways), context.get(TOKENS.savedMethodRepository)))
      .inSingletonScope();
  });

/** The saved methods as a checkout uses them: the one to pay with, the customer to save under, what to keep once paid. */
function checkoutSavedMethods(methods: SavedMethods, gateways: (id: GatewayId) => SavedMethodGateway | undefined, repository: SavedMethodRepository): SavedPaymentMethods {
  return {
    async methodToPay(customerId, savedMethodId) {
      const owned = await methods.ownedMethod(customerId, savedMethodId);
      if (!owned.ok) return owned;
      const { id, gateway, gatewayCustomerId, gatewayMethodId } = owned.value;
      return ok({ savedMethodId: id, gateway: gateway as GatewayId, gatewayCustomerId, gatewayMethodId });
    },
    async gatewayCustomerFor(customerId, gateway) {
      const customer = await methods.gatewayCustomerFor(customerId, gateway);
      return customer.ok ? ok({ gatewayCustomerId: customer.value }) : customer;
    },
    async rememberMethodOf(customerId, gateway, gatewayPaymentId) {
      const details = await gateways(gateway)?.methodOfPayment(gatewayPaymentId);
      if (details !== undefined) await methods.recordSaved(customerId, gateway, details);
    },
    async recordPaidWith(paymentId, paidWith) {
      const checked = checkedPaidWith(paidWith);
      // What does not look like display data (a card number, say) is never written.
      if (checked.ok) await repository.recordPaidWith(paymentId, checked.value);
    },
  };
}
