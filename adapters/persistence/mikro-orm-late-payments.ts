import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { GatewayId } from '../../src/payments/api.js';
import { LATE_CHECK_OFFSETS_MS, type LatePaymentOwner, type LatePaymentResolution, type LatePaymentSource } from '../../src/payments/domain/late-payment.js';
import type {
  DueLateCheck,
  LatePaymentFilter,
  LatePaymentRecord,
  LatePaymentRepositories,
  LatePaymentRepository,
  LatePaymentStore,
} from '../../src/payments/ports/late-payments.js';
import { presentFields } from '../../src/shared/defined.js';
import { money } from '../../src/shared/money.js';
import { MikroOrmPaymentVerificationLedger, MikroOrmWalletLedger } from './mikro-orm-repositories.js';
import { MikroOrmUnitOfWork } from './mikro-orm-unit-of-work.js';

const iso = (value: Date | string): string => new Date(value).toISOString();

interface LatePaymentRow {
  gateway: string;
  gateway_payment_id: string;
  order_id: string | null;
  payment_id: string | null;
  top_up_id: string | null;
  customer_id: string;
  transaction_id: string | null;
  amount_minor: string | null;
  currency: string | null;
  gateway_status: string | null;
  source: LatePaymentSource;
  resolution: LatePaymentResolution;
  attention_code: string | null;
  detail: string | null;
  wallet_entry_key: string | null;
  workflow_id: string;
  decided_by: string | null;
  detected_at: Date | string;
  resolved_at: Date | string | null;
}

const COLUMNS = `gateway, gateway_payment_id, order_id, payment_id, top_up_id, customer_id, transaction_id, amount_minor::text as amount_minor, currency,
  gateway_status, source, resolution, attention_code, detail, wallet_entry_key, workflow_id, decided_by, detected_at, resolved_at`;

const toRecord = (row: LatePaymentRow): LatePaymentRecord => ({
  gateway: row.gateway,
  gatewayPaymentId: row.gateway_payment_id,
  customerId: row.customer_id,
  source: row.source,
  resolution: row.resolution,
  workflowId: row.workflow_id,
  detectedAt: iso(row.detected_at),
  ...(row.amount_minor !== null && row.currency !== null ? { amount: money(Number(row.amount_minor), row.currency.trim()) } : {}),
  ...presentFields({
    orderId: row.order_id,
    paymentId: row.payment_id,
    topUpId: row.top_up_id,
    transactionId: row.transaction_id,
    gatewayStatus: row.gateway_status,
    attentionCode: row.attention_code,
    detail: row.detail,
    walletEntryKey: row.wallet_entry_key,
    decidedBy: row.decided_by,
    resolvedAt: row.resolved_at ? iso(row.resolved_at) : undefined,
  }),
});

export class MikroOrmLatePaymentRepository implements LatePaymentRepository {
  constructor(private readonly em: EntityManager) {}

  async byGatewayPayment(gateway: string, gatewayPaymentId: string): Promise<LatePaymentRecord | undefined> {
    const rows = await this.em.execute<LatePaymentRow[]>(`select ${COLUMNS} from late_payments where gateway = ? and gateway_payment_id = ?`, [gateway, gatewayPaymentId]);
    return rows[0] === undefined ? undefined : toRecord(rows[0]);
  }

  async save(record: LatePaymentRecord): Promise<void> {
    await this.em.execute(
      `insert into late_payments (gateway, gateway_payment_id, order_id, payment_id, top_up_id, customer_id, transaction_id, amount_minor, currency, gateway_status,
         source, resolution, attention_code, detail, wallet_entry_key, workflow_id, decided_by, detected_at, resolved_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
       on conflict (gateway, gateway_payment_id) do update set transaction_id = excluded.transaction_id, amount_minor = excluded.amount_minor,
         currency = excluded.currency, gateway_status = excluded.gateway_status, source = excluded.source, resolution = excluded.resolution,
         attention_code = excluded.attention_code, detail = excluded.detail, wallet_entry_key = excluded.wallet_entry_key, workflow_id = excluded.workflow_id,
         decided_by = excluded.decided_by, detected_at = excluded.detected_at, resolved_at = excluded.resolved_at, updated_at = now()`,
      [
        record.gateway,
        record.gatewayPaymentId,
        record.orderId ?? null,
        record.paymentId ?? null,
        record.topUpId ?? null,
        record.customerId,
        record.transactionId ?? null,
        record.amount?.amountMinor ?? null,
        record.amount?.currency ?? null,
        record.gatewayStatus?.slice(0, 64) ?? null,
        record.source,
        record.resolution,
        record.attentionCode ?? null,
        record.detail?.slice(0, 500) ?? null,
        record.walletEntryKey ?? null,
        record.workflowId,
        record.decidedBy ?? null,
        new Date(record.detectedAt),
        record.resolvedAt === undefined ? null : new Date(record.resolvedAt),
      ],
    );
  }

  async list(filter: LatePaymentFilter, limit: number): Promise<LatePaymentRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.resolution) where.push('resolution = ?'), params.push(filter.resolution);
    if (filter.gateway) where.push('gateway = ?'), params.push(filter.gateway);
    if (filter.customerId) where.push('customer_id = ?'), params.push(filter.customerId);
    params.push(limit);
    const rows = await this.em.execute<LatePaymentRow[]>(
      `select ${COLUMNS} from late_payments ${where.length ? `where ${where.join(' and ')}` : ''} order by detected_at desc, id desc limit ?`,
      params,
    );
    return rows.map(toRecord);
  }
}

