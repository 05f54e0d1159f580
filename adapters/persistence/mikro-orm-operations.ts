import type { MikroORM } from '@mikro-orm/postgresql';
import type { Page } from '../../src/checkout/ports/storefront-queries.js';
import type { AdminPayments, GatewaySwitches, PaymentFilter, PaymentRow, VerificationFailureRow, VerificationFailures } from '../../src/checkout/ports/operations.js';
import { decodeCursorKey } from './mikro-orm-storefront-queries.js';

export class MikroOrmGatewaySwitches implements GatewaySwitches {
  constructor(private readonly orm: MikroORM) {}

  async isEnabled(gateway: string): Promise<boolean> {
    const rows = await this.orm.em.fork().execute<{ enabled: boolean }[]>(`select enabled from gateway_switches where gateway = ?`, [gateway]);
    return rows[0]?.enabled ?? true;
  }

  async set(gateway: string, enabled: boolean, changedBy: string, reason: string): Promise<void> {
    await this.orm.em.fork().execute(
      `insert into gateway_switches (gateway, enabled, changed_by, reason, changed_at) values (?, ?, ?, ?, now())
       on conflict (gateway) do update set enabled = excluded.enabled, changed_by = excluded.changed_by, reason = excluded.reason, changed_at = excluded.changed_at`,
      [gateway, enabled, changedBy, reason],
    );
  }
}

interface Row {
  id: string;
  order_id: string;
  customer_id: string;
  gateway: string;
  transaction_id: string | null;
  amount_minor: string;
  currency: string;
  status: string;
  created_at: Date;
  completed_at: Date | null;
  paid_with_wallet: string | null;
}

/** A payment row with the wallet it was paid through (`google_pay`), when the gateway said. */
const toRow = (r: Row): PaymentRow & { readonly paidWithWallet?: string } => ({
  orderId: r.order_id,
  customerId: r.customer_id,
  gateway: r.gateway,
  ...(r.transaction_id ? { gatewayTransactionId: r.transaction_id } : {}),
  amountMinor: Number(r.amount_minor),
  currency: r.currency.trim(),
  status: r.status,
  createdAt: new Date(r.created_at).toISOString(),
  ...(r.completed_at ? { completedAt: new Date(r.completed_at).toISOString() } : {}),
  ...(r.paid_with_wallet ? { paidWithWallet: r.paid_with_wallet } : {}),
});

export class MikroOrmAdminPayments implements AdminPayments {
  constructor(private readonly orm: MikroORM) {}

  private async fetch(filter: PaymentFilter, limit: number, after?: [string, string]): Promise<Row[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.gateway) where.push('p.gateway = ?'), params.push(filter.gateway);
    if (filter.status) where.push('p.status = ?'), params.push(filter.status);
    if (filter.customerId) where.push('o.customer_id = ?'), params.push(filter.customerId);
    if (filter.from) where.push('p.created_at >= ?::timestamptz'), params.push(filter.from);
    if (filter.to) where.push('p.created_at < ?::timestamptz'), params.push(filter.to);
    if (after) where.push('(p.created_at, p.id) > (?::timestamptz, ?)'), params.push(after[0], after[1]);
    params.push(limit);
    return this.orm.em.fork().execute<Row[]>(
      `select p.id, p.order_id, o.customer_id, p.gateway, p.transaction_id, p.amount_minor::text, p.currency, p.status, p.created_at, p.paid_with_wallet,
              coalesce(v.verified_at, case when p.status in ('completed', 'partially_refunded', 'refunded') then p.updated_at end) as completed_at
       from payments p join orders o on o.id = p.order_id
       left join payment_verifications v on v.gateway = p.gateway and v.transaction_id = p.transaction_id
       ${where.length ? `where ${where.join(' and ')}` : ''}
       order by p.created_at, p.id limit ?`,
      params,
    );
  }

  async page(filter: PaymentFilter, limit: number, cursor?: string): Promise<Page<PaymentRow>> {
    const rows = await this.fetch(filter, limit + 1, decodeCursor(cursor));
    const kept = rows.slice(0, limit);
    const last = kept.at(-1);
    return {
      items: kept.map(toRow),
      ...(rows.length > limit && last ? { nextCursor: Buffer.from(JSON.stringify([new Date(last.created_at).toISOString(), last.id])).toString('base64url') } : {}),
    };
  }

  async *stream(filter: PaymentFilter, batchSize = 1000): AsyncIterable<PaymentRow> {
    let after: [string, string] | undefined;
    for (;;) {
      const rows = await this.fetch(filter, batchSize, after);
      for (const row of rows) yield toRow(row);
      const last = rows.at(-1);
      if (rows.length < batchSize || last === undefined) return;
      after = [new Date(last.created_at).toISOString(), last.id];
    }
  }
}

const decodeCursor = (cursor: string | undefined): [string, string] | undefined => decodeCursorKey(cursor, 'time-id');

export class MikroOrmVerificationFailures implements VerificationFailures {
  constructor(private readonly orm: MikroORM) {}

  async recent(filter: { readonly gateway?: string; readonly orderId?: string }, limit: number): Promise<VerificationFailureRow[]> {
    const rows = await this.orm.em.fork().execute<
      {
        gateway: string;
        gateway_payment_id: string;
        transaction_id: string;
        order_id: string | null;
        top_up_id: string | null;
        code: string;
        message: string;
        reported_amount_minor: string | null;
        reported_currency: string | null;
        failed_at: Date;
      }[]
    >(
      `select gateway, gateway_payment_id, transaction_id, order_id, top_up_id, code, message,
              reported_amount_minor::text as reported_amount_minor, reported_currency, failed_at
         from verification_failures
        where (?::text is null or gateway = ?) and (?::text is null or order_id = ?)
        order by failed_at desc, id desc
        limit ?`,
      [filter.gateway ?? null, filter.gateway ?? null, filter.orderId ?? null, filter.orderId ?? null, limit],
    );
    return rows.map((row) => ({
      gateway: row.gateway,
      gatewayPaymentId: row.gateway_payment_id,
      ...(row.transaction_id === '' ? {} : { transactionId: row.transaction_id }),
      ...(row.order_id === null ? {} : { orderId: row.order_id }),
      ...(row.top_up_id === null ? {} : { topUpId: row.top_up_id }),
      code: row.code,
      message: row.message,
      ...(row.reported_amount_minor === null ? {} : { reportedAmountMinor: Number(row.reported_amount_minor) }),
      ...(row.reported_currency === null ? {} : { reportedCurrency: row.reported_currency.trim() }),
      failedAt: new Date(row.failed_at).toISOString(),
    }));
  }
}
