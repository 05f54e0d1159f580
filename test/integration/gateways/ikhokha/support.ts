import { startWebhookReceiver as startReceiver, type WebhookReceiver } from '../../../support/webhook-receiver.js';

export type { ReceivedWebhook, WebhookReceiver } from '../../../support/webhook-receiver.js';

export type Button = 'pay-form' | 'decline-form' | 'cancel-form';

const unescapeHtml = (s: string): string => s.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));

/** Acts as the shopper's browser: opens the paylink page, presses a button, stops at the redirect. */
export async function pressButton(paylinkUrl: string, button: Button): Promise<Response> {
  const page = await fetch(paylinkUrl);
  if (page.status !== 200) throw new Error(`paylink page answered ${page.status}`);
  const html = await page.text();
  const m = new RegExp(`<form\\b[^>]*\\bid="${button}"[^>]*>`).exec(html);
  if (m === null) throw new Error(`no form #${button} on the page`);
  const action = /\baction="([^"]*)"/.exec(m[0])?.[1];
  const method = /\bmethod="([^"]*)"/.exec(m[0])?.[1] ?? 'get';
  if (action === undefined) throw new Error(`form #${button} has no action`);
  return fetch(unescapeHtml(action), { method: method.toUpperCase(), body: new URLSearchParams(), redirect: 'manual' });
}

/** Where a button sent the browser: the `Location` of its 302. */
export function redirectedTo(response: Response): URL {
  if (response.status !== 302) throw new Error(`expected a 302, got ${response.status}`);
  return new URL(response.headers.get('location') ?? '');
}

/** Our iKhokha callback route, standing in: keeps every callback's raw bytes and headers. */
export const startWebhookReceiver = (): Promise<WebhookReceiver> => startReceiver('/webhooks/ikhokha');
