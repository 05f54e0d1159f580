import { randomUUID } from 'node:crypto';
import {
  defaultSettings,
  type ClaimedNotification,
  type FailureOutcome,
  type NotificationDetail,
  type NotificationFilter,
  type NotificationPage,
  type NotificationQueue,
  type NotificationRecord,
  type NotificationSettingsRepository,
  type ResendError,
  type ShopperNotificationSettings,
} from '../../../src/notifications/api.js';
import { definedFields } from '../../../src/shared/defined.js';
import { domainError, err, ok, type Result } from '../../../src/shared/result.js';
import { decodeCursorKey } from '../mikro-orm-storefront-queries.js';
import { ConstraintViolationError, copyOf, type OutboxDelivery, type PersistenceState, type StateAccess } from './in-memory-state.js';

type Row = { readonly key: string; readonly delivery: OutboxDelivery; readonly message: NonNullable<ReturnType<PersistenceState['outbox']['get']>> };

const rowsOf = (state: PersistenceState): Row[] => [...state.outboxDelivery.entries()].map(([key, delivery]) => ({ key, delivery, message: state.outbox.get(key)! }));

const recordOf = ({ delivery: d, message: m }: Row): NotificationRecord => ({
  id: d.id,
  kind: m.event.type,
  channel: m.channel,
  audience: m.audience,
  recipient: m.recipient,
  ...definedFields({ customerId: m.customerId, orderId: m.orderId }),
  status: d.status,
  attempts: d.attempts,
  resends: d.resends,
  nextAttemptAt: d.nextAttemptAt,
  ...definedFields({ lastError: d.lastError, providerMessageId: d.providerMessageId }),
  createdAt: d.createdAt,
  ...definedFields({ sentAt: d.sentAt, parkedAt: d.parkedAt }),
});

const cursorOf = (row: Row): string => Buffer.from(JSON.stringify([row.delivery.createdAt, row.delivery.id])).toString('base64url');

/** Newest first: creation time, then id, both descending, as the PostgreSQL adapter sorts. */
const newestFirst = (a: Row, b: Row): number => b.delivery.createdAt.localeCompare(a.delivery.createdAt) || b.delivery.id.localeCompare(a.delivery.id);
const before = (row: Row, [createdAt, id]: [string, string]): boolean => row.delivery.createdAt < createdAt || (row.delivery.createdAt === createdAt && row.delivery.id < id);

/** The queue over the in-memory outbox (the checkout store's committed tables): each call is one exclusive write, as one statement is. */
export class InMemoryNotificationQueue implements NotificationQueue {
  constructor(private readonly access: StateAccess) {}

  claim(limit: number, leaseMs: number, now: Date): Promise<ClaimedNotification[]> {
    const at = now.toISOString();
    return this.access.write((state) =>
      rowsOf(state)
        .filter(({ delivery: d }) => (d.status === 'pending' && d.nextAttemptAt <= at) || (d.status === 'sending' && d.leaseUntil! <= at))
        .sort((a, b) => a.delivery.nextAttemptAt.localeCompare(b.delivery.nextAttemptAt) || a.delivery.id.localeCompare(b.delivery.id))
        .slice(0, limit)
        .map(({ delivery, message }) => {
          Object.assign(delivery, { status: 'sending', leaseUntil: new Date(now.getTime() + leaseMs).toISOString(), claimToken: randomUUID(), attempts: delivery.attempts + 1 });
          return { id: delivery.id, message: copyOf(message), attempts: delivery.attempts, resends: delivery.resends, claimToken: delivery.claimToken! };
        }),
    );
  }

  markSent(id: string, claimToken: string, providerMessageId: string, at: Date): Promise<boolean> {
    return this.mark(id, claimToken, (d) => {
      Object.assign(d, { status: 'sent', sentAt: at.toISOString(), providerMessageId });
      delete d.lastError;
    });
  }

