import { startWebhookReceiver as startReceiver, type WebhookReceiver } from '../../../support/webhook-receiver.js';

export { type HtmlForm, pressButton, readForm, submit } from '../../../support/hosted-pages.js';
export type { ReceivedWebhook, WebhookReceiver } from '../../../support/webhook-receiver.js';

/** Our Stripe webhook route, standing in: keeps every POST's raw bytes and headers, answers JSON. */
export const startWebhookReceiver = (): Promise<WebhookReceiver> => startReceiver('/webhooks/stripe', { contentType: 'application/json', body: '{"received":true}' });
