import type { EntityManager } from '@mikro-orm/postgresql';
import type { Order, OrderLine, OrderRepository } from '../../src/orders/api.js';
import type { Payment, PaymentRepository, PaymentStatus, PaymentVerification, PaymentVerificationLedger, VerificationFailure } from '../../src/payments/api.js';
import type { StockItem, StockLevel, StockLine, StockReservations, StockError } from '../../src/inventory/api.js';
import { lockOrder, reserveAll } from '../../src/inventory/domain/stock.js';
import type { WalletEntry, WalletError, WalletLedger } from '../../src/wallet/api.js';
import { decideEntry } from '../../src/wallet/domain/wallet.js';
import type { LoyaltyEntry, LoyaltyError, LoyaltyLedger } from '../../src/loyalty/api.js';
import { decideLoyaltyEntry } from '../../src/loyalty/domain/points.js';
import type { Refund } from '../../src/payments/domain/refund.js';
import type { RefundAttention, RefundDecision, RefundRepository } from '../../src/payments/ports/refund-repository.js';
import { money, type Money } from '../../src/shared/money.js';
import { ok, type Result } from '../../src/shared/result.js';
import { OrderItemRecord, OrderRecord, PaymentRecord, PaymentVerificationRecord, ProductRecord, RefundDecisionRecord, RefundRecord } from './schemas.js';

const iso = (date: Date | null | undefined): string | undefined => (date ? date.toISOString() : undefined);
const date = (value: string | undefined): Date | null => (value === undefined ? null : new Date(value));

/**
 * Runs `work` in the caller's transaction, or in one of its own when there is none (`read`): a
 * write of several statements must commit whole, and a row lock only holds inside a transaction.
 */
