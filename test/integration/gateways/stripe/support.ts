import { startStripeSandbox } from '../../../../adapters/gateways/stripe/sandbox.js';
import { startWebhookReceiver as startReceiver, type WebhookReceiver } from '../../../support/webhook-receiver.js';
import { type testClock, useSandboxAndReceiver } from '../sandbox-lifecycle.js';

export { type HtmlForm, pressButton, readForm, submit } from '../../../support/hosted-pages.js';
export type { ReceivedWebhook, WebhookReceiver } from '../../../support/webhook-receiver.js';

/** Our Stripe webhook route, standing in: keeps every POST's raw bytes and headers, answers JSON. */
export const startWebhookReceiver = (): Promise<WebhookReceiver> => startReceiver('/webhooks/stripe', { contentType: 'application/json', body: '{"received":true}' });

export const STRIPE_SECRET_KEY = 'sk_test_51PaysagaSandboxKey0000000000';
export const STRIPE_WEBHOOK_SECRET = 'whsec_sandbox_7c1e0f2a9b8d4c6e5f3a1b2c';

/** The Stripe sandbox under `/stripe` on its own server, posting its events to a receiver standing in for our route. */
export const useStripeSandbox = (clock: ReturnType<typeof testClock>) =>
  useSandboxAndReceiver(
    startWebhookReceiver,
    (receiver) =>
      startStripeSandbox({
        port: 0,
        host: '127.0.0.1',
        mountPath: '/stripe',
        secretKey: STRIPE_SECRET_KEY,
        webhookSecret: STRIPE_WEBHOOK_SECRET,
        webhookUrl: receiver.url,
        now: clock.now,
      }),
    { clock },
  );
