import type { Money } from '../../shared/money.js';
import type { DomainError, Result } from '../../shared/result.js';
import type { LatePaymentOwner, LatePaymentResolution, LatePaymentSource } from '../domain/late-payment.js';
import type { GatewayId } from './payment-gateway.js';
import type { PaymentVerificationLedger } from './payment-repository.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';

/**
 * What late payments need of a wallet: one credit, idempotent on its key. Payments defines it and
 * the wallet's ledger satisfies it, so payments depends on no module above it.
 */
export interface LatePaymentCredits {
  append(entry: LatePaymentCredit): Promise<Result<'appended' | 'duplicate', DomainError>>;
}

export interface LatePaymentCredit {
  readonly customerId: string;
  /** A late payment for a closed order is a refund credit; one for a failed top-up, the top-up. */
  readonly kind: 'refund_credit' | 'top_up';
  readonly amount: Money;
  readonly orderId?: string;
  readonly paymentId?: string;
  readonly reason: string;
  readonly idempotencyKey: string;
}

/** A callback (webhook or browser return) or a reconciliation finding about one gateway payment. */
export interface LatePaymentReport {
  readonly gateway: GatewayId;
  readonly gatewayPaymentId: string;
  readonly source: LatePaymentSource;
  /** ISO-8601. */
  readonly receivedAt: string;
}

/**
 * - `started`: the payment belongs to a checkout or top-up we gave up on; its late-payment saga
 *   runs (started now, or already running);
 * - `not_late`: its saga has not given up (still running, or the money was kept): nothing to do here;
 * - `resolved`: a late payment already recorded and settled (credited, parked or dismissed);
 * - `unmatched`: no checkout or top-up of ours has that payment.
 */
export type LatePaymentIntakeOutcome = 'started' | 'not_late' | 'resolved' | 'unmatched';

/**
 * The intake of late payments, for every path a callback reaches us by (webhooks, browser
 * returns) and for the reconciliation. Cheap to call on any callback: it starts the durable
 * late-payment saga only when the payment's checkout or top-up gave up on it. Idempotent: any
 * number of reports of one payment run one saga (`late-payment-<gateway>-<gatewayPaymentId>`).
 */
export interface LatePayments {
  report(report: LatePaymentReport): Promise<LatePaymentIntakeOutcome>;
}

/** What a late-payment saga starts from; JSON-serialisable. */
export interface LatePaymentSagaInput {
  readonly gateway: GatewayId;
  readonly gatewayPaymentId: string;
  readonly source: LatePaymentSource;
  readonly detectedAt: string;
}

/** The late-payment sagas on the workflow engine. */
export interface LatePaymentSagas {
  /** Starts the saga unless one runs for the payment already (then it is left as it is). */
  start(input: LatePaymentSagaInput, owner: LatePaymentOwner): Promise<void>;
}

/** One late payment as recorded, with its resolution. */
export interface LatePaymentRecord {
  readonly gateway: string;
  readonly gatewayPaymentId: string;
  readonly orderId?: string;
  readonly paymentId?: string;
  readonly topUpId?: string;
  readonly customerId: string;
  readonly transactionId?: string;
  /** What the gateway verifiably took (absent when nothing was). */
  readonly amount?: Money;
  readonly gatewayStatus?: string;
  readonly source: LatePaymentSource;
  readonly resolution: LatePaymentResolution;
  readonly attentionCode?: string;
  readonly detail?: string;
  /** The wallet entry that credited it, by its idempotency key. */
  readonly walletEntryKey?: string;
  readonly workflowId: string;
  readonly detectedAt: string;
  readonly resolvedAt?: string;
  readonly decidedBy?: string;
}

/** Each field narrows the list; absent (or undefined, as a parsed query leaves it) does not. */
export interface LatePaymentFilter {
  readonly resolution?: LatePaymentResolution | undefined;
  readonly gateway?: string | undefined;
  readonly customerId?: string | undefined;
}

/** Late payments, one per (gateway, gateway payment id). */
export interface LatePaymentRepository {
  byGatewayPayment(gateway: string, gatewayPaymentId: string): Promise<LatePaymentRecord | undefined>;
  /** Inserts, or replaces the one recorded for the same payment. */
  save(record: LatePaymentRecord): Promise<void>;
  /** Newest first. */
  list(filter: LatePaymentFilter, limit: number): Promise<LatePaymentRecord[]>;
}

/** A payment we gave up on recently whose next reconciliation check is due. */
export interface DueLateCheck {
  readonly gateway: GatewayId;
  readonly gatewayPaymentId: string;
  readonly kind: LatePaymentOwner['kind'];
  readonly checksDone: number;
}

export interface LatePaymentRepositories {
  /** The closed checkout payment or top-up a gateway payment belongs to; `lock` holds its row to the end of the transaction. */
  owner(gateway: string, gatewayPaymentId: string, lock?: boolean): Promise<LatePaymentOwner | undefined>;
  /** The verification ledger shared with checkouts and top-ups, unique on (gateway, transaction id). */
  readonly verifications: PaymentVerificationLedger;
  readonly wallet: LatePaymentCredits;
  /** The failed top-up was paid after all and its wallet entry written under `walletEntryKey`. */
  markTopUpCredited(topUpId: string, transactionId: string, walletEntryKey: string, at: string): Promise<void>;
  readonly latePayments: LatePaymentRepository;
  /** Payments closed since `closedAfter` whose next check is due at `now`, oldest first. */
  dueChecks(now: string, closedAfter: string, limit: number): Promise<DueLateCheck[]>;
  /** Counts one more reconciliation check of the payment. */
  recordCheck(gateway: string, gatewayPaymentId: string, gatewayStatus: string, at: string): Promise<void>;
}

/** The unit of work of one late-payment use case: everything in `transaction` commits together. */
export type LatePaymentStore = UnitOfWork<LatePaymentRepositories>;
