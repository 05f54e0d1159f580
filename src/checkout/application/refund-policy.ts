import type { Order } from '../../orders/api.js';
import type { Payment } from '../../payments/api.js';
import { decideRefund, type Refund, type RefundDestination, type RefundError } from '../../payments/api.js';
import { GATEWAY_IDS, type GatewayId, type PaymentGateway, type PaymentGateways } from '../../payments/api.js';
import type { Clock } from '../../shared/clock.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { CheckoutRepositories, CheckoutStore } from '../ports/checkout-store.js';

/** What the refund use cases need; each part of them takes the few it uses. */
export interface RefundsDeps {
  readonly store: CheckoutStore;
  readonly gateways: PaymentGateways;
  readonly clock: Clock;
  readonly newRefundId: () => string;
}

/** A domain error that cannot happen where it is raised: a bug, thrown. */
export const bug = (error: DomainError): never => {
  throw new Error(error.message);
};

const REFUNDABLE_PAYMENT: readonly string[] = ['completed', 'partially_refunded'];
const REFUNDABLE_ORDER: readonly string[] = ['confirmed', 'partially_refunded'];
const isGateway = (gateway: string): gateway is GatewayId => (GATEWAY_IDS as readonly string[]).includes(gateway);

export const isRefundablePayment = (payment: Payment): boolean => REFUNDABLE_PAYMENT.includes(payment.status);

/** Why an order takes no refund now, or undefined when it does. */
export function orderNotRefundable(order: Order): DomainError<'refunds.not_refundable'> | undefined {
  if (REFUNDABLE_ORDER.includes(order.status)) return undefined;
  return domainError('refunds.not_refundable', `order ${order.id} is ${order.status}; only confirmed orders are refunded`);
}

/** The sum, in minor units, of the refunds `counted` keeps. */
export const totalMinor = (refunds: readonly Refund[], counted: (refund: Refund) => boolean): number =>
  refunds.filter(counted).reduce((total, refund) => total + refund.amount.amountMinor, 0);

export const isCompleted = (refund: Refund): boolean => refund.status === 'completed';

/** A gateway that can refund through its API, if the payment has one. */
export function refundingGateway(gateways: PaymentGateways, payment: Payment): PaymentGateway | undefined {
  if (!isGateway(payment.gateway) || !gateways.has(payment.gateway)) return undefined;
  const gateway = gateways.get(payment.gateway);
  return gateway.refund === undefined ? undefined : gateway;
}

/** Where a refund of this payment goes when `asked` is wanted. */
export function destinationFor(gateways: PaymentGateways, payment: Payment, asked: RefundDestination): Result<RefundDestination, RefundError> {
  // A wallet payment refunds to the wallet whatever was asked: that is where it came from. A
  // manual payment has no API to send money back through: the wallet takes it.
  if (payment.gateway === 'wallet' || !isGateway(payment.gateway)) return ok('wallet');
  if (asked === 'gateway' && refundingGateway(gateways, payment) === undefined) {
    return err(domainError('refunds.gateway_unsupported', `${payment.gateway} cannot refund through its API; refund to the wallet instead`));
  }
  return ok(asked);
}

/**
 * Decides a new refund of `payment` against the refunds it already has. The caller holds the
 * payment's lock (`repos.refunds.lockPayment`), so racing refunds see each other.
 */
export async function decideRefundOf(repos: CheckoutRepositories, payment: Payment, request: Omit<Refund, 'status'>): Promise<Result<Refund, RefundError>> {
  return decideRefund({
    paid: payment.amount,
    paymentCompleted: isRefundablePayment(payment),
    existing: await repos.refunds.forPayment(payment.id),
    request,
  });
}

/** A refund credited to the shopper's wallet: one wallet entry, once per idempotency key. */
export async function creditRefundToWallet(
  repos: CheckoutRepositories,
  input: { readonly order: Order; readonly payment: Payment; readonly refund: Pick<Refund, 'id' | 'amount' | 'reason'>; readonly idempotencyKey: string; readonly actor?: string },
): Promise<void> {
  const credited = await repos.wallet.append({
    customerId: input.order.customerId,
    kind: 'refund_credit',
    amount: input.refund.amount,
    orderId: input.order.id,
    paymentId: input.payment.id,
    refundId: input.refund.id,
    reason: input.refund.reason,
    ...(input.actor === undefined ? {} : { actor: input.actor }),
    idempotencyKey: input.idempotencyKey,
  });
  if (!credited.ok) bug(credited.error);
}
