import type Router from '@koa/router';
import type { CheckoutSagas } from '../../../src/checkout/ports/checkout-sagas.js';
import type { CheckoutStore } from '../../../src/checkout/ports/checkout-store.js';
import type { OrderSummary, StorefrontQueries } from '../../../src/checkout/ports/storefront-queries.js';
import type { TierThresholds } from '../../../src/loyalty/domain/points.js';
import { paged } from '../paging.js';
import { describeOperatorRoute, customerIdParam, type OperatorKit } from './admin-kit.js';
import { loyaltyStanding, pageQuery } from './account.js';
import { customerView } from './admin-views.js';

/** The order statuses of a checkout not finished yet: awaiting its payment, or paid and not confirmed. */
const OPEN_STATUSES = ['pending_payment', 'paid'] as const;
const OPEN_CHECKOUTS_SHOWN = 50;

export interface CustomerViewDeps {
  readonly queries: StorefrontQueries;
  readonly store: CheckoutStore;
  readonly sagas: Pick<CheckoutSagas, 'state'>;
  /** The currencies the shop sells in: the wallet has a balance in each. */
  readonly currencies: readonly string[];
  readonly tiers: TierThresholds;
}

/**
 * An open checkout with what its saga says; an order still open with no saga cannot move on by
 * itself and shows as needing attention, as the shopper's view shows it. When the saga engine
 * does not answer, the order is shown without its saga's status.
 */
async function withSagaStatus(sagas: CustomerViewDeps['sagas'], order: OrderSummary) {
  try {
    const state = await sagas.state(order.orderId);
    if (state === undefined) return { ...order, checkoutStatus: 'needs_attention', attention: { code: 'checkout.saga_missing' } };
    return { ...order, checkoutStatus: state.status, ...(state.attention ? { attention: { code: state.attention.code } } : {}) };
  } catch {
    return order;
  }
}

/**
 * Staff's view of one customer: their orders (newest first, a page), wallet balances, points and
 * tier, and open checkouts. Customers have no record of their own here (they exist through their
 * orders and ledgers), so an id with nothing answers empty lists and zero balances, not a 404.
 */
export function addCustomerRoutes(router: Router, kit: OperatorKit, deps: CustomerViewDeps): void {
  const { operator, parse } = kit;

  router.get('/customers/:customerId', operator, async (ctx) => {
    const customerId = parse(customerIdParam, ctx.params['customerId'], 'params');
    const { limit, cursor } = parse(pageQuery, ctx.query, 'query');
    const [orders, open, balances, loyalty] = await Promise.all([
      paged(() => deps.queries.orders(customerId, limit, cursor)),
      deps.queries.orders(customerId, OPEN_CHECKOUTS_SHOWN, undefined, OPEN_STATUSES),
      deps.store.read((repos) => Promise.all(deps.currencies.map((currency) => repos.wallet.balance(customerId, currency)))),
      loyaltyStanding(deps.store, customerId, deps.tiers),
    ]);
    ctx.body = {
      customerId,
      orders,
      wallet: { balances },
      loyalty,
      openCheckouts: await Promise.all(open.items.map((order) => withSagaStatus(deps.sagas, order))),
    };
  });
}

describeOperatorRoute({
  method: 'get',
  path: '/admin/customers/:customerId',
  summary: 'One customer as staff see them: orders, wallet, points and tier, open checkouts',
  description:
    'Orders newest first in keyset pages (`limit`, `cursor` → `orders.nextCursor`), with payment and fulfilment status; the wallet balance in each currency the shop sells in (`wallet.balances`); points and tier; checkouts still awaiting payment or paid and not confirmed, with their saga status. An id with nothing answers empty lists and zero balances.',
  params: { customerId: customerIdParam },
  query: pageQuery,
  responses: { 200: { description: 'the customer', schema: customerView } },
});
