import type { EntityManager } from '@mikro-orm/postgresql';
import type { Order, OrderLine, OrderRepository } from '../../src/orders/api.js';
import type { Payment, PaymentRepository, PaymentStatus, PaymentVerification, PaymentVerificationLedger } from '../../src/payments/api.js';
import type { StockItem, StockLine, StockReservations, StockError } from '../../src/inventory/api.js';
import { lockOrder, reserveAll } from '../../src/inventory/domain/stock.js';
import type { WalletEntry, WalletLedger } from '../../src/wallet/api.js';
import type { LoyaltyEntry, LoyaltyLedger } from '../../src/loyalty/api.js';
import { money, type Money } from '../../src/shared/money.js';
import { ok, type Result } from '../../src/shared/result.js';
import {
  OrderItemRecord,
  OrderRecord,
  PaymentRecord,
  PaymentVerificationRecord,
  ProductRecord,
} from './schemas.js';

const iso = (date: Date | null | undefined): string | undefined => (date ? date.toISOString() : undefined);
const date = (value: string | undefined): Date | null => (value === undefined ? null : new Date(value));

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
    const data = {
      id: row.id,
      customerId: row.customerId,
      gateway: row.gateway,
      lines,
      subtotal: money(row.subtotalMinor, row.currency),
      total: money(row.totalMinor, row.currency),
      placedAt: row.placedAt.toISOString(),
    };
    switch (row.status) {
      case 'pending_payment':
        return { ...data, status: 'pending_payment' };
      case 'paid':
        return { ...data, status: 'paid', paidAt: iso(row.paidAt)! };
      case 'confirmed':
        return { ...data, status: 'confirmed', paidAt: iso(row.paidAt)!, confirmedAt: iso(row.confirmedAt)! };
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
    const row = existing ?? this.em.create(OrderRecord, {
      id: order.id,
      customerId: order.customerId,
      gateway: order.gateway,
      status: order.status,
      currency: order.total.currency,
      subtotalMinor: order.subtotal.amountMinor,
      totalMinor: order.total.amountMinor,
      placedAt: new Date(order.placedAt),
      updatedAt: new Date(),
    });
    row.status = order.status;
    row.paidAt = 'paidAt' in order ? date(order.paidAt) : null;
    row.confirmedAt = order.status === 'confirmed' ? new Date(order.confirmedAt) : null;
    row.cancelledAt = order.status === 'cancelled' ? new Date(order.cancelledAt) : null;
    row.cancelReason = order.status === 'cancelled' ? order.reason : null;
    row.updatedAt = new Date();
    // Items reference the order, and the mapping knows no relation: the order row goes first.
    await this.em.flush();
    if (existing === null) {
      order.lines.forEach((line, position) =>
        this.em.create(OrderItemRecord, {
          orderId: order.id,
          position,
          sku: line.sku,
          name: line.name,
          unitPriceMinor: line.unitPrice.amountMinor,
          quantity: line.quantity,
          lineTotalMinor: line.lineTotal.amountMinor,
        } as OrderItemRecord),
      );
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
  ...(row.expiresAt ? { expiresAt: row.expiresAt.toISOString() } : {}),
});

export class MikroOrmPaymentRepository implements PaymentRepository {
  constructor(private readonly em: EntityManager) {}

  async byOrderId(orderId: string): Promise<Payment | undefined> {
    const row = await this.em.findOne(PaymentRecord, { orderId });
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
    return {
      gateway: row.gateway,
      transactionId: row.transactionId,
      gatewayPaymentId: row.gatewayPaymentId,
      orderId: row.orderId,
      amount: money(row.amountMinor, row.currency),
      verifiedAt: row.verifiedAt.toISOString(),
    };
  }

  async record(verification: PaymentVerification): Promise<'recorded' | 'duplicate'> {
    const rows = await this.em.execute<{ id: number }[]>(
      `insert into payment_verifications (gateway, transaction_id, gateway_payment_id, order_id, amount_minor, currency, verified_at)
       values (?, ?, ?, ?, ?, ?, ?) on conflict (gateway, transaction_id) do nothing returning id`,
      [
        verification.gateway,
        verification.transactionId,
        verification.gatewayPaymentId,
        verification.orderId,
        verification.amount.amountMinor,
        verification.amount.currency,
        new Date(verification.verifiedAt),
      ],
    );
    return rows.length === 1 ? 'recorded' : 'duplicate';
  }
}

