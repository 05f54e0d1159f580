import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type {
  ClaimedNotification,
  FailureOutcome,
  NotificationDetail,
  NotificationFilter,
  NotificationPage,
  NotificationQueue,
  NotificationRecord,
  NotificationResend,
  NotificationStatus,
  ResendError,
} from '../../src/notifications/api.js';
import { definedFields } from '../../src/shared/defined.js';
import { domainError, err, ok, type Result } from '../../src/shared/result.js';
import { messageFromRow, type OutboxRow } from './mikro-orm-notification-outbox.js';
import { decodeCursorKey } from './mikro-orm-storefront-queries.js';

interface QueueRow extends OutboxRow {
  id: string;
  kind: string;
  status: NotificationStatus;
  attempts: number;
  resends: number;
  next_attempt_at: Date;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: Date;
  /** `created_at` to the microsecond, as the keyset cursor carries it. */
  created_key: string;
  sent_at: Date | null;
  parked_at: Date | null;
  claim_token: string | null;
}

/** The columns a row is read with, of the table as `table` (`o.` where a join makes names ambiguous). */
const columns = (table = ''): string =>
  [
    ...['id', 'event_key', 'kind', 'channel', 'audience', 'recipient', 'customer_id', 'order_id', 'event', 'status', 'attempts', 'resends', 'next_attempt_at'],
    ...['last_error', 'provider_message_id', 'created_at', 'sent_at', 'parked_at', 'claim_token'],
  ]
    .map((column) => `${table}${column}`)
    .concat(`to_char(${table}created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key`)
    .join(', ');
const COLUMNS = columns();

const iso = (at: Date): string => new Date(at).toISOString();

const recordFromRow = (row: QueueRow): NotificationRecord => ({
  id: row.id,
  kind: row.kind,
  channel: row.channel,
  audience: row.audience,
  recipient: row.recipient,
  ...definedFields({ customerId: row.customer_id ?? undefined, orderId: row.order_id ?? undefined }),
  status: row.status,
  attempts: row.attempts,
  resends: row.resends,
  nextAttemptAt: iso(row.next_attempt_at),
  ...definedFields({ lastError: row.last_error ?? undefined, providerMessageId: row.provider_message_id ?? undefined }),
  createdAt: iso(row.created_at),
  ...definedFields({ sentAt: row.sent_at === null ? undefined : iso(row.sent_at), parkedAt: row.parked_at === null ? undefined : iso(row.parked_at) }),
});

/**
 * The dispatcher's and operators' side of `notification_outbox`. A claim is one statement over
 * `for update skip locked`, so dispatchers running side by side never take the same row; every
 * mark names the claim token it holds and changes nothing when the row has moved on.
 */
export class MikroOrmNotificationQueue implements NotificationQueue {
  constructor(private readonly orm: MikroORM) {}

  private run<T>(sql: string, params: unknown[], em: EntityManager = this.orm.em.fork()): Promise<T[]> {
    return em.execute<T[]>(sql, params);
  }

  async claim(limit: number, leaseMs: number, now: Date): Promise<ClaimedNotification[]> {
    const rows = await this.run<QueueRow>(
      `with due as (
         select id from notification_outbox
          where (status = 'pending' and next_attempt_at <= ?::timestamptz) or (status = 'sending' and lease_until <= ?::timestamptz)
          order by next_attempt_at, id
          limit ?
          for update skip locked
       )
       update notification_outbox o
          set status = 'sending', lease_until = ?::timestamptz, claim_token = gen_random_uuid(), attempts = o.attempts + 1
         from due where o.id = due.id
       returning ${columns('o.')}`,
      [now.toISOString(), now.toISOString(), limit, new Date(now.getTime() + leaseMs).toISOString()],
    );
    return rows
      .sort((a, b) => iso(a.next_attempt_at).localeCompare(iso(b.next_attempt_at)) || a.id.localeCompare(b.id))
      .map((row) => ({ id: row.id, message: messageFromRow(row), attempts: row.attempts, resends: row.resends, claimToken: row.claim_token! }));
  }

  async markSent(id: string, claimToken: string, providerMessageId: string, at: Date): Promise<boolean> {
    const rows = await this.run(
      `update notification_outbox
          set status = 'sent', sent_at = ?::timestamptz, provider_message_id = ?, last_error = null, lease_until = null, claim_token = null
        where id = ? and claim_token = ? and status = 'sending' returning id`,
      [at.toISOString(), providerMessageId, id, claimToken],
    );
    return rows.length === 1;
  }

