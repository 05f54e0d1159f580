import { request } from 'node:http';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from '../../../adapters/observability/tracing.js';
import { createCheckoutHarness, stateOf, type CheckoutHarness } from '../../harness/checkout-harness.js';

// Tracing starts before the harness opens its database, as src/main.ts starts it before the pool.
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let h: CheckoutHarness;

beforeAll(async () => {
  expect(startTracing({}, { serviceName: 'paysaga-test' })).toBeUndefined();
  tracing = startTracing({}, { serviceName: 'paysaga-test', exporter })!;
  h = await createCheckoutHarness({ tracing });
});

afterAll(async () => {
  await h?.close();
  await tracing?.shutdown();
});

function postJson(url: string, json: unknown, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    sent.on('error', reject);
    sent.end(JSON.stringify(json));
  });
}

/** Waits until a span matching `which` has ended, and returns every span of the run so far. */
async function spansOnce(which: (span: ReadableSpan) => boolean): Promise<ReadableSpan[]> {
  for (let i = 0; i < 100 && !exporter.getFinishedSpans().some(which); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  return exporter.getFinishedSpans();
}

describe('tracing', () => {
  it('follows a checkout in one trace: the HTTP request, the Temporal client, the workflow, its activities, PostgreSQL and the gateway call', async () => {
    const shopper = await h.tokens.issueShopperToken('cus_trace_1');
    const traceparent = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
    // node:http, not fetch: the test's own fetch is traced too, and would send its own traceparent.
    const { status, body } = await postJson(
      `${h.apiUrl}/checkouts`,
      { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' },
      { authorization: `Bearer ${shopper}`, traceparent },
    );
    expect(status).toBe(201);
    const { orderId } = JSON.parse(body) as { orderId: string };
    expect((await stateOf(h.env.client.workflow.getHandle(`checkout-${orderId}`))).status).toBe('awaiting_payment');

    const spans = await spansOnce((span) => span.name === 'RunActivity:initiatePayment');
    const traceId = 'ab'.repeat(16);
    const inTrace = spans.filter((span) => span.spanContext().traceId === traceId);
    const names = inTrace.map((span) => span.name);

    // The caller's trace continues: the request's server span has the caller's span as parent.
    const server = inTrace.find((span) => span.name === 'POST /checkouts')!;
    expect(server.parentSpanId).toBe('cd'.repeat(8));
    expect(server.attributes['http.response.status_code']).toBe(201);
    // The storefront starts the saga with update-with-start; the workflow's spans come back through the worker's sink.
    expect(names).toEqual(
      expect.arrayContaining(['UpdateWithStartWorkflow:waitForPaymentAction', 'HandleUpdate:waitForPaymentAction', 'StartActivity:initiatePayment', 'RunActivity:initiatePayment']),
    );
    const byId = new Map(inTrace.map((span) => [span.spanContext().spanId, span]));
    const ancestors = (span: ReadableSpan): string[] => {
      const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
      return parent === undefined ? [] : [parent.name, ...ancestors(parent)];
    };
    // One trace from the request to the activity (the workflow's RunWorkflow span, their link, ends with the saga).
    expect(ancestors(inTrace.find((span) => span.name === 'RunActivity:initiatePayment')!)).toEqual(['StartActivity:initiatePayment']);
    expect(ancestors(inTrace.find((span) => span.name === 'UpdateWithStartWorkflow:waitForPaymentAction')!)).toEqual(['POST /checkouts']);
    // Inside the activity: its database work and the call to Khalti's API (the sandbox, over fetch).
    const underInitiate = inTrace.filter((span) => ancestors(span).includes('RunActivity:initiatePayment'));
    expect(underInitiate.some((span) => span.name.startsWith('pg.query'))).toBe(true);
    const gatewayCall = underInitiate.find((span) => String(span.attributes['url.full']).startsWith(h.sandbox.apiBaseUrl));
    expect(gatewayCall).toMatchObject({ name: 'POST', attributes: expect.objectContaining({ 'http.response.status_code': 200 }) });
  });
});
