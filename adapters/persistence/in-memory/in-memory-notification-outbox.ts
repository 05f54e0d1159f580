import {
  defaultSettings,
  EVERY_CHANNEL,
  withLatestContact,
  type NotificationOutbox,
  type NotificationPolicy,
  type OutboxMessage,
  type ShopperNotificationSettings,
} from '../../../src/notifications/api.js';
import { copyOf, outboxKey, type PersistenceState, type StateAccess } from './in-memory-state.js';
import { randomUUID } from 'node:crypto';

/**
 * A new row's dispatcher columns, as the table's defaults make them: pending, due now. Creation
 * times only grow (PostgreSQL's are to the microsecond), so newest first is insertion order.
 */
function newDelivery(state: PersistenceState) {
  const latest = [...state.outboxDelivery.values()].at(-1)?.createdAt;
  const now = Math.max(Date.now(), latest === undefined ? 0 : Date.parse(latest) + 1);
  const at = new Date(now).toISOString();
  return { id: randomUUID(), status: 'pending' as const, attempts: 0, resends: 0, nextAttemptAt: at, createdAt: at };
}

/** The outbox's write side over the in-memory state, with the table's unique key. */
export class InMemoryNotificationOutbox implements NotificationOutbox {
  constructor(
    private readonly access: StateAccess,
    readonly policy: NotificationPolicy = EVERY_CHANNEL,
  ) {}

  enqueue(messages: readonly OutboxMessage[]): Promise<number> {
    return this.access.write((state) => {
      let written = 0;
      for (const message of messages) {
        const key = outboxKey(message);
        if (state.outbox.has(key)) continue;
        state.outbox.set(key, copyOf(message));
        state.outboxDelivery.set(key, newDelivery(state));
        written += 1;
      }
      return written;
    });
  }

  written(about: { readonly orderId: string } | { readonly customerId: string }): Promise<OutboxMessage[]> {
    return this.access.read((state) =>
      [...state.outbox.values()].filter((message) => ('orderId' in about ? message.orderId === about.orderId : message.customerId === about.customerId)).map(copyOf),
    );
  }

  settings(customerId: string): Promise<ShopperNotificationSettings> {
    return this.access.read((state) => {
      const settings = copyOf(state.notificationSettings.get(customerId) ?? defaultSettings(customerId));
      const latestFirst = [...state.orders.values()]
        .filter((order) => order.customerId === customerId)
        .sort((a, b) => (a.placedAt === b.placedAt ? (a.id < b.id ? 1 : -1) : a.placedAt < b.placedAt ? 1 : -1));
      return withLatestContact(settings, { email: latestFirst.find((o) => o.contact?.email)?.contact?.email, phone: latestFirst.find((o) => o.contact?.phone)?.contact?.phone });
    });
  }
}
