import type { Clock } from '../../shared/clock.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { GatewayEventLog } from '../ports/gateway-event-log.js';
import type { GatewayId, WebhookVerifier } from '../ports/payment-gateway.js';

export type WebhookOutcome = 'signalled' | 'duplicate' | 'unmatched';

/** A verified webhook's claim about one gateway payment: only a hint to go and ask the gateway. */
export interface PaymentCallbackHint {
  readonly gateway: GatewayId;
  readonly gatewayPaymentId: string;
  readonly claimedStatus: string;
  readonly receivedAt: string;
}

/**
 * Whoever owns gateway payments (checkouts, wallet top-ups): hands a callback for a payment it owns
 * to the saga that waits for it (or to the late-payment saga when that saga gave up). Resolves once
 * the saga has accepted it, with the order the payment is for when it is an order's, or
 * `undefined` when this owner has no such payment.
 */
export interface PaymentCallbackOwner {
  deliver(callback: PaymentCallbackHint): Promise<{ readonly orderId?: string } | undefined>;
}

export interface WebhookIntakeDeps {
  readonly verifierFor: (gateway: GatewayId) => WebhookVerifier | undefined;
  readonly events: GatewayEventLog;
  readonly clock: Clock;
  /** Asked in turn; the first that owns the payment takes the callback. */
  readonly owners: readonly PaymentCallbackOwner[];
}

/**
 * Webhooks: verify the raw bytes, record the event once, then hand it to the owning saga as a
 * callback (a hint to ask the gateway, never proof). Resolves only once the saga has accepted the
 * signal; when that fails it throws, the caller answers 5xx and the gateway retries — the stored
 * event is still `received`, so the retry signals again instead of being taken for a duplicate.
 */
export function makeWebhookIntake(deps: WebhookIntakeDeps) {
  return async function receive(
    gateway: GatewayId,
    rawBody: Buffer,
    headers: Readonly<Record<string, string | undefined>>,
  ): Promise<Result<WebhookOutcome, DomainError<'webhooks.unsupported' | 'webhooks.invalid_signature' | 'webhooks.malformed'>>> {
    const verifier = deps.verifierFor(gateway);
    if (verifier === undefined) return err(domainError('webhooks.unsupported', `${gateway} sends no webhooks here`));
    const receivedAt = deps.clock.now().toISOString();
    const verified = await verifier.verify(rawBody, headers);
    if (!verified.ok) {
      await deps.events.rejected(gateway, verified.error.code, verified.error.message, receivedAt);
      return verified;
    }
    const event = verified.value;
    const recorded = await deps.events.receive(event, receivedAt);
    if (!recorded.isNew && recorded.status !== 'received') return ok('duplicate');
    if (event.gatewayPaymentId !== undefined) {
      const callback = { gateway, gatewayPaymentId: event.gatewayPaymentId, claimedStatus: event.claimedStatus ?? event.type, receivedAt };
      for (const owner of deps.owners) {
        const delivered = await owner.deliver(callback);
        if (delivered === undefined) continue;
        await deps.events.mark(gateway, event.eventId, 'signalled', delivered.orderId);
        return ok('signalled');
      }
    }
    await deps.events.mark(gateway, event.eventId, 'unmatched');
    return ok('unmatched');
  };
}

export type WebhookIntake = ReturnType<typeof makeWebhookIntake>;
