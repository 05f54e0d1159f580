/**
 * The gateway half of every payment saga, whoever the payment is for (an order's gateway part, a
 * wallet top-up): create the payment once, ask the gateway about it, verify it with the gateway's
 * own API and bind its transaction in the verification ledger. The subject's own store says where
 * its payment lives and what "paid" means for it.
 */
import type { Clock } from '../../shared/clock.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import type { Money } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import { bindClaim, type PaymentSubject, type VerificationError } from '../domain/payment.js';
import type { GatewayId, InitiatedPayment, InitiatePaymentRequest, PaymentAction, PaymentGateways, PaymentStatusReport } from '../ports/payment-gateway.js';
import type { PaymentVerificationLedger } from '../ports/payment-repository.js';

/** A subject's gateway payment as the steps see it. */
export interface SubjectPayment {
  readonly subject: PaymentSubject;
  readonly gateway: GatewayId;
  readonly amount: Money;
  /** Known once initiated, with the action and the expiry. */
  readonly gatewayPaymentId?: string | undefined;
  readonly action?: PaymentAction | undefined;
  readonly expiresAt?: string | undefined;
}

/** What the steps need of the subject's records inside one unit of work. */
export interface SubjectPaymentRecords {
  readonly verifications: PaymentVerificationLedger;
  /** The subject's gateway payment; throws when there is none (a bug in the saga, not an outcome). */
  payment(subjectId: string): Promise<SubjectPayment>;
  /** Stores what the gateway answered, before the shopper is sent to it. */
  recordInitiated(subjectId: string, initiated: InitiatedPayment): Promise<void>;
  /** The verified transaction paid the subject; called again on a replay, so it must be idempotent. */
  markPaid(subjectId: string, transactionId: string): Promise<void>;
}

/** The unit of work over a subject's records. */
export type SubjectPaymentStore = UnitOfWork<SubjectPaymentRecords>;

export interface GatewayPaymentStepsDeps {
  readonly store: SubjectPaymentStore;
  readonly gateways: PaymentGateways;
  readonly clock: Clock;
  /** Where the gateway sends the shopper's browser back. */
  readonly returnUrl: (gateway: GatewayId) => string;
  readonly websiteUrl: string;
  /** The idempotency key of the subject's capture (stable across retries: a retried capture is the same capture). */
  readonly captureKey: (subjectId: string) => string;
}

export interface VerifiedPayment {
  readonly transactionId: string;
  readonly amount: Money;
  /** False when this verification had already been recorded (a replay). */
  readonly isNew: boolean;
  /** How it was paid, where the gateway says (`PaymentStatusReport.paidWith`). */
  readonly paidWith?: NonNullable<Extract<PaymentStatusReport, { status: 'completed' }>['paidWith']>;
}

export type PaymentVerificationResult = Result<VerifiedPayment, VerificationError | DomainError<'payments.not_completed'>>;

/** What the subject tells the gateway about the payment, besides its amount. */
export type InitiateDetails = Pick<InitiatePaymentRequest, 'description' | 'idempotencyKey'> & Partial<Pick<InitiatePaymentRequest, 'customer' | 'savedMethod' | 'saveFor'>>;

export function makeGatewayPaymentSteps(deps: GatewayPaymentStepsDeps) {
  const { store, gateways, clock } = deps;

  /**
   * Creates the payment at the gateway once. The gateway's id for it is stored before the shopper
   * is redirected; a retried step returns what was stored instead of creating a second payment.
   */
  async function initiate(subjectId: string, details: InitiateDetails): Promise<InitiatedPayment> {
    const existing = await store.read((records) => records.payment(subjectId));
    if (existing.gatewayPaymentId !== undefined && existing.expiresAt !== undefined && existing.action !== undefined) {
      return { gatewayPaymentId: existing.gatewayPaymentId, action: existing.action, expiresAt: existing.expiresAt };
    }
    const initiated = await gateways.get(existing.gateway).initiate({
      orderId: existing.subject.id,
      amount: existing.amount,
      description: details.description,
      returnUrl: deps.returnUrl(existing.gateway),
      websiteUrl: deps.websiteUrl,
      ...(details.customer === undefined ? {} : { customer: details.customer }),
      idempotencyKey: details.idempotencyKey,
      ...(details.savedMethod === undefined ? {} : { savedMethod: details.savedMethod }),
      ...(details.saveFor === undefined ? {} : { saveFor: details.saveFor }),
    });
    await store.transaction((records) => records.recordInitiated(subjectId, initiated));
    return initiated;
  }

  /** Asks the gateway about the subject's payment. Reads only; never changes state. */
  async function sync(subjectId: string): Promise<PaymentStatusReport> {
    const payment = await store.read((records) => records.payment(subjectId));
    if (payment.gatewayPaymentId === undefined) throw new Error(`payment of ${payment.subject.kind} ${subjectId} was never initiated`);
    return gateways.get(payment.gateway).lookup(payment.gatewayPaymentId, payment.amount);
  }

  /**
   * Verifies the payment with the gateway's own API (capturing it first where the gateway needs
   * that), checks the exact amount, binds the transaction to the subject in the verification
   * ledger and marks the subject paid — in one transaction. A refusal is recorded for operators.
   */
  async function verify(subjectId: string): Promise<PaymentVerificationResult> {
    let report = await sync(subjectId);
    if (report.status === 'approved') {
      const payment = await store.read((records) => records.payment(subjectId));
      const gateway = gateways.get(payment.gateway);
      if (gateway.capture === undefined) throw new Error(`${payment.gateway} reported an approved payment but has no capture step`);
      report = await gateway.capture(report.gatewayPaymentId, payment.amount, deps.captureKey(subjectId));
    }
    if (report.status !== 'completed') {
      return err(domainError('payments.not_completed', `the gateway reports the payment as ${report.gatewayStatus}`, { gatewayStatus: report.gatewayStatus }));
    }
    const completed = report;
    return store.transaction(async (records) => {
      const payment = await records.payment(subjectId);
      const at = clock.now().toISOString();
      const claim = { gateway: payment.gateway, gatewayPaymentId: completed.gatewayPaymentId, transactionId: completed.transactionId, amount: completed.amount };
      const bound = bindClaim(payment, claim, await records.verifications.byTransaction(payment.gateway, completed.transactionId), at);
      if (!bound.ok) {
        // Recorded for operators: the parked saga and the logs are not the only trace.
        await records.verifications.recordFailure({
          gateway: payment.gateway,
          gatewayPaymentId: completed.gatewayPaymentId,
          transactionId: completed.transactionId,
          ...(payment.subject.kind === 'order' ? { orderId: payment.subject.id } : { topUpId: payment.subject.id }),
          code: bound.error.code,
          message: bound.error.message,
          reportedAmount: completed.amount,
          failedAt: at,
        });
        return bound;
      }
      if (bound.value.isNew && (await records.verifications.record(bound.value.verification)) === 'duplicate') {
        // Lost a race with a concurrent verification of the same transaction; the unique key decided.
        throw new Error(`verification of ${payment.gateway} transaction ${completed.transactionId} raced; retrying`);
      }
      await records.markPaid(subjectId, completed.transactionId);
      return ok({
        transactionId: completed.transactionId,
        amount: completed.amount,
        isNew: bound.value.isNew,
        ...(completed.paidWith === undefined ? {} : { paidWith: completed.paidWith }),
      });
    });
  }

  return { initiate, sync, verify };
}

export type GatewayPaymentSteps = ReturnType<typeof makeGatewayPaymentSteps>;