const atomically = <T>(em: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> => (em.isInTransaction() ? work(em) : em.transactional((inner) => work(inner)));

export class MikroOrmOrderRepository implements OrderRepository {
  constructor(private readonly em: EntityManager) {}

  async byId(orderId: string): Promise<Order | undefined> {
    const row = await this.em.findOne(OrderRecord, { id: orderId });
    if (row === null) return undefined;
    const items = await this.em.find(OrderItemRecord, { orderId }, { orderBy: { position: 'asc' } });
    const lines: OrderLine[] = items.map((item) => ({
      sku: item.sku,
      name: item.name,
      unitPrice: money(item.unitPriceMinor, row.currency),
      quantity: item.quantity,
      lineTotal: money(item.lineTotalMinor, row.currency),
    }));
    const charged = row.discountMinor > 0 || row.taxMinor > 0 || row.deliveryMinor > 0 || row.pointsRedeemed > 0 || row.deliveryOption !== 'pickup';
    const data = {
      id: row.id,
      customerId: row.customerId,
      gateway: row.gateway,
      lines,
      subtotal: money(row.subtotalMinor, row.currency),
      total: money(row.totalMinor, row.currency),
      ...(charged
        ? {
            charges: {
              discount: money(row.discountMinor, row.currency),
              tax: money(row.taxMinor, row.currency),
              delivery: money(row.deliveryMinor, row.currency),
              deliveryOption: row.deliveryOption,
              pointsRedeemed: row.pointsRedeemed,
            },
          }
        : {}),
      placedAt: row.placedAt.toISOString(),
    };
    switch (row.status) {
      case 'pending_payment':
        return { ...data, status: 'pending_payment' };
      case 'paid':
        return { ...data, status: 'paid', paidAt: iso(row.paidAt)! };
      case 'confirmed':
        return { ...data, status: 'confirmed', paidAt: iso(row.paidAt)!, confirmedAt: iso(row.confirmedAt)! };
      case 'partially_refunded':
      case 'refunded':
        return { ...data, status: row.status, paidAt: iso(row.paidAt)!, confirmedAt: iso(row.confirmedAt)!, refunded: money(row.refundedMinor, row.currency) };
      case 'cancelled': {
        const paidAt = iso(row.paidAt);
        const cancelled = { ...data, status: 'cancelled' as const, cancelledAt: iso(row.cancelledAt)!, reason: row.cancelReason as never };
        return paidAt === undefined ? cancelled : { ...cancelled, paidAt };
      }
      default:
        throw new Error(`order ${row.id} has unknown status ${row.status}`);
    }
  }

  async save(order: Order): Promise<void> {
    const existing = await this.em.findOne(OrderRecord, { id: order.id });
    const row =
      existing ??
      this.em.create(OrderRecord, {
        id: order.id,
        customerId: order.customerId,
        gateway: order.gateway,
        status: order.status,
        currency: order.total.currency,
        subtotalMinor: order.subtotal.amountMinor,
        totalMinor: order.total.amountMinor,
        discountMinor: order.charges?.discount.amountMinor ?? 0,
        taxMinor: order.charges?.tax.amountMinor ?? 0,
        deliveryMinor: order.charges?.delivery.amountMinor ?? 0,
        deliveryOption: order.charges?.deliveryOption ?? 'pickup',
        pointsRedeemed: order.charges?.pointsRedeemed ?? 0,
        refundedMinor: 0,
        placedAt: new Date(order.placedAt),
        updatedAt: new Date(),
      });
    row.status = order.status;
    row.paidAt = 'paidAt' in order ? date(order.paidAt) : null;
    row.confirmedAt = 'confirmedAt' in order ? new Date(order.confirmedAt) : null;
    row.refundedMinor = order.status === 'partially_refunded' || order.status === 'refunded' ? order.refunded.amountMinor : 0;
    row.cancelledAt = order.status === 'cancelled' ? new Date(order.cancelledAt) : null;
    row.cancelReason = order.status === 'cancelled' ? order.reason : null;
    row.updatedAt = new Date();
    // Items reference the order, and the mapping knows no relation: the order row goes first.
    await this.em.flush();
    if (existing === null) {
      for (const [position, line] of order.lines.entries()) {
        this.em.create(OrderItemRecord, {
          orderId: order.id,
          position,
          sku: line.sku,
          name: line.name,
          unitPriceMinor: line.unitPrice.amountMinor,
          quantity: line.quantity,
          lineTotalMinor: line.lineTotal.amountMinor,
        } as OrderItemRecord);
      }
      await this.em.flush();
    }
  }
}

const toPayment = (row: PaymentRecord): Payment => ({
  id: row.id,
  orderId: row.orderId,
  gateway: row.gateway,
  amount: money(row.amountMinor, row.currency),
  status: row.status as PaymentStatus,
  ...(row.gatewayPaymentId ? { gatewayPaymentId: row.gatewayPaymentId } : {}),
  ...(row.transactionId ? { transactionId: row.transactionId } : {}),
  ...(row.redirectUrl ? { redirectUrl: row.redirectUrl } : {}),
  ...(row.action ? { action: row.action as unknown as NonNullable<Payment['action']> } : {}),
  ...(row.expiresAt ? { expiresAt: row.expiresAt.toISOString() } : {}),
});

export class MikroOrmPaymentRepository implements PaymentRepository {
  constructor(private readonly em: EntityManager) {}

  async byOrderId(orderId: string): Promise<Payment | undefined> {
    const rows = await this.em.find(PaymentRecord, { orderId }, { orderBy: { createdAt: 'asc' } });
    const row = rows.find((candidate) => candidate.gateway !== 'wallet') ?? rows[0];
    return row === undefined ? undefined : toPayment(row);
  }

  async allForOrder(orderId: string): Promise<Payment[]> {
    return (await this.em.find(PaymentRecord, { orderId }, { orderBy: { createdAt: 'asc' } })).map(toPayment);
  }

  async byId(paymentId: string): Promise<Payment | undefined> {
    const row = await this.em.findOne(PaymentRecord, { id: paymentId });
    return row === null ? undefined : toPayment(row);
  }

  async byGatewayPaymentId(gateway: string, gatewayPaymentId: string): Promise<Payment | undefined> {
    const row = await this.em.findOne(PaymentRecord, { gateway, gatewayPaymentId });
    return row === null ? undefined : toPayment(row);
  }

  async save(payment: Payment): Promise<void> {
    const now = new Date();
    const row =
      (await this.em.findOne(PaymentRecord, { id: payment.id })) ??
      this.em.create(PaymentRecord, {
        id: payment.id,
        orderId: payment.orderId,
        gateway: payment.gateway,
        status: payment.status,
        amountMinor: payment.amount.amountMinor,
        currency: payment.amount.currency,
        createdAt: now,
        updatedAt: now,
      });
    row.status = payment.status;
    row.gatewayPaymentId = payment.gatewayPaymentId ?? null;
    row.transactionId = payment.transactionId ?? null;
    row.redirectUrl = payment.redirectUrl ?? null;
    row.action = payment.action ? { ...payment.action } : null;
    row.expiresAt = date(payment.expiresAt);
    row.updatedAt = now;
    await this.em.flush();
  }
}

export class MikroOrmPaymentVerificationLedger implements PaymentVerificationLedger {
  constructor(private readonly em: EntityManager) {}

  async byTransaction(gateway: string, transactionId: string): Promise<PaymentVerification | undefined> {
    const row = await this.em.findOne(PaymentVerificationRecord, { gateway, transactionId });
    if (row === null) return undefined;
    const transaction = {
      gateway: row.gateway,
      transactionId: row.transactionId,
      gatewayPaymentId: row.gatewayPaymentId,
      amount: money(row.amountMinor, row.currency),
      verifiedAt: row.verifiedAt.toISOString(),
    };
    // The schema's check keeps exactly one of the two set.
    return row.orderId !== null && row.orderId !== undefined ? { ...transaction, orderId: row.orderId } : { ...transaction, topUpId: row.topUpId! };
  }

  async record(verification: PaymentVerification): Promise<'recorded' | 'duplicate'> {
    const rows = await this.em.execute<{ id: number }[]>(
      `insert into payment_verifications (gateway, transaction_id, gateway_payment_id, order_id, top_up_id, amount_minor, currency, verified_at)
       values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (gateway, transaction_id) do nothing returning id`,
      [
        verification.gateway,
        verification.transactionId,
        verification.gatewayPaymentId,
        verification.orderId ?? null,
        verification.topUpId ?? null,
        verification.amount.amountMinor,
        verification.amount.currency,
        new Date(verification.verifiedAt),
      ],
    );
    return rows.length === 1 ? 'recorded' : 'duplicate';
  }

  recordFailure(failure: VerificationFailure): Promise<void> {
    return insertVerificationFailure(this.em, failure);
  }
}

/** One row per (gateway, gateway payment, transaction, code): a retried verification adds nothing. */
export async function insertVerificationFailure(em: EntityManager, failure: VerificationFailure): Promise<void> {
  await em.execute(
    `insert into verification_failures
       (gateway, gateway_payment_id, transaction_id, order_id, top_up_id, code, message, reported_amount_minor, reported_currency, failed_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (gateway, gateway_payment_id, transaction_id, code) do nothing`,
    [
      failure.gateway,
      failure.gatewayPaymentId,
      failure.transactionId,
      failure.orderId ?? null,
      failure.topUpId ?? null,
      failure.code,
      failure.message.slice(0, 500),
      failure.reportedAmount?.amountMinor ?? null,
      failure.reportedAmount?.currency ?? null,
      new Date(failure.failedAt),
    ],
  );
}

export class MikroOrmStockReservations implements StockReservations {
  constructor(private readonly em: EntityManager) {}

  /**
   * Runs inside the caller's transaction (or its own): locks the products in SKU order (no
   * deadlock between two checkouts), decides with the pure domain rule, and writes only when
   * every line fits.
   */
  async reserve(orderId: string, lines: readonly StockLine[]): Promise<Result<'reserved' | 'already_reserved', StockError>> {
    return atomically(this.em, async (em) => {
      const skus = lockOrder(lines);
      // `in ()` is a syntax error: an order without lines locks no product and takes no stock.
      const rows = skus.length === 0 ? [] : await lockProducts<{ sku: string; available: number }>(em, 'sku, on_hand - reserved as available', skus);
      // Only once the products are locked: a concurrent retry of this order that got them first
      // has committed by now, and must be seen as already reserved rather than as out of stock.
      const already = await em.execute<unknown[]>(`select 1 from stock_reservations where order_id = ?`, [orderId]);
      if (already.length > 0) return ok('already_reserved');
      const decided = reserveAll(new Map(rows.map((row) => [row.sku, Number(row.available)])), lines);
      if (!decided.ok) return decided;
      const inserted = await em.execute<unknown[]>(
        `insert into stock_reservations (order_id, lines, status, reserved_at) values (?, ?::jsonb, 'reserved', now()) on conflict (order_id) do nothing returning order_id`,
        [orderId, JSON.stringify(lines.map(({ sku, quantity }) => ({ sku, quantity })))],
      );
      if (inserted.length === 0) return ok('already_reserved');
      for (const { sku, quantity } of merge(lines)) {
        await em.execute(`update products set reserved = reserved + ? where sku = ?`, [quantity, sku]);
      }
      return ok('reserved');
    });
  }

  /** The reserved units leave the shelf: on hand and reserved both fall, once. */
  async commit(orderId: string): Promise<'committed' | 'already_committed' | 'not_reserved'> {
    return this.settle(orderId, 'committed', 'update products set on_hand = on_hand - ?, reserved = reserved - ? where sku = ?');
  }

  /** The reserved units become available again, once. */
  async release(orderId: string): Promise<'released' | 'already_released' | 'not_reserved'> {
    return this.settle(orderId, 'released', 'update products set reserved = reserved - ? where sku = ?');
  }

  private async settle<S extends 'committed' | 'released'>(orderId: string, target: S, update: string): Promise<S | `already_${S}` | 'not_reserved'> {
    return atomically(this.em, async (em) => {
      const rows = await em.execute<{ status: string; lines: { sku: string; quantity: number }[] }[]>(
        `select status, lines from stock_reservations where order_id = ? for update`,
        [orderId],
      );
      const reservation = rows[0];
      if (reservation === undefined) return 'not_reserved';
      if (reservation.status === target) return `already_${target}` as const;
      if (reservation.status !== 'reserved') throw new Error(`reservation of order ${orderId} is ${reservation.status}, cannot be ${target}`);
      const lines = merge(reservation.lines);
      // The same statement as `reserve` locks with, so both take product locks in the database's
      // order (a JavaScript sort can disagree with its collation, and that order deadlocks).
      if (lines.length > 0) await lockProducts(em, 'sku', lockOrder(lines));
      for (const { sku, quantity } of lines) {
        await em.execute(update, target === 'committed' ? [quantity, quantity, sku] : [quantity, sku]);
      }
      await em.execute(`update stock_reservations set status = ?, settled_at = now() where order_id = ?`, [target, orderId]);
      return target;
    });
  }

  async lowStock(): Promise<StockLevel[]> {
    const rows = await this.em.execute<{ sku: string; on_hand: number; reserved: number; low_stock_threshold: number }[]>(
      `select sku, on_hand, reserved, low_stock_threshold from products where on_hand - reserved <= low_stock_threshold order by sku`,
    );
    return rows.map((row) => ({
      sku: row.sku,
      onHand: Number(row.on_hand),
      reserved: Number(row.reserved),
      available: Number(row.on_hand) - Number(row.reserved),
      lowStockThreshold: Number(row.low_stock_threshold),
    }));
  }

  async items(skus: readonly string[]): Promise<StockItem[]> {
    const rows = await this.em.find(ProductRecord, { sku: { $in: [...skus] } });
    return rows.map((row) => ({ sku: row.sku, name: row.name, priceMinor: row.priceMinor, currency: row.currency.trim(), onHand: row.onHand - row.reserved }));
  }
}

export class MikroOrmWalletLedger implements WalletLedger {
  constructor(private readonly em: EntityManager) {}

  /**
   * Locks the wallet's account row, then decides: a replayed key is a duplicate whatever the
   * balance now is; otherwise the pure rule checks the entry against the locked balance. The
   * entry and the new balance are written together; the account's CHECK is the last guard.
   */
  async append(entry: WalletEntry): Promise<Result<'appended' | 'duplicate', WalletError>> {
    return atomically(this.em, async (em) => {
      const { customerId } = entry;
      const { currency } = entry.amount;
      await em.execute(`insert into wallet_accounts (customer_id, currency, balance_minor) values (?, ?, 0) on conflict do nothing`, [customerId, currency]);
      const account = await em.execute<{ balance_minor: string }[]>(`select balance_minor::text from wallet_accounts where customer_id = ? and currency = ? for update`, [
        customerId,
        currency,
      ]);
      const replay = await em.execute<unknown[]>(`select 1 from wallet_entries where idempotency_key = ?`, [entry.idempotencyKey]);
      if (replay.length > 0) return ok('duplicate');
      const decided = decideEntry(money(Number(account[0]!.balance_minor), currency), entry);
      if (!decided.ok) return decided;
      // The key is unique across the ledger, but the lock is per account: an entry of another
      // account under the same key may be racing this one, and whichever commits first wins.
      const inserted = await em.execute<unknown[]>(
        `insert into wallet_entries (customer_id, kind, amount_minor, currency, order_id, payment_id, refund_id, actor, reason, idempotency_key, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) on conflict (idempotency_key) do nothing returning id`,
        [
          customerId,
          entry.kind,
          entry.amount.amountMinor,
          currency,
          entry.orderId ?? null,
          entry.paymentId ?? null,
          entry.refundId ?? null,
          entry.actor ?? null,
          entry.reason,
          entry.idempotencyKey,
        ],
      );
      if (inserted.length === 0) return ok('duplicate');
      await em.execute(`update wallet_accounts set balance_minor = balance_minor + ? where customer_id = ? and currency = ?`, [entry.amount.amountMinor, customerId, currency]);
      return ok('appended');
    });
  }

  async balance(customerId: string, currency: string): Promise<Money> {
    const rows = await this.em.execute<{ total: string | null }[]>(`select sum(amount_minor)::text as total from wallet_entries where customer_id = ? and currency = ?`, [
      customerId,
      currency,
    ]);
    return money(Number(rows[0]?.total ?? 0), currency);
  }
}

export class MikroOrmLoyaltyLedger implements LoyaltyLedger {
  constructor(private readonly em: EntityManager) {}

  /** Same shape as the wallet: lock the account, dedupe the key, decide, write entry and totals together. */
  async append(customerId: string, entry: LoyaltyEntry): Promise<Result<'appended' | 'duplicate', LoyaltyError>> {
    return atomically(this.em, async (em) => {
      await em.execute(`insert into loyalty_accounts (customer_id, balance, lifetime) values (?, 0, 0) on conflict do nothing`, [customerId]);
      const account = await em.execute<{ balance: number }[]>(`select balance from loyalty_accounts where customer_id = ? for update`, [customerId]);
      const replay = await em.execute<unknown[]>(`select 1 from loyalty_entries where idempotency_key = ?`, [entry.idempotencyKey]);
      if (replay.length > 0) return ok('duplicate');
      const decided = decideLoyaltyEntry(Number(account[0]!.balance), entry);
      if (!decided.ok) return decided;
      // As for the wallet: another account's entry under the same key may be racing this one.
      const inserted = await em.execute<unknown[]>(
        `insert into loyalty_entries (customer_id, kind, points, order_id, idempotency_key, created_at) values (?, ?, ?, ?, ?, now())
         on conflict (idempotency_key) do nothing returning id`,
        [customerId, entry.kind, entry.points, entry.orderId, entry.idempotencyKey],
      );
      if (inserted.length === 0) return ok('duplicate');
      const lifetimeChange = entry.kind === 'earn' || entry.kind === 'reverse' ? entry.points : 0;
      await em.execute(`update loyalty_accounts set balance = balance + ?, lifetime = lifetime + ? where customer_id = ?`, [entry.points, lifetimeChange, customerId]);
      return ok('appended');
    });
  }

  async balance(customerId: string): Promise<number> {
    const rows = await this.em.execute<{ total: string | null }[]>(`select sum(points)::text as total from loyalty_entries where customer_id = ?`, [customerId]);
    return Number(rows[0]?.total ?? 0);
  }

  async lifetime(customerId: string): Promise<number> {
    const rows = await this.em.execute<{ total: string | null }[]>(`select sum(points)::text as total from loyalty_entries where customer_id = ? and kind in ('earn', 'reverse')`, [
      customerId,
    ]);
    return Number(rows[0]?.total ?? 0);
  }

  async forOrder(customerId: string, orderId: string): Promise<LoyaltyEntry[]> {
    const rows = await this.em.execute<{ kind: LoyaltyEntry['kind']; points: number; order_id: string; idempotency_key: string }[]>(
      `select kind, points, order_id, idempotency_key from loyalty_entries where customer_id = ? and order_id = ? order by id`,
      [customerId, orderId],
    );
    return rows.map((row) => ({ kind: row.kind, points: Number(row.points), orderId: row.order_id, idempotencyKey: row.idempotency_key }));
  }
}

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

/** Locks the products in the database's order of SKUs; `skus` must not be empty. */
const lockProducts = <Row>(em: EntityManager, columns: string, skus: readonly string[]): Promise<Row[]> =>
  em.execute<Row[]>(`select ${columns} from products where sku in (${skus.map(() => '?').join(', ')}) order by sku for update`, [...skus]);

const merge = (lines: readonly StockLine[]): StockLine[] => {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.sku, (totals.get(line.sku) ?? 0) + line.quantity);
  return [...totals].map(([sku, quantity]) => ({ sku, quantity }));
};
