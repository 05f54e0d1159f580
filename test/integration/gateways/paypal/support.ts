import { pressButton as press } from '../../../support/hosted-pages.js';
import { startWebhookReceiver as startReceiver, type WebhookReceiver } from '../../../support/webhook-receiver.js';

export type { ReceivedWebhook } from '../../../support/webhook-receiver.js';

/** Acts as the payer's browser on the sandbox's approval page: presses a button, stopping at the redirect. */
export const pressButton = (pageUrl: string, formId: 'approve-form' | 'cancel-form'): Promise<Response> => press(pageUrl, formId);

/** A local HTTP endpoint standing in for our webhook route: keeps the raw bytes and headers, answers 200. */
export const startWebhookReceiver = (): Promise<WebhookReceiver> => startReceiver('/webhooks/paypal');
