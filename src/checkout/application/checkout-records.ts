import { applyOrderCommand, type Order, type OrderError } from '../../orders/api.js';
import { decidePayment, type GatewayId, type Payment, type PaymentCommand, type SubjectPaymentRecords } from '../../payments/api.js';
import type { DomainError } from '../../shared/result.js';
import type { CheckoutRepositories } from '../ports/checkout-store.js';

/** A transition the saga asked for and the lifecycle refused is a bug in the saga, not a business outcome. */
export const bug = (error: DomainError): never => {
  throw new Error(error.message);
};

/** How the checkout steps read and move an order and its payments inside one unit of work. */
export function checkoutRecords(now: () => string) {
  const loadOrder = async (repos: CheckoutRepositories, orderId: string): Promise<Order> => {
    const order = await repos.orders.byId(orderId);
    if (order === undefined) throw new Error(`order ${orderId} does not exist`);
    return order;
  };
  const gatewayPayment = async (repos: CheckoutRepositories, orderId: string): Promise<Payment> => {
    const payment = (await repos.payments.allForOrder(orderId)).find((p) => p.gateway !== 'wallet');
    if (payment === undefined) throw new Error(`order ${orderId} has no gateway payment`);
    return payment;
  };
  const walletPayment = async (repos: CheckoutRepositories, orderId: string): Promise<Payment | undefined> =>
    (await repos.payments.allForOrder(orderId)).find((p) => p.gateway === 'wallet');
  const movePayment = async (repos: CheckoutRepositories, payment: Payment, command: PaymentCommand): Promise<Payment> => {
    const decided = decidePayment(payment, command);
    if (!decided.ok) return bug(decided.error);
    if (decided.value !== payment) await repos.payments.save(decided.value);
    return decided.value;
  };
  const moveOrder = async (repos: CheckoutRepositories, orderId: string, command: Parameters<typeof applyOrderCommand>[1]): Promise<Order> => {
    const applied = applyOrderCommand(await loadOrder(repos, orderId), command);
    if (!applied.ok) return bug(applied.error as OrderError);
    if (applied.value.events.length > 0) await repos.orders.save(applied.value.order);
    return applied.value.order;
  };

  /** An order's gateway part, as the shared gateway steps see it. */
  const orderPayments = (repos: CheckoutRepositories): SubjectPaymentRecords => ({
    verifications: repos.verifications,
    async payment(orderId) {
      const payment = await gatewayPayment(repos, orderId);
      const action = payment.action ?? (payment.redirectUrl === undefined ? undefined : { type: 'redirect' as const, url: payment.redirectUrl });
      return {
        subject: { kind: 'order', id: orderId },
        gateway: payment.gateway as GatewayId,
        amount: payment.amount,
        gatewayPaymentId: payment.gatewayPaymentId,
        action,
        expiresAt: payment.expiresAt,
      };
    },
    async recordInitiated(orderId, initiated) {
      const payment = await gatewayPayment(repos, orderId);
      await repos.payments.save({
        ...payment,
        gatewayPaymentId: initiated.gatewayPaymentId,
        redirectUrl: initiated.action.url,
        action: initiated.action,
        expiresAt: initiated.expiresAt,
      });
    },
    async markPaid(orderId, transactionId) {
      await movePayment(repos, await gatewayPayment(repos, orderId), { type: 'CompletePayment', transactionId });
      await moveOrder(repos, orderId, { type: 'MarkOrderPaid', at: now() });
    },
  });

  return { loadOrder, gatewayPayment, walletPayment, movePayment, moveOrder, orderPayments };
}

export type CheckoutRecords = ReturnType<typeof checkoutRecords>;
