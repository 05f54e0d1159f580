/**
 * Webhook acknowledgement: signed Stripe events POSTed to /webhooks/stripe at a steady rate, then
 * in a 10× burst. Events name sessions and PaymentIntents no checkout owns, so each is verified,
 * stored once and acknowledged as `unmatched` (no saga is signalled). Every event must get a 2xx
 * and be stored: count stored = count sent.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { DEMO_SECRETS } from '../../src/config.js';
import { request } from '../lib/http.js';
import { failures, runOpen, type OpenLoadResult } from '../lib/loader.js';
import { withCpu, type BenchContext } from '../lib/context.js';

/** As `adapters/gateways/stripe/sandbox.ts` signs: `t=…,v1=HMAC-SHA256(secret, "t." + body)`. */
function signStripePayload(payload: string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest('hex')}`;
}

const run = randomBytes(4).toString('hex');

function stripeEvent(i: number): string {
  const id = `${run}${String(i).padStart(8, '0')}`;
  const kind = i % 3;
  const object =
    kind === 0
      ? {
          id: `cs_test_bench${id}`,
          object: 'checkout.session',
          status: 'complete',
          payment_status: 'paid',
          client_reference_id: null,
          metadata: {},
          payment_intent: `pi_bench${id}`,
        }
      : kind === 1
        ? { id: `pi_bench${id}`, object: 'payment_intent', status: 'succeeded', metadata: {} }
        : { id: `ch_bench${id}`, object: 'charge', status: 'succeeded', payment_intent: `pi_bench${id}`, metadata: {} };
  const type = kind === 0 ? 'checkout.session.completed' : kind === 1 ? 'payment_intent.succeeded' : 'charge.succeeded';
  const event = {
    id: `evt_bench${id}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
  return JSON.stringify(event, null, 2);
}

export type WebhookPhase = OpenLoadResult & { cpuPercent: Record<string, number>; non2xx: number; statuses: Record<string, number> };

export interface WebhookResult {
  readonly steady: WebhookPhase;
  readonly burst: WebhookPhase;
  readonly sent2xx: number;
  /** Requests actually sent (scheduled minus those the loader's in-flight cap refused to start). */
  readonly sent: number;
  readonly storedDelta: number;
  /** Acknowledged with a 2xx but not stored. */
  readonly lost: number;
}

async function storedCount(ctx: BenchContext): Promise<number> {
  return Number((await ctx.sql.query<{ n: string }>(`select count(*) as n from gateway_events where gateway = 'stripe'`)).rows[0]!.n);
}

let sequence = 0;

async function phase(ctx: BenchContext, rate: number, durationMs: number): Promise<WebhookPhase> {
  const statuses: Record<string, number> = {};
  let non2xx = 0;
  const url = `${ctx.stack.api}/webhooks/stripe`;
  const result = await withCpu(ctx, () =>
    runOpen({
      rate,
      durationMs,
      // Every event of the phase may be in flight at once: a burst the server cannot keep up with
      // shows as latency (gateways wait and retry), not as events the loader never sent.
      maxInFlight: Math.ceil((rate * durationMs) / 1000),
      drainMs: 30_000,
      op: async () => {
        const body = stripeEvent(sequence++);
        const response = await request(url, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(body, DEMO_SECRETS.stripe.webhookSecret, Math.floor(Date.now() / 1000)) },
          timeoutMs: 30_000,
        });
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (response.status < 200 || response.status > 299) {
          non2xx++;
          throw new Error(`webhook answered ${response.status}: ${response.body.slice(0, 120)}`);
        }
      },
    }),
  );
  return { ...result, non2xx, statuses };
}

export async function webhookGroup(ctx: BenchContext): Promise<WebhookResult> {
  const before = await storedCount(ctx);
  const steadyRate = 200;
  const steady = await phase(ctx, steadyRate, ctx.quick ? 10_000 : 60_000);
  ctx.log(`  webhooks steady ${steadyRate}/s: p50 ${steady.latencyMs.p50} ms, p99 ${steady.latencyMs.p99} ms, non-2xx ${steady.non2xx}, failures ${failures(steady)}`);
  const burst = await phase(ctx, steadyRate * 10, ctx.quick ? 2_000 : 5_000);
  ctx.log(`  webhooks burst ${steadyRate * 10}/s: p50 ${burst.latencyMs.p50} ms, p99 ${burst.latencyMs.p99} ms, non-2xx ${burst.non2xx}, failures ${failures(burst)}`);
  const after = await storedCount(ctx);
  const sent2xx = steady.ok + burst.ok;
  const storedDelta = after - before;
  const sent = steady.scheduled - steady.overflow + burst.scheduled - burst.overflow;
  ctx.log(`  webhooks stored ${storedDelta} for ${sent2xx} acknowledged (${sent} sent, ${steady.overflow + burst.overflow} not sent: loader's in-flight cap)`);
  return { steady, burst, sent2xx, sent, storedDelta, lost: Math.max(0, sent2xx - storedDelta) };
}
