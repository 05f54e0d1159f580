import { MikroOrmNotificationOutbox } from './mikro-orm-notification-outbox.js';
import { EVERY_CHANNEL, type NotificationPolicy } from '../../src/notifications/api.js';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { TopUpFailureReason, TopUpPaymentAction, TopUpRecordStatus, WalletTopUp } from '../../src/wallet/domain/top-up.js';
import type { TopUpRepositories, TopUpRepository, TopUpStore } from '../../src/wallet/ports/top-up-store.js';
import { money } from '../../src/shared/money.js';
import { MikroOrmPaymentVerificationLedger, MikroOrmWalletLedger } from './mikro-orm-repositories.js';
import { MikroOrmUnitOfWork } from './mikro-orm-unit-of-work.js';

interface TopUpRow {
  id: string;
  customer_id: string;
  gateway: string;
  status: TopUpRecordStatus;
  amount_minor: string;
  currency: string;
  gateway_payment_id: string | null;
  transaction_id: string | null;
  action: TopUpPaymentAction | null;
  expires_at: Date | string | null;
  failure_reason: TopUpFailureReason | null;
  created_at: Date | string;
  credited_at: Date | string | null;
}

const COLUMNS =
  'id, customer_id, gateway, status, amount_minor::text as amount_minor, currency, gateway_payment_id, transaction_id, action, expires_at, failure_reason, created_at, credited_at';
const iso = (value: Date | string): string => new Date(value).toISOString();

const toTopUp = (row: TopUpRow): WalletTopUp => ({
  id: row.id,
  customerId: row.customer_id,
  gateway: row.gateway,
  amount: money(Number(row.amount_minor), row.currency.trim()),
  status: row.status,
  createdAt: iso(row.created_at),
  ...(row.gateway_payment_id ? { gatewayPaymentId: row.gateway_payment_id } : {}),
  ...(row.transaction_id ? { transactionId: row.transaction_id } : {}),
  ...(row.action ? { action: row.action } : {}),
  ...(row.expires_at ? { expiresAt: iso(row.expires_at) } : {}),
  ...(row.failure_reason ? { failureReason: row.failure_reason } : {}),
  ...(row.credited_at ? { creditedAt: iso(row.credited_at) } : {}),
});

export class MikroOrmTopUpRepository implements TopUpRepository {
  constructor(private readonly em: EntityManager) {}

  async byId(topUpId: string): Promise<WalletTopUp | undefined> {
    const rows = await this.em.execute<TopUpRow[]>(`select ${COLUMNS} from wallet_top_ups where id = ?`, [topUpId]);
    return rows[0] === undefined ? undefined : toTopUp(rows[0]);
  }

  async byGatewayPaymentId(gateway: string, gatewayPaymentId: string): Promise<WalletTopUp | undefined> {
    const rows = await this.em.execute<TopUpRow[]>(`select ${COLUMNS} from wallet_top_ups where gateway = ? and gateway_payment_id = ?`, [gateway, gatewayPaymentId]);
    return rows[0] === undefined ? undefined : toTopUp(rows[0]);
  }

  async save(topUp: WalletTopUp): Promise<void> {
    await this.em.execute(
      `insert into wallet_top_ups (id, customer_id, gateway, status, amount_minor, currency, gateway_payment_id, transaction_id, action, expires_at, failure_reason, created_at, credited_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, now())
       on conflict (id) do update set status = excluded.status, gateway_payment_id = excluded.gateway_payment_id, transaction_id = excluded.transaction_id,
         action = excluded.action, expires_at = excluded.expires_at, failure_reason = excluded.failure_reason, credited_at = excluded.credited_at, updated_at = now()`,
      [
        topUp.id,
        topUp.customerId,
        topUp.gateway,
        topUp.status,
        topUp.amount.amountMinor,
        topUp.amount.currency,
        topUp.gatewayPaymentId ?? null,
        topUp.transactionId ?? null,
        topUp.action === undefined ? null : JSON.stringify(topUp.action),
        topUp.expiresAt === undefined ? null : new Date(topUp.expiresAt),
        topUp.failureReason ?? null,
        new Date(topUp.createdAt),
        topUp.creditedAt === undefined ? null : new Date(topUp.creditedAt),
      ],
    );
  }

  async linkWalletEntry(idempotencyKey: string, topUpId: string): Promise<void> {
    await this.em.execute(`update wallet_entries set top_up_id = ? where idempotency_key = ?`, [topUpId, idempotencyKey]);
  }
}

const repositoriesFor = (em: EntityManager, policy: NotificationPolicy): TopUpRepositories => ({
  topUps: new MikroOrmTopUpRepository(em),
  verifications: new MikroOrmPaymentVerificationLedger(em),
  wallet: new MikroOrmWalletLedger(em),
  notifications: new MikroOrmNotificationOutbox(em, policy),
});

/** The top-up's repositories, in one unit of work: a transaction commits the top-up, the ledger row and the wallet entry together. */
export class MikroOrmTopUpStore extends MikroOrmUnitOfWork<TopUpRepositories> implements TopUpStore {
  constructor(orm: MikroORM, policy: NotificationPolicy = EVERY_CHANNEL) {
    super(orm, (em) => repositoriesFor(em, policy));
  }
}
