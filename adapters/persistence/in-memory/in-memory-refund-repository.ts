import type { Refund } from '../../../src/payments/domain/refund.js';
import type { RefundAttention, RefundDecision, RefundRepository } from '../../../src/payments/ports/refund-repository.js';
import { check, isWholeAtLeast, requireOrder } from './in-memory-constraints.js';
import { copyOf, type StateAccess } from './in-memory-state.js';
import { definedFields } from '../../../src/shared/defined.js';

const REFUND_DESTINATIONS: readonly string[] = ['gateway', 'wallet'];
const REFUND_STATUSES: readonly string[] = ['pending', 'completed', 'failed'];

export class InMemoryRefundRepository implements RefundRepository {
  constructor(private readonly access: StateAccess) {}

  /**
   * Transactions here run one at a time, so the payment is as good as locked already; like
   * `select ... for update` finding no row, an unknown payment is an error.
   */
  lockPayment(paymentId: string): Promise<void> {
    return this.access.read((state) => {
      if (!state.payments.has(paymentId)) throw new Error(`payment ${paymentId} does not exist`);
    });
  }

  /** In the order they were first saved, like `order by created_at`. */
  forPayment(paymentId: string): Promise<Refund[]> {
    return this.access.read((state) => copyOf([...state.refunds.values()].filter((refund) => refund.paymentId === paymentId)));
  }

  byId(refundId: string): Promise<Refund | undefined> {
    return this.access.read((state) => copyOf(state.refunds.get(refundId)));
  }

  /**
   * Like the `refunds` table: a new refund is stored whole; a later state changes its status,
   * gateway refund id and failure reason, never its order, payment, amount or destination.
   */
  save(refund: Refund): Promise<void> {
    return this.access.write((state) => {
      const existing = state.refunds.get(refund.id);
      const base = existing ?? refund;
      const next: Refund = {
        id: base.id,
        orderId: base.orderId,
        paymentId: base.paymentId,
        amount: base.amount,
        destination: base.destination,
        status: refund.status,
        reason: base.reason,
        requestedBy: base.requestedBy,
        ...definedFields({ gatewayRefundId: refund.gatewayRefundId, failureReason: refund.failureReason }),
      };
      if (existing === undefined) {
        requireOrder(state, next.orderId, 'refunds_order_id_fkey');
        check(state.payments.has(next.paymentId), 'refunds_payment_id_fkey', `payment ${next.paymentId} does not exist`);
        check(isWholeAtLeast(next.amount.amountMinor, 1), 'refunds_amount_minor_check', 'a refund amount must be positive');
        check(REFUND_DESTINATIONS.includes(next.destination), 'refunds_destination_check', `unknown refund destination ${next.destination}`);
      }
      check(REFUND_STATUSES.includes(next.status), 'refunds_status_check', `unknown refund status ${next.status}`);
      state.refunds.set(next.id, copyOf(next));
      if (next.status !== 'pending') state.refundAttention.delete(next.id);
    });
  }

  setAttention(refundId: string, attention: RefundAttention | undefined): Promise<void> {
    return this.access.write((state) => {
      const refund = state.refunds.get(refundId);
      if (refund === undefined) throw new Error(`refund ${refundId} does not exist`);
      if (attention === undefined) {
        state.refundAttention.delete(refundId);
        return;
      }
      check(refund.status === 'pending', 'refunds_attention_only_pending', `refund ${refundId} is ${refund.status}`);
      state.refundAttention.set(refundId, { reason: attention.reason.slice(0, 300), since: new Date(attention.since).toISOString() });
    });
  }

  attentionOf(refundId: string): Promise<RefundAttention | undefined> {
    return this.access.read((state) => copyOf(state.refundAttention.get(refundId)));
  }

  needingAttention(limit: number): Promise<{ refund: Refund; attention: RefundAttention }[]> {
    return this.access.read((state) =>
      copyOf(
        [...state.refundAttention.entries()]
          .sort(([a, x], [b, y]) => x.since.localeCompare(y.since) || a.localeCompare(b))
          .slice(0, limit)
          .map(([id, attention]) => ({ refund: state.refunds.get(id)!, attention })),
      ),
    );
  }

  recordDecision(decision: RefundDecision): Promise<void> {
    return this.access.write((state) => {
      check(state.refunds.has(decision.refundId), 'refund_decisions_refund_id_fkey', `refund ${decision.refundId} does not exist`);
      state.refundDecisions.push({ ...decision, at: new Date(decision.at).toISOString() });
    });
  }

  decisions(refundId: string): Promise<RefundDecision[]> {
    return this.access.read((state) => copyOf(state.refundDecisions.filter((d) => d.refundId === refundId)));
  }
}
