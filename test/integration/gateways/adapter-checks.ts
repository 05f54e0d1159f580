/** What the gateway adapter tests check the same way for every gateway. */
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
