import type { EntityManager } from '@mikro-orm/postgresql';
import type { Refund } from '../../src/payments/domain/refund.js';
import type { RefundAttention, RefundDecision, RefundRepository } from '../../src/payments/ports/refund-repository.js';
import { money } from '../../src/shared/money.js';
import { RefundDecisionRecord, RefundRecord } from './schemas.js';

const toRefund = (row: RefundRecord): Refund => ({
  id: row.id,
  orderId: row.orderId,
  paymentId: row.paymentId,
  amount: money(row.amountMinor, row.currency.trim()),
  destination: row.destination as Refund['destination'],
  status: row.status as Refund['status'],
  reason: row.reason,
  requestedBy: row.requestedBy,
  ...(row.gatewayRefundId ? { gatewayRefundId: row.gatewayRefundId } : {}),
  ...(row.failureReason ? { failureReason: row.failureReason } : {}),
});

export class MikroOrmRefundRepository implements RefundRepository {
  constructor(private readonly em: EntityManager) {}

  async lockPayment(paymentId: string): Promise<void> {
    const rows = await this.em.execute<unknown[]>(`select 1 from payments where id = ? for update`, [paymentId]);
    if (rows.length === 0) throw new Error(`payment ${paymentId} does not exist`);
  }

  async forPayment(paymentId: string): Promise<Refund[]> {
    return (await this.em.find(RefundRecord, { paymentId }, { orderBy: { createdAt: 'asc' } })).map(toRefund);
  }

  async byId(refundId: string): Promise<Refund | undefined> {
    const row = await this.em.findOne(RefundRecord, { id: refundId });
    return row === null ? undefined : toRefund(row);
  }

  async save(refund: Refund): Promise<void> {
    const now = new Date();
    const row =
      (await this.em.findOne(RefundRecord, { id: refund.id })) ??
      this.em.create(RefundRecord, {
        id: refund.id,
        orderId: refund.orderId,
        paymentId: refund.paymentId,
        amountMinor: refund.amount.amountMinor,
        currency: refund.amount.currency,
        destination: refund.destination,
        status: refund.status,
        reason: refund.reason,
        requestedBy: refund.requestedBy,
        createdAt: now,
        updatedAt: now,
      });
    row.status = refund.status;
    row.gatewayRefundId = refund.gatewayRefundId ?? null;
    row.failureReason = refund.failureReason ?? null;
    if (refund.status !== 'pending') {
      row.attentionReason = null;
      row.attentionSince = null;
    }
    row.updatedAt = now;
    await this.em.flush();
  }

  async setAttention(refundId: string, attention: RefundAttention | undefined): Promise<void> {
    const row = await this.em.findOne(RefundRecord, { id: refundId });
    if (row === null) throw new Error(`refund ${refundId} does not exist`);
    row.attentionReason = attention === undefined ? null : attention.reason.slice(0, 300);
    row.attentionSince = attention === undefined ? null : new Date(attention.since);
    row.updatedAt = new Date();
    await this.em.flush();
  }

  async attentionOf(refundId: string): Promise<RefundAttention | undefined> {
    const row = await this.em.findOne(RefundRecord, { id: refundId });
    return row === null ? undefined : toAttention(row);
  }

  async needingAttention(limit: number): Promise<{ refund: Refund; attention: RefundAttention }[]> {
    const rows = await this.em.find(RefundRecord, { attentionSince: { $ne: null } }, { orderBy: { attentionSince: 'asc', id: 'asc' }, limit });
    return rows.map((row) => ({ refund: toRefund(row), attention: toAttention(row)! }));
  }

  async recordDecision(decision: RefundDecision): Promise<void> {
    this.em.create(RefundDecisionRecord, {
      refundId: decision.refundId,
      action: decision.action,
      decidedBy: decision.by,
      reason: decision.reason,
      decidedAt: new Date(decision.at),
    });
    await this.em.flush();
  }

  async decisions(refundId: string): Promise<RefundDecision[]> {
    const rows = await this.em.find(RefundDecisionRecord, { refundId }, { orderBy: { decidedAt: 'asc', id: 'asc' } });
    return rows.map((row) => ({ refundId: row.refundId, action: row.action as RefundDecision['action'], by: row.decidedBy, reason: row.reason, at: row.decidedAt.toISOString() }));
  }
}

const toAttention = (row: RefundRecord): RefundAttention | undefined =>
  row.attentionReason && row.attentionSince ? { reason: row.attentionReason, since: row.attentionSince.toISOString() } : undefined;
