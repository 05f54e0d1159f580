import type { MikroORM } from '@mikro-orm/postgresql';
import type { CatalogItem, CheckoutRecord, LoyaltyEntryView, OrderSummary, Page, StorefrontQueries, WalletEntryView } from '../../src/checkout/ports/storefront-queries.js';

/** Keyset cursors: the last row's sort key, base64url-encoded, so pages stay stable as rows are added. */
const encode = (key: readonly (string | number)[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');
/**
 * A cursor is the sort key of the last row shown: `[id]` (a positive integer) for the ledgers,
 * `[ISO time, id]` for orders. Anything else, including a key of the wrong shape that would
 * reach SQL as a bad cast, is a cursor this service did not issue.
 */
export function decodeCursorKey(cursor: string | undefined, shape: 'id'): [number] | undefined;
export function decodeCursorKey(cursor: string | undefined, shape: 'time-id'): [string, string] | undefined;
export function decodeCursorKey(cursor: string | undefined, shape: 'id' | 'time-id'): [number] | [string, string] | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (shape === 'id' && Array.isArray(parsed) && parsed.length === 1 && Number.isInteger(parsed[0]) && (parsed[0] as number) > 0 && (parsed[0] as number) <= 2_147_483_647) {
    return [parsed[0] as number];
  }
  if (shape === 'time-id' && isTimeIdKey(parsed)) return parsed;
  throw new InvalidCursorError();
}

/** `[ISO-8601 instant, id]` as the keyset cursors write them. */
export function isTimeIdKey(value: unknown): value is [string, string] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(value[0]) &&
    !Number.isNaN(Date.parse(value[0])) &&
    typeof value[1] === 'string' &&
    value[1].length > 0 &&
    value[1].length <= 128
  );
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('the cursor is not one this service issued');
  }
}

function page<Row, T>(rows: Row[], limit: number, map: (row: Row) => T, key: (row: Row) => (string | number)[]): Page<T> {
  const more = rows.length > limit;
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return { items: kept.map(map), ...(more && last !== undefined ? { nextCursor: encode(key(last)) } : {}) };
}

export class MikroOrmStorefrontQueries implements StorefrontQueries {
  constructor(private readonly orm: MikroORM) {}