  async markFailed(id: string, claimToken: string, error: string, outcome: FailureOutcome, at: Date): Promise<boolean> {
    const parked = outcome === 'park';
    const rows = await this.run(
      `update notification_outbox
          set status = ?, last_error = ?, lease_until = null, claim_token = null,
              next_attempt_at = coalesce(?::timestamptz, next_attempt_at), parked_at = ?::timestamptz
        where id = ? and claim_token = ? and status = 'sending' returning id`,
      [parked ? 'parked' : 'pending', error, parked ? null : outcome.retryAt.toISOString(), parked ? at.toISOString() : null, id, claimToken],
    );
    return rows.length === 1;
  }

  async list(query: NotificationFilter & { readonly limit: number; readonly cursor?: string | undefined }): Promise<NotificationPage> {
    const after = decodeCursorKey(query.cursor, 'time-id');
    const where: string[] = [];
    const params: unknown[] = [];
    const filters = [
      ['status', query.status],
      ['order_id', query.orderId],
      ['customer_id', query.customerId],
      ['channel', query.channel],
    ] as const;
    for (const [column, value] of filters) if (value !== undefined) where.push(`${column} = ?`), params.push(value);
    if (after) where.push('(created_at, id) < (?::timestamptz, ?::uuid)'), params.push(after[0], after[1]);
    const rows = await this.run<QueueRow>(
      `select ${COLUMNS} from notification_outbox ${where.length ? `where ${where.join(' and ')}` : ''} order by created_at desc, id desc limit ?`,
      [...params, query.limit + 1],
    );
    const kept = rows.slice(0, query.limit);
    const last = kept.at(-1);
    return {
      items: kept.map(recordFromRow),
      ...(rows.length > query.limit && last ? { nextCursor: Buffer.from(JSON.stringify([last.created_key, last.id])).toString('base64url') } : {}),
    };
  }

  async byId(id: string): Promise<NotificationDetail | undefined> {
    if (!UUID.test(id)) return undefined;
    const em = this.orm.em.fork();
    const [row] = await this.run<QueueRow>(`select ${COLUMNS} from notification_outbox where id = ?`, [id], em);
    if (row === undefined) return undefined;
    const resends = await this.run<{ resent_by: string; reason: string; previous_status: NotificationResend['previousStatus']; resent_at: Date }>(
      `select resent_by, reason, previous_status, resent_at from notification_resends where notification_id = ? order by id`,
      [id],
      em,
    );
    return {
      ...recordFromRow(row),
      event: row.event,
      resentBy: resends.map((r) => ({ by: r.resent_by, reason: r.reason, previousStatus: r.previous_status, at: iso(r.resent_at) })),
    };
  }

  async resend(id: string, by: { readonly operatorId: string; readonly reason: string }, at: Date): Promise<Result<NotificationRecord, ResendError>> {
    if (!UUID.test(id)) return err(domainError('notifications.not_found', `no notification ${id}`));
    return this.orm.em.fork().transactional(async (em) => {
      const [found] = await this.run<{ status: NotificationStatus }>(`select status from notification_outbox where id = ? for update`, [id], em);
      if (found === undefined) return err(domainError('notifications.not_found', `no notification ${id}`));
      if (found.status !== 'sent' && found.status !== 'parked') {
        return err(domainError('notifications.not_resendable', `the notification is ${found.status}: it is going out anyway`, { status: found.status }));
      }
      const [row] = await this.run<QueueRow>(
        `update notification_outbox
            set status = 'pending', attempts = 0, resends = resends + 1, next_attempt_at = ?::timestamptz,
                last_error = null, provider_message_id = null, sent_at = null, parked_at = null
          where id = ? returning ${COLUMNS}`,
        [at.toISOString(), id],
        em,
      );
      await this.run(
        `insert into notification_resends (notification_id, resent_by, reason, previous_status, resent_at) values (?, ?, ?, ?, ?::timestamptz)`,
        [id, by.operatorId, by.reason, found.status, at.toISOString()],
        em,
      );
      return ok(recordFromRow(row!));
    });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
