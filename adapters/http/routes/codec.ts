import Router from '@koa/router';
import type Koa from 'koa';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import type { Authenticator } from '../auth.js';
import { readJsonBody } from '../body.js';
import { HttpProblem, problemFromZod } from '../problem.js';
import { describeRoute } from '../openapi.js';
import { payloadFromJson, payloadToJson } from '../../temporal/payload-codec.js';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
/** Temporal's remote codec format: payloads as JSON, metadata values and data base64. */
export const codecBody = z.strictObject({
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() }))
    .max(1_000)
    // protojson leaves an empty list out: `{}` is no payloads.
    .default([]),
});

/**
 * This service's payloads are a few kilobytes (an order, a saga's state), and the UI asks for one
 * event's at a time. A body declared larger is refused at once, never waited for.
 */
const CODEC_BODY_LIMIT = 256 * 1024;

/**
 * Temporal's remote codec protocol (`POST /codec/decode`, `POST /codec/encode`), for operators
 * reading sagas in the Temporal UI (its "codec endpoint" setting, passing the user's access
 * token) or with `temporal … --codec-endpoint <api>/codec --codec-auth "Bearer <token>"`. Only
 * operator tokens decode: the payloads hold customers' names, emails and phones. In demo mode
 * the local dev server's UI, which has no login, may call it without a token.
 */
export function codecRoutes(deps: { codec: PayloadCodec; auth: Authenticator; demoUiOrigins?: readonly string[] }): Router {
  const router = new Router();
  const operator = deps.auth.requireOperator();
  const authorized = async (ctx: Koa.Context, next: Koa.Next) => {
    const demoUi = (deps.demoUiOrigins ?? []).includes(ctx.get('origin')) && ctx.get('authorization') === '';
    return demoUi ? next() : operator(ctx, next);
  };
  for (const direction of ['decode', 'encode'] as const) {
    router.post(`/codec/${direction}`, authorized, async (ctx) => {
      const body = codecBody.safeParse(await readJsonBody(ctx, CODEC_BODY_LIMIT));
      if (!body.success) throw problemFromZod(body.error);
      const payloads = body.data.payloads.map(payloadFromJson);
      let coded: Payload[];
      try {
        coded = direction === 'decode' ? await deps.codec.decode(payloads) : await deps.codec.encode(payloads);
      } catch (error) {
        throw new HttpProblem(422, 'codec.cannot_decode', 'Unprocessable Content', (error as Error).message);
      }
      ctx.body = { payloads: coded.map(payloadToJson) };
    });
  }
  return router;
}

for (const direction of ['decode', 'encode'] as const) {
  describeRoute({
    method: 'post',
    path: `/codec/${direction}`,
    summary:
      direction === 'decode' ? "Decrypt workflow payloads (Temporal's remote codec), for operators" : "Encrypt payloads as the service's workers do (Temporal's remote codec)",
    description: 'Temporal UI: set the codec endpoint to `<api>/codec` and pass the access token. CLI: `--codec-endpoint <api>/codec --codec-auth "Bearer <operator token>"`.',
    tags: ['operations'],
    auth: 'operator',
    body: codecBody,
    responses: {
      200: { description: `the payloads, ${direction}d` },
      422: { description: 'a payload encrypted with a key this service does not have, or one that does not authenticate' },
    },
  });
}