// The reconciliation's back-off as a PostgreSQL array (constants, not input): element n+1 is the offset of check n.
const OFFSETS_SQL = `array[${LATE_CHECK_OFFSETS_MS.map((ms) => String(Math.trunc(ms))).join(', ')}]::bigint[]`;

class MikroOrmLatePaymentRepositories implements LatePaymentRepositories {
  readonly wallet: MikroOrmWalletLedger;
  readonly verifications: MikroOrmPaymentVerificationLedger;
  readonly latePayments: MikroOrmLatePaymentRepository;

  constructor(private readonly em: EntityManager) {
    this.wallet = new MikroOrmWalletLedger(em);
    this.verifications = new MikroOrmPaymentVerificationLedger(em);
    this.latePayments = new MikroOrmLatePaymentRepository(em);
  }

  async owner(gateway: string, gatewayPaymentId: string, lock = false): Promise<LatePaymentOwner | undefined> {
    const payments = await this.em.execute<{ id: string; order_id: string; customer_id: string; amount_minor: string; currency: string; status: string; updated_at: Date }[]>(
      `select p.id, p.order_id, o.customer_id, p.amount_minor::text as amount_minor, p.currency, p.status, p.updated_at
       from payments p join orders o on o.id = p.order_id where p.gateway = ? and p.gateway_payment_id = ?${lock ? ' for update of p' : ''}`,
      [gateway, gatewayPaymentId],
    );
    const payment = payments[0];
    if (payment !== undefined) {
      return {
        kind: 'order',
        orderId: payment.order_id,
        paymentId: payment.id,
        customerId: payment.customer_id,
        expected: money(Number(payment.amount_minor), payment.currency.trim()),
        status: payment.status,
        closedAt: iso(payment.updated_at),
      };
    }
    const topUps = await this.em.execute<{ id: string; customer_id: string; amount_minor: string; currency: string; status: string; updated_at: Date }[]>(
      `select id, customer_id, amount_minor::text as amount_minor, currency, status, updated_at from wallet_top_ups where gateway = ? and gateway_payment_id = ?${lock ? ' for update' : ''}`,
      [gateway, gatewayPaymentId],
    );
    const topUp = topUps[0];
    if (topUp === undefined) return undefined;
    return {
      kind: 'top_up',
      topUpId: topUp.id,
      customerId: topUp.customer_id,
      expected: money(Number(topUp.amount_minor), topUp.currency.trim()),
      status: topUp.status,
      closedAt: iso(topUp.updated_at),
    };
  }

  async markTopUpCredited(topUpId: string, transactionId: string, walletEntryKey: string, at: string): Promise<void> {
    await this.em.execute(`update wallet_entries set top_up_id = ? where idempotency_key = ?`, [topUpId, walletEntryKey]);
    await this.em.execute(`update wallet_top_ups set status = 'credited', transaction_id = ?, failure_reason = null, credited_at = ?, updated_at = now() where id = ?`, [
      transactionId,
      new Date(at),
      topUpId,
    ]);
  }

  async dueChecks(now: string, closedAfter: string, limit: number): Promise<DueLateCheck[]> {
    const rows = await this.em.execute<{ gateway: GatewayId; gateway_payment_id: string; kind: 'order' | 'top_up'; checks_done: number }[]>(
      `with gave_up as (
         select p.gateway, p.gateway_payment_id, 'order' as kind, p.updated_at as closed_at from payments p
          where p.status in ('expired', 'cancelled', 'failed') and p.gateway_payment_id is not null and p.updated_at >= ?::timestamptz
         union all
         select t.gateway, t.gateway_payment_id, 'top_up' as kind, t.updated_at as closed_at from wallet_top_ups t
          where t.status = 'failed' and t.gateway_payment_id is not null and t.updated_at >= ?::timestamptz
       )
       select g.gateway, g.gateway_payment_id, g.kind, coalesce(c.checks_done, 0) as checks_done
       from gave_up g
       left join late_payment_checks c on c.gateway = g.gateway and c.gateway_payment_id = g.gateway_payment_id
       left join late_payments l on l.gateway = g.gateway and l.gateway_payment_id = g.gateway_payment_id
       where (l.id is null or l.resolution = 'not_taken')
         and coalesce(c.checks_done, 0) < ${LATE_CHECK_OFFSETS_MS.length}
         and g.closed_at + (${OFFSETS_SQL})[coalesce(c.checks_done, 0) + 1] * interval '1 millisecond' <= ?::timestamptz
       order by g.closed_at limit ?`,
      [closedAfter, closedAfter, now, limit],
    );
    return rows.map((row) => ({ gateway: row.gateway, gatewayPaymentId: row.gateway_payment_id, kind: row.kind, checksDone: Number(row.checks_done) }));
  }

  async recordCheck(gateway: string, gatewayPaymentId: string, gatewayStatus: string, at: string): Promise<void> {
    await this.em.execute(
      `insert into late_payment_checks (gateway, gateway_payment_id, checks_done, last_status, last_checked_at) values (?, ?, 1, ?, ?::timestamptz)
       on conflict (gateway, gateway_payment_id) do update set checks_done = late_payment_checks.checks_done + 1, last_status = excluded.last_status, last_checked_at = excluded.last_checked_at`,
      [gateway, gatewayPaymentId, gatewayStatus.slice(0, 64), at],
    );
  }
}

/** The late payments' repositories, in one unit of work: a transaction commits the ledger row, the wallet entry and the late payment together. */
export class MikroOrmLatePaymentStore extends MikroOrmUnitOfWork<LatePaymentRepositories> implements LatePaymentStore {
  constructor(orm: MikroORM) {
    super(orm, (em) => new MikroOrmLatePaymentRepositories(em));
  }
}
