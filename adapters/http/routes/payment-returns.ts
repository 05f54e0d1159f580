import Router from '@koa/router';
import { z } from 'zod';
import type { Storefront } from '../../../src/checkout/application/storefront.js';
import { GATEWAY_IDS } from '../../../src/payments/api.js';
import { problemFromDomain, problemFromZod } from '../problem.js';
import { checkoutBody } from './checkouts.js';

const gatewayParam = z.enum(GATEWAY_IDS);

/**
 * Where gateways send the shopper's browser back. Nothing here marks anything paid: the saga is
 * told to ask the gateway, and the answer shown is the verified outcome (or "still pending").
 */
export function paymentReturnRoutes(deps: { storefront: Storefront; storefrontReturnUrl?: string }): Router {
  const router = new Router();
  router.get('/payments/:gateway/return', async (ctx) => {
    const gateway = gatewayParam.safeParse(ctx.params['gateway']);
    if (!gateway.success) throw problemFromZod(gateway.error, 'params');
    const outcome = await deps.storefront.paymentReturned(gateway.data, ctx.query);
    if (!outcome.ok) throw problemFromDomain(outcome.error);
    const view = outcome.value;
    if (deps.storefrontReturnUrl) {
      const target = new URL(deps.storefrontReturnUrl);
      target.searchParams.set('orderId', view.orderId);
      target.searchParams.set('status', view.checkoutStatus);
      ctx.redirect(target.toString());
      ctx.status = 303;
      return;
    }
    ctx.body = checkoutBody(view);
  });
  return router;
}
