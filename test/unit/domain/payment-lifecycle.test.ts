import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Payment, PaymentStatus } from '../../../src/payments/domain/payment.js';
import { decidePayment, type PaymentCommand } from '../../../src/payments/domain/payment-lifecycle.js';
import { npr, usd } from '../../support/mothers/money.js';
import { aPaymentIn, PAYMENT_STATUSES } from '../../support/mothers/payment.js';
import { errorOf, okValue } from '../../support/result.js';

/** The payment is 100000 NPR; a completed one carries txn_1. */
const COMMANDS = {
  start: { type: 'StartProcessing' },
  complete: { type: 'CompletePayment', transactionId: 'txn_1' },
  completeOther: { type: 'CompletePayment', transactionId: 'txn_2' },
  fail: { type: 'FailPayment' },
  cancel: { type: 'CancelPayment' },
  expire: { type: 'ExpirePayment' },
  refundNone: { type: 'RecordPaymentRefunds', refundedTotal: npr(0) },
  refundPart: { type: 'RecordPaymentRefunds', refundedTotal: npr(40_000) },
  refundAll: { type: 'RecordPaymentRefunds', refundedTotal: npr(100_000) },
} as const satisfies Record<string, PaymentCommand>;

type CommandName = keyof typeof COMMANDS;

/** What each command does in each status: the status it moves to, 'same' for an accepted no-op, or 'refused'. */
type Outcome = PaymentStatus | 'same' | 'refused';
const R = 'refused';

/** A payment not yet settled: every command but `start` takes pending and processing alike. */
const UNSETTLED = {
  complete: 'completed',
  completeOther: 'completed',
  fail: 'failed',
  cancel: 'cancelled',
  expire: 'expired',
  refundNone: R,
  refundPart: R,
  refundAll: R,
} as const satisfies Omit<Record<CommandName, Outcome>, 'start'>;

const TABLE: Record<PaymentStatus, Record<CommandName, Outcome>> = {
  pending: { start: 'processing', ...UNSETTLED },
  processing: { start: 'same', ...UNSETTLED },
  completed: { start: R, complete: 'same', completeOther: R, fail: R, cancel: R, expire: R, refundNone: 'same', refundPart: 'partially_refunded', refundAll: 'refunded' },
  partially_refunded: { start: R, complete: 'same', completeOther: R, fail: R, cancel: R, expire: R, refundNone: 'same', refundPart: 'same', refundAll: 'refunded' },
  refunded: { start: R, complete: 'same', completeOther: R, fail: R, cancel: R, expire: R, refundNone: 'same', refundPart: 'same', refundAll: 'same' },
  failed: { start: R, complete: R, completeOther: R, fail: 'same', cancel: R, expire: R, refundNone: R, refundPart: R, refundAll: R },
  cancelled: { start: R, complete: R, completeOther: R, fail: R, cancel: 'same', expire: R, refundNone: R, refundPart: R, refundAll: R },
  expired: { start: R, complete: R, completeOther: R, fail: R, cancel: R, expire: 'same', refundNone: R, refundPart: R, refundAll: R },
};

/** The payment without its status, to compare everything else. */
function withoutStatus(payment: Payment): Omit<Payment, 'status'> {
  const { status: _, ...rest } = payment;
  return rest;
}

const cases = PAYMENT_STATUSES.flatMap((status) => (Object.keys(COMMANDS) as CommandName[]).map((name) => [status, name, TABLE[status][name]] as const));

describe('decidePayment: every status × every command', () => {
  it('covers every status', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...PAYMENT_STATUSES].sort());
  });

  it.each(cases)('given a %s payment, when %s, then %s', (status, name, outcome) => {
    const payment = aPaymentIn(status);
    const decided = decidePayment(payment, COMMANDS[name]);

    if (outcome === 'refused') {
      const error = errorOf(decided);
      expect(error.code).toBe('payments.invalid_transition');
      expect(error.details).toEqual({ paymentId: payment.id, status });
      expect(error.message).toContain(COMMANDS[name].type);
    } else if (outcome === 'same') {
      expect(okValue(decided)).toEqual(payment);
    } else {
      const { status: next, ...rest } = okValue(decided);
      expect(next).toBe(outcome);
      const expectedTransaction = name === 'complete' || name === 'completeOther' ? { transactionId: COMMANDS[name].transactionId } : {};
      expect(rest).toEqual({ ...withoutStatus(payment), ...expectedTransaction });
    }
  });
});

describe('decidePayment: refund totals that cannot be right', () => {
  it.each<[string, PaymentCommand]>([
    ['above the payment', { type: 'RecordPaymentRefunds', refundedTotal: npr(100_001) }],
    ['negative', { type: 'RecordPaymentRefunds', refundedTotal: npr(-1) }],
    ['in another currency', { type: 'RecordPaymentRefunds', refundedTotal: usd(40_000) }],
  ])('given a completed payment, when a refund total %s is recorded, then payments.invalid_transition', (_, command) => {
    expect(errorOf(decidePayment(aPaymentIn('completed'), command)).code).toBe('payments.invalid_transition');
  });
});

describe('decidePayment: the happy paths', () => {
  it('given a new payment, when processed, completed, partly and then fully refunded, then it passes through each status in turn', () => {
    const steps: PaymentCommand[] = [COMMANDS.start, COMMANDS.complete, COMMANDS.refundPart, COMMANDS.refundAll];
    const statuses: PaymentStatus[] = [];
    steps.reduce((payment, command) => {
      const next = okValue(decidePayment(payment, command));
      statuses.push(next.status);
      return next;
    }, aPaymentIn('pending'));

    expect(statuses).toEqual(['processing', 'completed', 'partially_refunded', 'refunded']);
  });
});

const anyCommand: fc.Arbitrary<PaymentCommand> = fc.oneof(
  fc.constantFrom<PaymentCommand>(...Object.values(COMMANDS)),
  fc.integer({ min: 0, max: 100_000 }).map((minor): PaymentCommand => ({ type: 'RecordPaymentRefunds', refundedTotal: npr(minor) })),
);

const CLOSED_UNPAID: readonly PaymentStatus[] = ['failed', 'cancelled', 'expired'];
const MONEY_MOVED: readonly PaymentStatus[] = ['completed', 'partially_refunded', 'refunded'];

describe('decidePayment: any sequence of commands', () => {
  it('given any commands from a new payment, then every accepted repeat is a no-op, and once closed or paid it never goes back', () => {
    fc.assert(
      fc.property(fc.array(anyCommand, { maxLength: 15 }), (commands) => {
        let payment = aPaymentIn('pending');
        for (const command of commands) {
          const decided = decidePayment(payment, command);
          if (!decided.ok) {
            expect(decided.error.code).toBe('payments.invalid_transition');
            continue;
          }
          const next = decided.value;
          expect(okValue(decidePayment(next, command))).toEqual(next);
          if (CLOSED_UNPAID.includes(payment.status)) expect(next).toEqual(payment);
          if (MONEY_MOVED.includes(payment.status)) {
            expect(MONEY_MOVED).toContain(next.status);
            expect(next.transactionId).toBe(payment.transactionId);
          }
          if (payment.status === 'refunded') expect(next.status).toBe('refunded');
          if (payment.status === 'partially_refunded') expect(next.status).not.toBe('completed');
          payment = next;
        }
      }),
    );
  });
});