export class MikroOrmStockReservations implements StockReservations {
  constructor(private readonly em: EntityManager) {}

  /**
   * Runs inside the caller's transaction: locks the products in SKU order (no deadlock between
   * two checkouts), decides with the pure domain rule, and writes only when every line fits.
   */
  async reserve(orderId: string, lines: readonly StockLine[]): Promise<Result<'reserved' | 'already_reserved', StockError>> {
    const already = await this.em.execute<unknown[]>(`select 1 from stock_reservations where order_id = ?`, [orderId]);
    if (already.length > 0) return ok('already_reserved');
    const skus = lockOrder(lines);
    // `in ()` is a syntax error: an order without lines locks no product and takes no stock.
    const rows =
      skus.length === 0
        ? []
        : await this.em.execute<{ sku: string; on_hand: number }[]>(
            `select sku, on_hand from products where sku in (${skus.map(() => '?').join(', ')}) order by sku for update`,
            skus,
          );
    const decided = reserveAll(new Map(rows.map((row) => [row.sku, Number(row.on_hand)])), lines);
    if (!decided.ok) return decided;
    const inserted = await this.em.execute<unknown[]>(
      `insert into stock_reservations (order_id, lines, reserved_at) values (?, ?::jsonb, now()) on conflict (order_id) do nothing returning order_id`,
      [orderId, JSON.stringify(lines.map(({ sku, quantity }) => ({ sku, quantity })))],
    );
    if (inserted.length === 0) return ok('already_reserved');
    for (const sku of skus) {
      await this.em.execute(`update products set on_hand = ? where sku = ?`, [decided.value.get(sku), sku]);
    }
    return ok('reserved');
  }

  async items(skus: readonly string[]): Promise<StockItem[]> {
    const rows = await this.em.find(ProductRecord, { sku: { $in: [...skus] } });
    return rows.map((row) => ({ sku: row.sku, name: row.name, priceMinor: row.priceMinor, currency: row.currency.trim(), onHand: row.onHand }));
  }
}

export class MikroOrmWalletLedger implements WalletLedger {
  constructor(private readonly em: EntityManager) {}

  async append(entry: WalletEntry): Promise<'appended' | 'duplicate'> {
    const rows = await this.em.execute<unknown[]>(
      `insert into wallet_entries (customer_id, kind, amount_minor, currency, order_id, reason, idempotency_key, created_at)
       values (?, ?, ?, ?, ?, ?, ?, now()) on conflict (idempotency_key) do nothing returning id`,
      [entry.customerId, entry.kind, entry.amount.amountMinor, entry.amount.currency, entry.orderId, entry.reason, entry.idempotencyKey],
    );
    return rows.length === 1 ? 'appended' : 'duplicate';
  }

  async balance(customerId: string, currency: string): Promise<Money> {
    const rows = await this.em.execute<{ total: string | null }[]>(
      `select sum(amount_minor)::text as total from wallet_entries where customer_id = ? and currency = ?`,
      [customerId, currency],
    );
    return money(Number(rows[0]?.total ?? 0), currency);
  }
}

export class MikroOrmLoyaltyLedger implements LoyaltyLedger {
  constructor(private readonly em: EntityManager) {}

  async append(customerId: string, entry: LoyaltyEntry): Promise<'appended' | 'duplicate'> {
    const rows = await this.em.execute<unknown[]>(
      `insert into loyalty_entries (customer_id, kind, points, order_id, idempotency_key, created_at)
       values (?, ?, ?, ?, ?, now()) on conflict (idempotency_key) do nothing returning id`,
      [customerId, entry.kind, entry.points, entry.orderId, entry.idempotencyKey],
    );
    return rows.length === 1 ? 'appended' : 'duplicate';
  }

  async balance(customerId: string): Promise<number> {
    const rows = await this.em.execute<{ total: string | null }[]>(`select sum(points)::text as total from loyalty_entries where customer_id = ?`, [customerId]);
    return Number(rows[0]?.total ?? 0);
  }
}
