import { FailNext, found, SandboxError, type SandboxState, sandboxState } from '../../sandbox-kit/index.js';
import { newId, type OrderRecord, type PaymentRecord, paymentSnapshot, type RefundRecord } from './entities.js';
import type { RazorpaySandboxOptions, RazorpaySandboxOrder, RazorpaySandboxRequest } from './types.js';
import { RazorpayWebhooks } from './webhooks.js';

/** What the Razorpay sandbox remembers, and the changes of state the hosted page, the API and the controls share. */
export type RazorpayState = ReturnType<typeof createRazorpayState>;

export function createRazorpayState(options: RazorpaySandboxOptions) {
  const base: SandboxState<RazorpaySandboxOptions, RazorpaySandboxRequest> = sandboxState(options, new FailNext(503));
  const { now } = base;
  const orders = new Map<string, OrderRecord>();
  const payments = new Map<string, PaymentRecord>();
  const refunds = new Map<string, RefundRecord>();
  const webhooks = new RazorpayWebhooks(options, now);
  const emit = webhooks.emit.bind(webhooks);

  const existingOrder = (id: string): OrderRecord => found(orders.get(id), `order ${id}`);
  const existingPayment = (id: string): PaymentRecord => found(payments.get(id), `payment ${id}`);
  const existingRefund = (id: string): RefundRecord => found(refunds.get(id), `refund ${id}`);
  const paymentsOf = (orderId: string): PaymentRecord[] => [...payments.values()].filter((p) => p.orderId === orderId);

  function assertPayable(o: OrderRecord): void {
    if (o.status === 'paid') throw new SandboxError(`order ${o.id} is already paid`);
    if (o.checkoutExpired) throw new SandboxError(`checkout of order ${o.id} has expired`);
  }

  function newPayment(o: OrderRecord, amount: number, method: string): PaymentRecord {
    const p: PaymentRecord = {
      id: `pay_${newId()}`,
      orderId: o.id,
      status: 'created',
      amount,
      currency: o.currency,
      method,
      captured: false,
      amountRefunded: 0,
      refundStatus: null,
      errorCode: null,
      errorDescription: null,
      errorSource: null,
      errorStep: null,
      errorReason: null,
      createdAt: now(),
    };
    payments.set(p.id, p);
    o.attempts += 1;
    if (o.status === 'created') o.status = 'attempted';
    return p;
  }

  function capture(p: PaymentRecord): void {
    const o = existingOrder(p.orderId);
    p.status = 'captured';
    p.captured = true;
    o.status = 'paid';
    o.amountPaid = p.amount;
    emit('payment.captured', { payment: p });
    emit('order.paid', { payment: p, order: o });
  }

  function pay(o: OrderRecord, opts: { amount?: number; capture?: boolean; method?: string } = {}): PaymentRecord {
    assertPayable(o);
    const p = newPayment(o, opts.amount ?? o.amount, opts.method ?? 'upi');
    p.status = 'authorized';
    emit('payment.authorized', { payment: p });
    if (opts.capture !== false) capture(p);
    return p;
  }

  function fail(o: OrderRecord, reason: string, description: string, step: string): PaymentRecord {
    assertPayable(o);
    const p = newPayment(o, o.amount, 'upi');
    p.status = 'failed';
    p.errorCode = 'BAD_REQUEST_ERROR';
    p.errorDescription = description;
    p.errorSource = 'customer';
    p.errorStep = step;
    p.errorReason = reason;
    emit('payment.failed', { payment: p });
    return p;
  }
  const cancelAttempt = (o: OrderRecord) => fail(o, 'payment_cancelled', 'Payment processing cancelled by user', 'payment_authentication');

  function settleRefund(r: RefundRecord, status: string): void {
    r.status = status;
    const p = payments.get(r.paymentId);
    if (status === 'processed') emit('refund.processed', { refund: r, ...(p && { payment: p }) });
    if (status === 'failed') {
      // A failed refund gives the amount back to the payment's refundable balance.
      if (p !== undefined) {
        p.amountRefunded = Math.max(0, p.amountRefunded - r.amount);
        p.refundStatus = p.amountRefunded === 0 ? null : p.amountRefunded >= p.amount ? 'full' : 'partial';
        if (p.status === 'refunded' && p.refundStatus !== 'full') p.status = 'captured';
      }
      emit('refund.failed', { refund: r, ...(p && { payment: p }) });
    }
  }

  function orderSnapshot(o: OrderRecord): RazorpaySandboxOrder {
    return structuredClone({
      ...o,
      createdAt: o.createdAt.toISOString(),
      payments: paymentsOf(o.id).map(paymentSnapshot),
    });
  }

  return {
    ...base,
    refundStatusOnCreate: options.refundStatusOnCreate ?? 'processed',
    orders,
    payments,
    refunds,
    webhooks,
    emit,
    existingOrder,
    existingPayment,
    existingRefund,
    paymentsOf,
    orderSnapshot,
    assertPayable,
    newPayment,
    capture,
    pay,
    fail,
    cancelAttempt,
    settleRefund,
  };
}
