import { pressButton as press, readForm } from '../../../support/hosted-pages.js';
import { startWebhookReceiver as startReceiver, type WebhookReceiver } from '../../../support/webhook-receiver.js';

export { type HtmlForm, readForm, submit } from '../../../support/hosted-pages.js';
export type { ReceivedWebhook, WebhookReceiver } from '../../../support/webhook-receiver.js';

export type Button = 'pay-form' | 'fail-form' | 'cancel-form';

/** Opens the checkout page and presses one of its buttons. */
export const pressButton = (checkoutUrl: string, button: Button): Promise<Response> => press(checkoutUrl, button);

/**
 * What reaches the merchant's callback_url after a button: the fields of the auto-submitted
 * POST form (Checkout's redirect flow) or of the 302's query (`callback_method=get`).
 */
export async function returnedFields(response: Response): Promise<{ method: 'POST' | 'GET'; url: string; fields: URLSearchParams }> {
  if (response.status === 302) {
    const location = new URL(response.headers.get('location') ?? '');
    return { method: 'GET', url: `${location.origin}${location.pathname}`, fields: location.searchParams };
  }
  if (response.status !== 200) throw new Error(`button answered ${response.status}`);
  const form = readForm(await response.text(), 'callback-form');
  if (form.method !== 'POST') throw new Error(`callback form uses ${form.method}`);
  return { method: 'POST', url: form.action, fields: form.fields };
}

/** Our Razorpay webhook route, standing in: keeps every webhook's raw bytes and headers. */
export const startWebhookReceiver = (): Promise<WebhookReceiver> => startReceiver('/webhooks/razorpay');
