/** What the gateway adapter tests check the same way for every gateway. */
import { expect } from 'vitest';
import type { GatewayEvent, WebhookVerifier } from '../../../src/payments/api.js';
import type { ReceivedWebhook } from '../../support/webhook-receiver.js';

/** The URL the shopper is sent to; fails the test when the action is not a redirect. */
export function redirectUrl(action: { type: string; url: string }): string {
  if (action.type !== 'redirect') throw new Error('expected a redirect');
  return action.url;
}

/** Every webhook received, verified with `verifier`; fails the test on the first that does not verify. */
export async function verifyAll<Event extends GatewayEvent = GatewayEvent>(verifier: WebhookVerifier | undefined, received: readonly ReceivedWebhook[]): Promise<Event[]> {
  if (verifier === undefined) throw new Error('adapter has no webhook verifier');
  const events: Event[] = [];
  for (const hook of received) {
    const result = await verifier.verify(hook.body, hook.headers);
    if (!result.ok) throw new Error(result.error.message);
    events.push(result.value as Event);
  }
  return events;
}

/** The payment expires `windowMs` after `started` (a `Date.now()` taken before initiating), give or take 5 s. */
export function expectExpiresAfter(expiresAt: string, started: number, windowMs: number): void {
  const expiresIn = Date.parse(expiresAt) - started;
  expect(expiresIn).toBeGreaterThan(windowMs - 5000);
  expect(expiresIn).toBeLessThanOrEqual(windowMs + 5000);
}

/** The hosted page at `url`, which must answer 200. */
export async function hostedPageHtml(url: string): Promise<string> {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  return page.text();
}

/** Where a button sent the browser: a `status` redirect to `returnUrl` (any query); the whole `Location`. */
export function expectSentBackTo(response: Response, status: number, returnUrl: string): URL {
  expect(response.status).toBe(status);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(returnUrl);
  return location;
}
