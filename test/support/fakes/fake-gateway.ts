/**
 * An in-memory `PaymentGateway` for unit tests of the use cases: it hands out payment ids in
 * order, answers lookups with whatever the test said the shopper did, and records every call so
 * a test can tell whether the gateway was asked at all (and how often).
 */
import type {
  GatewayId,
  InitiatedPayment,
  InitiatePaymentRequest,
  PaymentGateway,
  PaymentGateways,
  PaymentStatusReport,
  RefundReport,
  RefundRequest,
  RefundStatusQuery,
  RefundStatusReport,
} from '../../../src/payments/api.js';
import type { Money } from '../../../src/shared/money.js';

export interface FakeGatewayOptions {
  /** The gateway has a capture step (PayPal): `approved` reports are captured into `completed`. */
  readonly captures?: boolean;
  /** The gateway refunds through its API (and reads refunds back). */
  readonly refunds?: boolean;
  /** When each initiated payment expires. */
  readonly expiresAt?: string;
}

export class FakeGateway implements PaymentGateway {
  readonly initiated: InitiatePaymentRequest[] = [];
  readonly lookups: { readonly gatewayPaymentId: string; readonly expected: Money }[] = [];
  readonly captured: { readonly gatewayPaymentId: string; readonly idempotencyKey: string }[] = [];
  readonly refundsAsked: RefundRequest[] = [];
  readonly capture?: NonNullable<PaymentGateway['capture']>;
  readonly refund?: NonNullable<PaymentGateway['refund']>;
  readonly refundStatus?: NonNullable<PaymentGateway['refundStatus']>;

  private readonly reports = new Map<string, PaymentStatusReport>();
  private readonly refundAnswers: RefundReport[] = [];
  private refundRead: RefundStatusReport = { status: 'absent', gatewayStatus: 'no such refund' };

  constructor(
    readonly id: GatewayId = 'khalti',
    private readonly options: FakeGatewayOptions = {},
  ) {
    if (options.captures === true) {
      this.capture = async (gatewayPaymentId, expected, idempotencyKey) => {
        this.captured.push({ gatewayPaymentId, idempotencyKey });
        const report = this.reportOf(gatewayPaymentId);
        if (report.status !== 'approved') return report;
        return this.paid(gatewayPaymentId, { transactionId: `${gatewayPaymentId}-capture`, amount: expected });
      };
    }
    if (options.refunds === true) {
      this.refund = async (request) => {
        this.refundsAsked.push(request);
        return this.refundAnswers.shift() ?? { status: 'completed', gatewayRefundId: `${request.refundId ?? 'refund'}-at-gateway`, gatewayStatus: 'REFUNDED' };
      };
      this.refundStatus = async (_query: RefundStatusQuery) => this.refundRead;
    }
  }

  async initiate(request: InitiatePaymentRequest): Promise<InitiatedPayment> {
    this.initiated.push(request);
    const gatewayPaymentId = `${this.id}-pay-${this.initiated.length}`;
    return {
      gatewayPaymentId,
      action: { type: 'redirect', url: `https://${this.id}.test/pay/${gatewayPaymentId}` },
      expiresAt: this.options.expiresAt ?? '2026-01-10T09:30:00.000Z',
    };
  }

  async lookup(gatewayPaymentId: string, expected: Money): Promise<PaymentStatusReport> {
    this.lookups.push({ gatewayPaymentId, expected });
    return this.reportOf(gatewayPaymentId);
  }

  // ── What the test says happened at the gateway ─────────────────────────────

  /** The shopper paid: lookups now report the payment completed with this transaction and amount. */
  paid(gatewayPaymentId: string, taken: { readonly transactionId: string; readonly amount: Money }): PaymentStatusReport {
    return this.answers(gatewayPaymentId, { status: 'completed', gatewayPaymentId, transactionId: taken.transactionId, amount: taken.amount, gatewayStatus: 'Completed' });
  }

  /** The shopper approved a payment that still has to be captured. */
  approved(gatewayPaymentId: string): PaymentStatusReport {
    return this.answers(gatewayPaymentId, { status: 'approved', gatewayPaymentId, gatewayStatus: 'APPROVED' });
  }

  /** Lookups of the payment answer `report` from now on. */
  answers(gatewayPaymentId: string, report: PaymentStatusReport): PaymentStatusReport {
    this.reports.set(gatewayPaymentId, report);
    return report;
  }

  /** The next refund calls answer these, in order (then: completed). */
  refundAnswersWith(...reports: RefundReport[]): void {
    this.refundAnswers.push(...reports);
  }

  /** What reading a refund back answers. */
  refundReadsAs(report: RefundStatusReport): void {
    this.refundRead = report;
  }

  /** Nothing was paid yet: the default answer for a payment the test said nothing about. */
  private reportOf(gatewayPaymentId: string): PaymentStatusReport {
    return this.reports.get(gatewayPaymentId) ?? { status: 'pending', gatewayPaymentId, gatewayStatus: 'Initiated', notStarted: true };
  }
}

/** The gateways a deployment offers, here: exactly the fakes given. */
export function fakeGateways(...gateways: FakeGateway[]): PaymentGateways {
  const byId = new Map<GatewayId, PaymentGateway>(gateways.map((gateway) => [gateway.id, gateway]));
  return {
    has: (id) => byId.has(id),
    get: (id) => {
      const gateway = byId.get(id);
      if (gateway === undefined) throw new Error(`no fake gateway ${id}`);
      return gateway;
    },
  };
}