  markFailed(id: string, claimToken: string, error: string, outcome: FailureOutcome, at: Date): Promise<boolean> {
    return this.mark(id, claimToken, (d) => {
      if (outcome === 'park') Object.assign(d, { status: 'parked', parkedAt: at.toISOString(), lastError: error });
      else Object.assign(d, { status: 'pending', nextAttemptAt: outcome.retryAt.toISOString(), lastError: error });
    });
  }

  private mark(id: string, claimToken: string, change: (delivery: OutboxDelivery) => void): Promise<boolean> {
    return this.access.write((state) => {
      const delivery = [...state.outboxDelivery.values()].find((d) => d.id === id);
      if (delivery === undefined || delivery.status !== 'sending' || delivery.claimToken !== claimToken) return false;
      delete delivery.leaseUntil;
      delete delivery.claimToken;
      change(delivery);
      return true;
    });
  }

  async list(query: NotificationFilter & { readonly limit: number; readonly cursor?: string | undefined }): Promise<NotificationPage> {
    const after = decodeCursorKey(query.cursor, 'time-id');
    return this.access.read((state) => {
      const rows = rowsOf(state)
        .filter(({ delivery: d }) => query.status === undefined || d.status === query.status)
        .filter(({ message: m }) => (query.orderId === undefined || m.orderId === query.orderId) && (query.customerId === undefined || m.customerId === query.customerId))
        .filter(({ message: m }) => query.channel === undefined || m.channel === query.channel)
        .filter((row) => after === undefined || before(row, after))
        .sort(newestFirst);
      const kept = rows.slice(0, query.limit);
      const last = kept.at(-1);
      return { items: kept.map(recordOf), ...(rows.length > query.limit && last ? { nextCursor: cursorOf(last) } : {}) };
    });
  }

  byId(id: string): Promise<NotificationDetail | undefined> {
    return this.access.read((state) => {
      const row = rowsOf(state).find((r) => r.delivery.id === id);
      if (row === undefined) return undefined;
      return { ...recordOf(row), event: copyOf(row.message.event), resentBy: copyOf(state.notificationResends.get(id) ?? []) };
    });
  }

  resend(id: string, by: { readonly operatorId: string; readonly reason: string }, at: Date): Promise<Result<NotificationRecord, ResendError>> {
    return this.access.write((state) => {
      const row = rowsOf(state).find((r) => r.delivery.id === id);
      if (row === undefined) return err(domainError('notifications.not_found', `no notification ${id}`));
      const d = row.delivery;
      const previousStatus = d.status;
      if (previousStatus !== 'sent' && previousStatus !== 'parked') {
        return err(domainError('notifications.not_resendable', `the notification is ${previousStatus}: it is going out anyway`, { status: previousStatus }));
      }
      Object.assign(d, { status: 'pending', attempts: 0, resends: d.resends + 1, nextAttemptAt: at.toISOString() });
      for (const column of ['lastError', 'providerMessageId', 'sentAt', 'parkedAt'] as const) delete d[column];
      state.notificationResends.set(id, [...(state.notificationResends.get(id) ?? []), { by: by.operatorId, reason: by.reason, previousStatus, at: at.toISOString() }]);
      return ok(recordOf(row));
    });
  }
}

/** The shoppers' settings in the in-memory `notification_settings`, which the outbox reads. */
export class InMemoryNotificationSettings implements NotificationSettingsRepository {
  constructor(private readonly access: StateAccess) {}

  settings(customerId: string): Promise<ShopperNotificationSettings> {
    return this.access.read((state) => copyOf(state.notificationSettings.get(customerId) ?? defaultSettings(customerId)));
  }

  saveSettings(settings: ShopperNotificationSettings): Promise<void> {
    return this.access.write((state) => {
      if (settings.whatsappOptIn && settings.phone === undefined) {
        throw new ConstraintViolationError('notification_settings_check', `${settings.customerId} cannot opt in to WhatsApp without a phone`);
      }
      state.notificationSettings.set(settings.customerId, copyOf(settings));
    });
  }
}
