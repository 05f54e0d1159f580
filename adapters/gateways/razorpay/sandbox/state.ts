import { FailNext, found, SandboxError, type SandboxState, sandboxState } from '../../sandbox-kit/index.js';
import { type CardRecord, type CustomerRecord, newId, type OrderRecord, type PaymentRecord, paymentSnapshot, type RefundRecord, type TokenRecord } from './entities.js';
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
  const customers = new Map<string, CustomerRecord>();
  const tokens = new Map<string, TokenRecord>();
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
      tokenId: null,
      customerId: null,
      card: null,
      vpa: null,
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

  /** Keeps a card for a customer; the same card again is the same token, as Razorpay's are per card. */
  function saveCard(customerId: string, card: CardRecord): TokenRecord {
    const c = card;
    const same = [...tokens.values()].find(
      (t) => t.customerId === customerId && t.card.network === c.network && t.card.last4 === c.last4 && t.card.expiryMonth === c.expiryMonth && t.card.expiryYear === c.expiryYear,
    );
    if (same !== undefined) return same;
    const t: TokenRecord = { id: `token_${newId()}`, customerId, card, usedAt: null, createdAt: now() };
    tokens.set(t.id, t);
    return t;
  }

  /**
   * The card a Checkout payment is made with: the customer's saved card (`token`), or the
   * sandbox's test card, saved as a token of the customer when the shopper consented (`save=1`).
   */
  function checkoutCard(customerId: string | undefined, choice: { readonly tokenId?: string; readonly save: boolean }): PaidCard {
    if (customerId !== undefined && !customers.has(customerId)) throw new SandboxError(`customer ${customerId} does not exist`, 400);
    if (choice.tokenId !== undefined) {
      const t = tokens.get(choice.tokenId);
      if (t === undefined || customerId === undefined || t.customerId !== customerId) throw new SandboxError(`${choice.tokenId} is not a saved card of this customer`, 400);
      return { card: t.card, customerId, tokenId: t.id };
    }
    const card = testCard();
    if (customerId === undefined || !choice.save) return { card, ...(customerId !== undefined && { customerId }) };
    return { card, customerId, tokenId: saveCard(customerId, card).id };
  }

  function pay(o: OrderRecord, opts: { amount?: number; capture?: boolean; method?: string; card?: PaidCard; vpa?: string } = {}): PaymentRecord {
    assertPayable(o);
    const p = newPayment(o, opts.amount ?? o.amount, opts.card === undefined ? (opts.method ?? 'upi') : 'card');
    if (opts.card !== undefined) {
      p.card = opts.card.card;
      p.customerId = opts.card.customerId ?? null;
      p.tokenId = opts.card.tokenId ?? null;
      const used = opts.card.tokenId === undefined ? undefined : tokens.get(opts.card.tokenId);
      if (used !== undefined) used.usedAt = now();
    } else if (p.method === 'card') p.card = testCard();
    if (opts.vpa !== undefined) p.vpa = opts.vpa;
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
    customers,
    tokens,
    saveCard,
    checkoutCard,
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

/** A card a payment is made with, and the customer and token it is kept under. */
export interface PaidCard {
  readonly card: CardRecord;
  readonly customerId?: string;
  readonly tokenId?: string;
}

/** The sandbox's test card: a Visa credit card ending 1111, expiring 12/2030. Only what Razorpay shows of a card. */
export const testCard = (overrides: Partial<Omit<CardRecord, 'id'>> = {}): CardRecord => ({
  id: `card_${newId()}`,
  network: 'Visa',
  last4: '1111',
  issuer: 'HDFC',
  type: 'credit',
  expiryMonth: 12,
  expiryYear: 2030,
  ...overrides,
});

/** A Google Pay payer's UPI address: Google Pay's handles are `@okaxis`, `@okhdfcbank`, `@okicici`, `@oksbi`. */
export const GOOGLE_PAY_VPA = 'shopper@okaxis';
