import Router from '@koa/router';
import { z } from 'zod';
import type { Storefront } from '../../../src/checkout/application/storefront.js';
import { GATEWAY_IDS } from '../../../src/payments/api.js';
import type Koa from 'koa';
import { readRawBody } from '../body.js';
import { HttpProblem, problemFromDomain, problemFromZod } from '../problem.js';
import type { CheckoutView } from '../../../src/checkout/application/storefront.js';
import { describeRoute } from '../openapi.js';
import type { DomainError, Result } from '../../../src/shared/result.js';
import { definedFields } from '../../../src/shared/defined.js';
import { returnView } from './views.js';

export const gatewayParam = z.enum(GATEWAY_IDS);

/**
 * What an unauthenticated return answers: whoever holds the return URL (a pidx, an order id) sees
 * the outcome the shopper's browser shows, never the order's lines, the customer's details or the
 * payment action's URL. The rest is at `GET /checkouts/:orderId` with the shopper's token.
 */
export function returnBody(view: CheckoutView) {
  return {
    orderId: view.orderId,
    orderStatus: view.orderStatus,
    checkoutStatus: view.checkoutStatus,
    gateway: view.gateway,
    amount: view.amount,
    ...definedFields({ transactionId: view.transactionId, cancelReason: view.cancelReason, pointsAwarded: view.pointsAwarded, refundedToWallet: view.refundedToWallet }),
    links: { self: `/checkouts/${view.orderId}` },
  };
}
/** Whatever the gateway puts on the return URL or in its form; each gateway's parser checks its own. */
export const returnFields = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** What one kind of return (a checkout's, a top-up's) plugs into `gatewayReturnRoutes`. */
export interface ReturnHandling<V> {
  /** GET and POST are both served on it; `:gateway` names the gateway. */
  readonly path: string;
  readonly returned: (gateway: (typeof GATEWAY_IDS)[number], fields: Record<string, string | string[] | undefined>) => Promise<Result<V, DomainError>>;
  /** The query parameters the storefront is sent back with. */
  readonly redirectParams: (view: V) => Readonly<Record<string, string>>;
  /** The unauthenticated answer: the outcome only, never the payment action's URL. */
  readonly body: (view: V) => unknown;
  readonly storefrontReturnUrl?: string | undefined;
}

/**
 * Where gateways send the shopper's browser back. Nothing here marks anything paid: the saga is
 * told to ask the gateway, and the answer shown is the verified outcome (or "still pending").
 * Most gateways return with a GET; Razorpay's callback and eSewa's form flow may POST a form.
 */
export function gatewayReturnRoutes<V>(router: Router, handling: ReturnHandling<V>): Router {
  const handle = async (ctx: Koa.Context, fields: Record<string, string | string[] | undefined>) => {
    const gateway = gatewayParam.safeParse(ctx.params['gateway']);
    if (!gateway.success) throw problemFromZod(gateway.error, 'params');
    const outcome = await handling.returned(gateway.data, fields);
    if (!outcome.ok) throw problemFromDomain(outcome.error);
    const view = outcome.value;
    // A browser (asking for HTML first) goes on to the storefront's page; a client asking for JSON,
    // or anything (curl, a server-side storefront), gets the verified outcome here.
    if (handling.storefrontReturnUrl && ctx.accepts('json', 'html') === 'html') {
      const target = new URL(handling.storefrontReturnUrl);
      for (const [name, value] of Object.entries(handling.redirectParams(view))) target.searchParams.set(name, value);
      ctx.redirect(target.toString());
      ctx.status = 303;
      return;
    }
    ctx.body = handling.body(view);
  };
  router.get(handling.path, (ctx) => handle(ctx, ctx.query));
  router.post(handling.path, async (ctx) => {
    if (!ctx.is('application/x-www-form-urlencoded')) {
      throw new HttpProblem(415, 'request.unsupported_media_type', 'Unsupported Media Type', 'a gateway return is posted as a form');
    }
    const form = new URLSearchParams((await readRawBody(ctx, 16 * 1024)).toString('utf8'));
    const fields: Record<string, string | string[]> = {};
    for (const key of new Set(form.keys())) {
      const values = form.getAll(key);
      fields[key] = values.length === 1 ? values[0]! : values;
    }
    // Query parameters the gateway kept on the URL count too; the form wins on a clash.
    await handle(ctx, { ...ctx.query, ...fields });
  });
  return router;
}

/** The checkouts' return URL. */
export function paymentReturnRoutes(deps: { storefront: Storefront; storefrontReturnUrl?: string }): Router {
  return gatewayReturnRoutes(new Router(), {
    path: '/payments/:gateway/return',
    returned: deps.storefront.paymentReturned,
    redirectParams: (view) => ({ orderId: view.orderId, status: view.checkoutStatus }),
    body: returnBody,
    storefrontReturnUrl: deps.storefrontReturnUrl,
  });
}

const returnResponses = {
  200: {
    description: "the verified outcome, as the shopper's browser needs it (order id, statuses, amount); the whole checkout is at `GET /checkouts/:orderId`",
    schema: returnView,
  },
  303: {
    description: 'with a storefront (STOREFRONT_RETURN_URL, or the one `npm start` serves), to a browser that asks for HTML: to the storefront, with `orderId` and `status`',
    headers: { Location: 'the storefront' },
    contentType: 'none',
  },
  404: { description: 'no payment known for these fields' },
} as const;
describeRoute({
  method: 'get',
  path: '/payments/:gateway/return',
  summary: "Where the gateway sends the shopper's browser back",
  description: 'Marks nothing paid by itself: the saga asks the gateway, and the answer is the verified outcome (waited for up to 8 s).',
  tags: ['payments'],
  auth: 'none',
  params: { gateway: gatewayParam },
  query: returnFields,
  responses: returnResponses,
});
describeRoute({
  method: 'post',
  path: '/payments/:gateway/return',
  summary: "Where the gateway posts the shopper's browser back (Razorpay, eSewa forms)",
  tags: ['payments'],
  auth: 'none',
  params: { gateway: gatewayParam },
  query: returnFields,
  body: returnFields,
  bodyContentType: 'application/x-www-form-urlencoded',
  responses: returnResponses,
});
