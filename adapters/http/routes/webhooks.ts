import Router from '@koa/router';
import { z } from 'zod';
import type { WebhookIntake } from '../../../src/payments/api.js';
import { readRawBody } from '../body.js';
import { HttpProblem, problemFromZod } from '../problem.js';
import type { Logger } from 'pino';
import { describeRoute } from '../openapi.js';
import { gatewayParam } from './payment-returns.js';

export { gatewayParam } from './payment-returns.js';
const WEBHOOK_BODY_LIMIT = 256 * 1024;

/**
 * `POST /webhooks/:gateway`: raw bytes first (signatures are over them), verified by the gateway's
 * verifier, recorded once, handed to the saga. 2xx only once the saga has accepted the message,
 * so a lost signal makes the gateway retry; a duplicate or an event for no known payment is
 * acknowledged (and recorded), a bad signature is a 401 (and recorded).
 */
export function webhookRoutes(deps: { intake: WebhookIntake; logger: Logger }): Router {
  const router = new Router();
  router.post('/webhooks/:gateway', async (ctx) => {
    const gateway = gatewayParam.safeParse(ctx.params['gateway']);
    if (!gateway.success) throw problemFromZod(gateway.error, 'params');
    const raw = await readRawBody(ctx, WEBHOOK_BODY_LIMIT);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(ctx.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    let outcome;
    try {
      outcome = await deps.intake(gateway.data, raw, headers);
    } catch (error) {
      deps.logger.error({ err: error, gateway: gateway.data, requestId: ctx.state['requestId'] }, 'webhook could not be handed to its saga');
      throw new HttpProblem(503, 'webhooks.unavailable', 'Service Unavailable', 'the event was recorded but could not be delivered yet; retry later');
    }
    if (!outcome.ok) {
      const status = outcome.error.code === 'webhooks.invalid_signature' ? 401 : outcome.error.code === 'webhooks.unsupported' ? 404 : 400;
      deps.logger.warn({ gateway: gateway.data, code: outcome.error.code, requestId: ctx.state['requestId'] }, 'webhook refused');
      throw new HttpProblem(status, outcome.error.code, status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Bad Request', outcome.error.message);
    }
    ctx.status = 200;
    ctx.body = { received: true, outcome: outcome.value };
  });
  return router;
}

describeRoute({
  method: 'post',
  path: '/webhooks/:gateway',
  summary: "A gateway's signed event",
  description:
    'The signature is verified over the raw bytes (a bad one is a 401, recorded); the event is stored once per (gateway, event id) and handed to its saga; 200 only once the saga has it. Limited per client IP.',
  tags: ['payments'],
  auth: 'none',
  params: { gateway: gatewayParam },
  body: z.unknown(),
  bodyContentType: '*/*',
  rateLimited: true,
  responses: {
    200: { description: 'received: signalled, a duplicate, or for no known payment', schema: z.object({ received: z.literal(true), outcome: z.unknown() }) },
    401: { description: 'the signature does not verify' },
    404: { description: 'this gateway sends no webhooks' },
    503: { description: 'recorded but not yet handed to its saga; the gateway should retry' },
  },
});
