import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../adapters/observability/logger.js';
import { installTemporalRuntime } from '../../../adapters/observability/temporal-runtime.js';
import { paymentCallbackSignal } from '../../../workflows/checkout/messages.js';
import { createCheckoutHarness, stateOf, type CheckoutHarness } from '../../harness/checkout-harness.js';
import { until } from '../../workflows/gateways/drivers.js';
import { freePort } from '../../support/ports.js';
import { parsePrometheusText } from '../../support/prometheus-text.js';

// One process, as `npm start` runs it: the API, the worker and the Temporal SDK write through one pino logger.
const lines: string[] = [];
const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
let metricsAddress: string;
let h: CheckoutHarness;

beforeAll(async () => {
  metricsAddress = `127.0.0.1:${await freePort()}`;
  // Before the harness's first native connection, as src/main.ts does before the worker's.
  installTemporalRuntime({ logger, metricsAddress });
  h = await createCheckoutHarness({ logger });
});

afterAll(async () => {
  await h?.close();
});

interface LogLine {
  readonly level: number;
  readonly time: number;
  readonly msg: string;
  readonly service: string;
  readonly [field: string]: unknown;
}

describe('one log format', () => {
  it('writes the API, the workflow, the activities and the SDK as pino JSON, every line about a checkout naming its order and workflow', async () => {
    const shopper = await h.tokens.issueShopperToken('cus_logs_1');
    const created = await fetch(`${h.apiUrl}/checkouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shopper}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' }),
    });
    expect(created.status).toBe(201);
    const { orderId } = (await created.json()) as { orderId: string };
    const handle = h.env.client.workflow.getHandle(`checkout-${orderId}`);
    const state = await stateOf(handle);
    // The gateway reports less than the order: the activity fails for good and the workflow logs that it parks.
    h.sandbox.control.complete(state.gatewayPaymentId!, { totalAmount: 45_000 - 100 });
    await handle.signal(paymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: state.gatewayPaymentId!, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });
    await until(handle, (s) => s.status === 'needs_attention', 'needs_attention');
    expect((await fetch(`${h.apiUrl}/checkouts/${orderId}`, { headers: { authorization: `Bearer ${shopper}` } })).status).toBe(200);

    // The Runtime holds forwarded lines for about 100 ms to sort them: wait for the workflow's.
    for (let i = 0; i < 50 && !lines.some((line) => line.includes('saga needs attention')); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    const parsed = lines.map((line) => JSON.parse(line) as LogLine);

    for (const line of parsed) {
      expect(line).toMatchObject({ service: 'paysaga' });
      expect(typeof line.level).toBe('number');
      expect(typeof line.time).toBe('number');
      expect(typeof line.msg).toBe('string');
    }
    const api = parsed.filter((line) => line.msg === 'request');
    const sdk = parsed.filter((line) => line['component'] === 'temporal');
    expect(api.map((line) => line['path'])).toEqual(expect.arrayContaining(['/checkouts', `/checkouts/${orderId}`]));
    // The native core's lines too, forwarded: no second format on stderr.
    expect(sdk.map((line) => line['sdkComponent'])).toEqual(expect.arrayContaining(['worker', 'workflow', 'core']));
    expect(sdk.find((line) => line.msg === 'Activity failed' && line['activityType'] === 'verifyPayment')).toMatchObject({ orderId, workflowId: `checkout-${orderId}` });
    expect(sdk.find((line) => line.msg === 'saga needs attention')).toMatchObject({ sdkComponent: 'workflow', orderId, workflowId: `checkout-${orderId}`, level: 40 });

    const aboutTheOrder = lines.filter((line) => line.includes(orderId)).map((line) => JSON.parse(line) as LogLine);
    expect(aboutTheOrder.length).toBeGreaterThanOrEqual(4);
    for (const line of aboutTheOrder) expect(line, line.msg).toMatchObject({ orderId, workflowId: `checkout-${orderId}` });
  });

  it("serves the worker's own Temporal metrics (schedule-to-start, sticky cache, slots, requests) on the Runtime's Prometheus exporter", async () => {
    const response = await fetch(`http://${metricsAddress}/metrics`);
    expect(response.status).toBe(200);
    const names = new Set(parsePrometheusText(await response.text()).map((sample) => sample.name));
    expect([...names].some((name) => name.startsWith('temporal_workflow_task_schedule_to_start_latency'))).toBe(true);
    expect(names.has('temporal_sticky_cache_size')).toBe(true);
    expect(names.has('temporal_worker_task_slots_available')).toBe(true);
    expect(names.has('temporal_request_latency_count')).toBe(true);
  });
});
