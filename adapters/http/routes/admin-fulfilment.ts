import type Router from '@koa/router';
import { z } from 'zod';
import type { Fulfilment, FulfilmentCommandType, FulfilmentEvent, FulfilmentRequest, FulfilmentUseCases } from '../../../src/orders/api.js';
import { readJsonBody } from '../body.js';
import { problemFromDomain } from '../problem.js';
import { describeOperatorRoute, commandBody, reason, type OperatorKit } from './admin-kit.js';
import { orderIdParam } from './checkouts.js';

/** Carrier and tracking number may be absent from a well-formed body: shipping without them is a 422, not a 400. */
export const shipBody = z.strictObject({ reason, carrier: z.string().max(64).optional(), trackingNumber: z.string().max(64).optional() });

/** One route per move: path segment, the command, its body and what it does. */
const FULFILMENT_ROUTES = [
  ['start-processing', 'StartProcessing', commandBody, 'Start processing a confirmed order: unfulfilled → processing'],
  ['ship', 'Ship', shipBody, 'Ship a processing order with its carrier and tracking number: processing → shipped'],
  ['deliver', 'MarkDelivered', commandBody, 'Record that a shipped order was delivered: shipped → delivered'],
  ['request-return', 'RequestReturn', commandBody, 'Record that the shopper asked to return a delivered order: delivered → return_requested'],
  ['receive-return', 'ReceiveReturn', commandBody, 'Record that the returned goods came back: return_requested → returned (money goes back through the refund routes)'],
] as const satisfies readonly (readonly [string, FulfilmentCommandType, z.ZodType, string])[];

const eventBody = (orderId: string, event: FulfilmentEvent) => ({ orderId, ...event });
const fulfilmentBody = (orderId: string, fulfilment: Fulfilment) => ({
  orderId,
  status: fulfilment.status,
  ...('shipment' in fulfilment ? { shipment: fulfilment.shipment } : {}),
  history: fulfilment.history,
});

/** Operators move a confirmed order's goods on, one route per move, and read where they are. */
export function addFulfilmentRoutes(router: Router, kit: OperatorKit, deps: { fulfilment: FulfilmentUseCases }): void {
  const { operator, operatorOf, parse, orderIdOf } = kit;

  for (const [path, type, body] of FULFILMENT_ROUTES) {
    router.post(`/orders/:orderId/fulfilment/${path}`, operator, async (ctx) => {
      const orderId = orderIdOf(ctx);
      const parsed = parse<z.infer<typeof shipBody>>(body, await readJsonBody(ctx));
      const request = { ...parsed, type, by: operatorOf(ctx) } as FulfilmentRequest;
      const moved = await deps.fulfilment.move(orderId, request);
      if (!moved.ok) throw problemFromDomain(moved.error);
      ctx.body = eventBody(orderId, moved.value);
    });
  }

  router.get('/orders/:orderId/fulfilment', operator, async (ctx) => {
    const orderId = orderIdOf(ctx);
    const found = await deps.fulfilment.of(orderId);
    if (!found.ok) throw problemFromDomain(found.error);
    ctx.body = fulfilmentBody(orderId, found.value);
  });
}

for (const [path, , body, summary] of FULFILMENT_ROUTES) {
  describeOperatorRoute({
    method: 'post',
    path: `/admin/orders/:orderId/fulfilment/${path}`,
    summary,
    description:
      'Recorded with who (the token), when and why (the body). A repeat of a move already made answers the event first recorded; a move that does not apply changes nothing.',
    params: { orderId: orderIdParam },
    body,
    responses: {
      200: { description: 'the recorded event: `from`, `to`, `at`, `by`, `reason` and, when shipped, the `shipment`' },
      404: { description: 'no such order' },
      409: {
        description:
          '`fulfilment.transition_refused`: the move does not apply to where the goods are; `fulfilment.order_not_confirmed`: the order is not paid (pending, cancelled, refunded)',
      },
      ...(path === 'ship' ? { 422: { description: '`fulfilment.shipment_required`: no carrier or no tracking number' } } : {}),
    },
  });
}
describeOperatorRoute({
  method: 'get',
  path: '/admin/orders/:orderId/fulfilment',
  summary: "Where an order's goods are, with every move that took them there",
  params: { orderId: orderIdParam },
  responses: { 200: { description: '`status`, the `shipment` once shipped, and the `history`, oldest first' }, 404: { description: 'no such order' } },
});
