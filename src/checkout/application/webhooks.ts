import { GAVE_UP_PAYMENT_STATUSES, type GatewayId, type LatePayments, type WebhookVerifier } from '../../payments/api.js';
import type { GatewayEventLog } from '../../payments/ports/gateway-event-log.js';
import type { Clock } from '../../shared/clock.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { CheckoutSagas } from '../ports/checkout-sagas.js';
import type { CheckoutStore } from '../ports/checkout-store.js';
import type { TopUpCallbacks } from '../../wallet/ports/top-up-sagas.js';

export type WebhookOutcome = 'signalled' | 'duplicate' | 'unmatched';

export interface WebhookIntakeDeps {
  readonly verifierFor: (gateway: GatewayId) => WebhookVerifier | undefined;
  readonly events: GatewayEventLog;
  readonly store: CheckoutStore;
  readonly sagas: CheckoutSagas;
  readonly clock: Clock;
  /** Wallet top-ups: hands a callback to the top-up saga that owns the payment, if one does. */
  readonly topUps?: TopUpCallbacks;
  /** Money for a checkout that gave up on it: its own late-payment saga takes the callback. */
  readonly latePayments?: LatePayments;
}

const gaveUp = (status: string): boolean => (GAVE_UP_PAYMENT_STATUSES as readonly string[]).includes(status);

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
    const payment = event.gatewayPaymentId === undefined ? undefined : await deps.store.read((repos) => repos.payments.byGatewayPaymentId(gateway, event.gatewayPaymentId!));
    if (payment === undefined) {
      // Wallet top-ups: a payment no order owns may be a top-up's, whose own saga takes the callback.
      const topUpId =
        event.gatewayPaymentId === undefined || deps.topUps === undefined
          ? undefined
          : await deps.topUps.deliver({ gateway, gatewayPaymentId: event.gatewayPaymentId, claimedStatus: event.claimedStatus ?? event.type, receivedAt });
      if (topUpId !== undefined) {
        await deps.events.mark(gateway, event.eventId, 'signalled');
        return ok('signalled');
      }
      await deps.events.mark(gateway, event.eventId, 'unmatched');
      return ok('unmatched');
    }
    const late = { gateway, gatewayPaymentId: event.gatewayPaymentId!, source: 'webhook' as const, receivedAt };
    if (deps.latePayments !== undefined && gaveUp(payment.status)) {
      // The checkout gave up on this payment (its saga has closed, or is closing): a callback now
      // is money that came late, settled by a saga of its own instead of being dropped.
      await deps.latePayments.report(late);
    } else {
      await deps.sagas.reportCallback(payment.orderId, {
        gateway,
        gatewayPaymentId: event.gatewayPaymentId!,
        claimedStatus: event.claimedStatus ?? event.type,
        receivedAt,
      });
      // The checkout may have given up while the callback was on its way (a saga closing takes the
      // signal and ignores it): the intake starts the late-payment saga only if it did.
      if (deps.latePayments !== undefined) await deps.latePayments.report(late);
    }
    await deps.events.mark(gateway, event.eventId, 'signalled', payment.orderId);
    return ok('signalled');
  };
}

export type WebhookIntake = ReturnType<typeof makeWebhookIntake>;
