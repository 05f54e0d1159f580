import type { GatewayId } from '../../src/payments/api.js';
import { workflowIds } from '../../temporal.config.js';
import type { GatewayHarness } from '../harness/checkout-harness.js';

/** A two-TEA checkout of a shopper at a gateway that keeps saved methods, with its saga's handle. */
export async function savedMethodCheckout(
  h: GatewayHarness,
  gateway: GatewayId,
  customerId: string,
  options: { paymentMethodId?: string; savePaymentMethod?: boolean; walletAmountMinor?: number },
) {
  const started = await h.storefront.startCheckout({ customerId, items: [{ sku: 'TEA', quantity: 2 }], gateway, ...options });
  if (!started.ok) throw new Error(`${started.error.code}: ${started.error.message}`);
  const handle = h.env.client.workflow.getHandle(workflowIds.checkout(started.value.orderId));
  return { view: started.value, handle, orderId: started.value.orderId };
}

/** The URL of a redirect payment action. */
export const redirectOf = (action: unknown): string => {
  const { type, url } = action as { type: string; url?: string };
  if (type !== 'redirect' || url === undefined) throw new Error(`expected a redirect, got ${JSON.stringify(action)}`);
  return url;
};
