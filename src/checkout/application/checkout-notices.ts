import { tell } from '../../notifications/api.js';
import type { Order } from '../../orders/api.js';
import type { CheckoutRepositories } from '../ports/checkout-store.js';

/**
 * Staff are told of each product this order took to or below its low-stock threshold: its units
 * were what crossed it (available now at or below, available with them above). Once per order.
 */
export async function tellLowStock(
  repos: CheckoutRepositories,
  order: { readonly id: string; readonly lines: readonly { sku: string; name: string; quantity: number }[] },
): Promise<void> {
  const low = await repos.stock.lowStock();
  for (const line of order.lines) {
    const level = low.find((candidate) => candidate.sku === line.sku);
    if (level === undefined || level.available + line.quantity <= level.lowStockThreshold) continue;
    await tell(repos.notifications, { type: 'low_stock', orderId: order.id, sku: line.sku, name: line.name, available: level.available, threshold: level.lowStockThreshold });
  }
}

/** Tells staff that the order's saga parked for a person to decide, once per reason. */
export async function tellAttention(
  repos: CheckoutRepositories,
  loadOrder: (repos: CheckoutRepositories, orderId: string) => Promise<Order>,
  input: { readonly orderId: string; readonly code: string; readonly message: string },
): Promise<void> {
  const order = await loadOrder(repos, input.orderId);
  await tell(repos.notifications, { type: 'checkout_needs_attention', orderId: order.id, customerId: order.customerId, code: input.code, message: input.message.slice(0, 500) });
}
