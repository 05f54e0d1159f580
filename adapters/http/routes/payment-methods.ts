import Router from '@koa/router';
import { z } from 'zod';
import type { SavedMethod, SavedMethods } from '../../../src/payments/api.js';
import type { Authenticator } from '../auth.js';
import { describeRoute } from '../openapi.js';
import { problemFromDomain, problemFromZod } from '../problem.js';
import { savedMethodView } from './views.js';

export const paymentMethodParams = z.strictObject({ id: z.string().min(1).max(64) });

/** What a shopper sees of a saved method: display data, never a gateway's ids. */
const view = (m: SavedMethod) => ({
  id: m.id,
  gateway: m.gateway,
  type: m.type,
  brand: m.brand,
  last4: m.last4,
  expMonth: m.expMonth,
  expYear: m.expYear,
  ...(m.wallet === undefined ? {} : { wallet: m.wallet }),
  isDefault: m.isDefault,
  createdAt: m.createdAt,
});

/** The shopper's saved payment methods: list, choose the default, delete (detached at the gateway too). */
export function paymentMethodRoutes(deps: { auth: Authenticator; savedMethods: SavedMethods }): Router {
  const router = new Router();
  const shopper = deps.auth.requireShopper();
  const customerOf = (ctx: { state: Record<string, unknown> }) => ctx.state['customerId'] as string;
  const idOf = (params: unknown): string => {
    const parsed = paymentMethodParams.safeParse(params);
    if (!parsed.success) throw problemFromZod(parsed.error, 'params');
    return parsed.data.id;
  };

  router.get('/me/payment-methods', shopper, async (ctx) => {
    ctx.body = { items: (await deps.savedMethods.list(customerOf(ctx))).map(view) };
  });

  router.post('/me/payment-methods/:id/default', shopper, async (ctx) => {
    const result = await deps.savedMethods.setDefault(customerOf(ctx), idOf(ctx.params));
    if (!result.ok) throw problemFromDomain(result.error);
    ctx.body = view(result.value);
  });

  router.delete('/me/payment-methods/:id', shopper, async (ctx) => {
    const result = await deps.savedMethods.remove(customerOf(ctx), idOf(ctx.params));
    if (!result.ok) throw problemFromDomain(result.error);
    ctx.status = 204;
  });

  return router;
}

const notFound = { description: 'no such method of this shopper (`payments.payment_method_not_found`), another shopper’s included' };

describeRoute({
  method: 'get',
  path: '/me/payment-methods',
  summary: "The shopper's saved payment methods, the default first",
  description:
    'Methods are kept by Stripe (Customers and PaymentMethods) and Razorpay (card tokens of a Customer); no other gateway keeps any. Display data only: `id`, `gateway`, `type`, `brand`, `last4`, `expMonth`, `expYear`, `wallet` (e.g. `google_pay`) when the card came through one, `isDefault`, `createdAt`.',
  tags: ['account'],
  auth: 'shopper',
  responses: { 200: { description: '`items`: the saved methods', schema: z.object({ items: z.array(savedMethodView) }) } },
});
describeRoute({
  method: 'post',
  path: '/me/payment-methods/:id/default',
  summary: "Make a saved method the shopper's default (the only one)",
  tags: ['account'],
  auth: 'shopper',
  params: { id: paymentMethodParams.shape.id },
  responses: { 200: { description: 'the method, now the default', schema: savedMethodView }, 404: notFound },
});
describeRoute({
  method: 'delete',
  path: '/me/payment-methods/:id',
  summary: 'Delete a saved method: detached at its gateway (Stripe) or its token deleted (Razorpay), then removed',
  tags: ['account'],
  auth: 'shopper',
  params: { id: paymentMethodParams.shape.id },
  responses: {
    204: { description: 'deleted' },
    404: notFound,
    422: { description: 'the method’s gateway keeps no saved methods in this deployment (`payments.saved_methods_unsupported`)' },
    503: { description: 'the gateway did not detach it (`payments.detach_failed`); the method is kept, try again' },
  },
});