  private run<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.orm.em.fork().execute<T[]>(sql, params);
  }

  async checkoutRecord(orderId: string): Promise<CheckoutRecord> {
    const [payments, credited, earned] = await Promise.all([
      this.run<{ gateway: string; status: string; amount_minor: string; currency: string; gateway_payment_id: string | null; transaction_id: string | null }>(
        `select gateway, status, amount_minor::text, currency, gateway_payment_id, transaction_id from payments where order_id = ? order by created_at, id`,
        [orderId],
      ),
      // Saga compensations name the order and no refund; an operator's refund names its refund.
      this.run<{ total: string }>(
        `select coalesce(sum(amount_minor), 0)::text as total from wallet_entries
         where order_id = ? and refund_id is null and kind in ('order_payment_return', 'refund_credit')`,
        [orderId],
      ),
      this.run<{ total: string | null }>(`select sum(points)::text as total from loyalty_entries where order_id = ? and kind = 'earn'`, [orderId]),
    ]);
    const points = earned[0]?.total;
    return {
      payments: payments.map((p) => ({
        gateway: p.gateway,
        status: p.status,
        amountMinor: Number(p.amount_minor),
        currency: p.currency.trim(),
        ...(p.gateway_payment_id === null ? {} : { gatewayPaymentId: p.gateway_payment_id }),
        ...(p.transaction_id === null ? {} : { transactionId: p.transaction_id }),
      })),
      refundedToWalletMinor: Number(credited[0]?.total ?? 0),
      ...(points === null || points === undefined ? {} : { pointsEarned: Number(points) }),
    };
  }

  async catalog(currency: string): Promise<CatalogItem[]> {
    const rows = await this.run<{ sku: string; name: string; price_minor: string; currency: string; available: number }>(
      `select p.sku, p.name, pp.price_minor::text, pp.currency, p.on_hand - p.reserved as available
         from products p join product_prices pp on pp.sku = p.sku and pp.currency = ? order by p.sku`,
      [currency],
    );
    return rows.map((r) => ({ sku: r.sku, name: r.name, priceMinor: Number(r.price_minor), currency: r.currency.trim(), available: Number(r.available) }));
  }

  async walletEntries(customerId: string, currency: string, limit: number, cursor?: string): Promise<Page<WalletEntryView>> {
    const after = decodeCursorKey(cursor, 'id');
    const rows = await this.run<{
      id: number;
      kind: string;
      amount_minor: string;
      currency: string;
      order_id: string | null;
      refund_id: string | null;
      reason: string;
      created_at: Date;
    }>(
      `select id, kind, amount_minor::text, currency, order_id, refund_id, reason, created_at from wallet_entries
       where customer_id = ? and currency = ? ${after ? 'and id < ?' : ''} order by id desc limit ?`,
      after ? [customerId, currency, after[0], limit + 1] : [customerId, currency, limit + 1],
    );
    return page(
      rows,
      limit,
      (r) => ({
        id: String(r.id),
        kind: r.kind,
        amountMinor: Number(r.amount_minor),
        currency: r.currency.trim(),
        ...(r.order_id ? { orderId: r.order_id } : {}),
        ...(r.refund_id ? { refundId: r.refund_id } : {}),
        reason: r.reason,
        createdAt: new Date(r.created_at).toISOString(),
      }),
      (r) => [r.id],
    );
  }

  async loyaltyHistory(customerId: string, limit: number, cursor?: string): Promise<Page<LoyaltyEntryView>> {
    const after = decodeCursorKey(cursor, 'id');
    const rows = await this.run<{ id: number; kind: string; points: number; order_id: string | null; created_at: Date }>(
      `select id, kind, points, order_id, created_at from loyalty_entries where customer_id = ? ${after ? 'and id < ?' : ''} order by id desc limit ?`,
      after ? [customerId, after[0], limit + 1] : [customerId, limit + 1],
    );
    return page(
      rows,
      limit,
      (r) => ({ id: String(r.id), kind: r.kind, points: Number(r.points), ...(r.order_id ? { orderId: r.order_id } : {}), createdAt: new Date(r.created_at).toISOString() }),
      (r) => [r.id],
    );
  }

  async orders(customerId: string, limit: number, cursor?: string, statuses?: readonly string[]): Promise<Page<OrderSummary>> {
    const after = decodeCursorKey(cursor, 'time-id');
    if (statuses !== undefined && statuses.length === 0) return { items: [] };
    const rows = await this.run<{
      id: string;
      status: string;
      gateway: string;
      total_minor: string;
      currency: string;
      placed_at: Date;
      fulfilment_status: string;
      carrier: string | null;
      tracking_number: string | null;
    }>(
      `select o.id, o.status, o.gateway, o.total_minor::text, o.currency, o.placed_at, o.fulfilment_status, shipped.carrier, shipped.tracking_number
       from orders o left join fulfilment_events shipped on shipped.order_id = o.id and shipped.to_status = 'shipped'
       where o.customer_id = ? ${statuses ? `and o.status in (${statuses.map(() => '?').join(', ')})` : ''} ${after ? 'and (o.placed_at, o.id) < (?::timestamptz, ?)' : ''}
       order by o.placed_at desc, o.id desc limit ?`,
      [customerId, ...(statuses ?? []), ...(after ? [after[0], after[1]] : []), limit + 1],
    );
    return page(
      rows,
      limit,
      (r) => ({
        orderId: r.id,
        status: r.status,
        gateway: r.gateway,
        totalMinor: Number(r.total_minor),
        currency: r.currency.trim(),
        placedAt: new Date(r.placed_at).toISOString(),
        fulfilmentStatus: r.fulfilment_status,
        ...(r.carrier !== null && r.tracking_number !== null ? { shipment: { carrier: r.carrier, trackingNumber: r.tracking_number } } : {}),
      }),
      (r) => [new Date(r.placed_at).toISOString(), r.id],
    );
  }
}
