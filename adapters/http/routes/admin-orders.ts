import type Router from '@koa/router';
import type { CheckoutSagas } from '../../../src/checkout/ports/checkout-sagas.js';
import type { CheckoutStore } from '../../../src/checkout/ports/checkout-store.js';
import { HttpProblem } from '../problem.js';
import { describeOperatorRoute, type OperatorKit } from './admin-kit.js';
import { orderIdParam } from './checkouts.js';
import { adminOrderView } from './admin-views.js';

/**
 * Operators' view of one order: what the database holds (status, lines, charges, the shopper's
 * contact and delivery address, the cart lines it was bought from) and, while the engine keeps
 * it, the saga's state.
 */
export function addOrderRoutes(router: Router, kit: OperatorKit, deps: { store: CheckoutStore; sagas: CheckoutSagas }): void {
  const { operator, orderIdOf } = kit;

  router.get('/orders/:orderId', operator, async (ctx) => {
    const orderId = orderIdOf(ctx);
    const [order, fromCart] = await deps.store.read((repos) => Promise.all([repos.orders.byId(orderId), repos.carts.takenBy(orderId)]));
    if (order === undefined) throw new HttpProblem(404, 'orders.not_found', 'Not Found', `order ${orderId} does not exist`);
    let saga;
    try {
      saga = await deps.sagas.state(orderId);
    } catch {
      saga = undefined; // The engine is unreachable: PostgreSQL's record still answers.
    }
    ctx.body = {
      ...order,
      fromCart: fromCart.map(({ sku, quantity }) => ({ sku, quantity })),
      ...(saga === undefined ? {} : { saga: { status: saga.status, ...(saga.attention ? { attention: saga.attention } : {}) } }),
    };
  });
}

describeOperatorRoute({
  method: 'get',
  path: '/admin/orders/:orderId',
  summary: "An order as stored, with the shopper's contact and delivery address",
  description:
    'Status, lines, charges, `contact` and `deliveryAddress` (absent when the checkout gave none), `fromCart` (the cart lines the checkout took, empty when it named its items), and `saga` (status and attention) while Temporal keeps the saga.',
  params: { orderId: orderIdParam },
  responses: { 200: { description: 'the order', schema: adminOrderView }, 404: { description: 'no such order' } },
});
