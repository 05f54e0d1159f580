/**
 * Exactly-once delivery of the outbox on a real PostgreSQL database: a dispatcher that dies
 * between send and mark, and dispatchers running side by side.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MikroOrmCheckoutStore } from '../../../adapters/persistence/mikro-orm-checkout-store.js';
import { MikroOrmNotificationQueue } from '../../../adapters/persistence/mikro-orm-notification-queue.js';
import { makeNotificationDispatcher, type ClaimedNotification, type OutboxMessage } from '../../../src/notifications/api.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { confirmationMessages, soon } from '../../contracts/notification-queue.contract.js';
import { dyingAfterSend, FakeNotificationChannel, plainRender } from '../../support/fakes/fake-notification-channel.js';
import { useMigratedDatabase } from '../../support/database.js';

const orm = useMigratedDatabase();

beforeEach(async () => {
  await orm.em.fork().execute('delete from notification_resends; delete from notification_outbox');
});

const emails = (): OutboxMessage[] => confirmationMessages().filter((m) => m.channel === 'email');
const enqueue = (messages: OutboxMessage[]) => new MikroOrmCheckoutStore(orm).transaction(({ notifications }) => notifications.enqueue(messages));

describe('notification dispatch on PostgreSQL', () => {
  it('given a dispatcher that dies between send and mark, when another claims the row after the lease, then the receiver keeps one message, the row is sent on attempt 2 and the dead one’s marks are refused', async () => {
    await enqueue(emails());
    const queue = new MikroOrmNotificationQueue(orm);
    const clock = new FixedClock(soon());
    const receiver = new FakeNotificationChannel('email');
    const leaseMs = 2_000;
    const common = { channels: { email: receiver }, render: plainRender, clock, maxAttempts: 5, leaseMs };
    const claimsOfA: ClaimedNotification[] = [];
    const a = makeNotificationDispatcher({ ...common, queue: dyingAfterSend(queue, claimsOfA) });
    const b = makeNotificationDispatcher({ ...common, queue });

    expect(await a.runOnce()).toMatchObject({ claimed: 1, sent: 0, errors: 1 });
    const [claimOfA] = claimsOfA;
    expect(await queue.byId(claimOfA!.id)).toMatchObject({ status: 'sending', attempts: 1 });
    expect(receiver.deliveries).toHaveLength(1);
    clock.advance(leaseMs - 1);
    expect((await b.runOnce()).claimed, 'the row is A’s while its lease holds').toBe(0);

    clock.advance(1);
    expect(await b.runOnce()).toMatchObject({ claimed: 1, sent: 1 });

    expect(await queue.byId(claimOfA!.id)).toMatchObject({ status: 'sent', attempts: 2, providerMessageId: 'email-2' });
    expect(receiver.deliveries.map((m) => m.messageId)).toStrictEqual([`<ntf-${claimOfA!.id}.0@paysaga>`, `<ntf-${claimOfA!.id}.0@paysaga>`]);
    expect([...receiver.mailbox.keys()]).toStrictEqual([`<ntf-${claimOfA!.id}.0@paysaga>`]);
    expect(await queue.markSent(claimOfA!.id, claimOfA!.claimToken, 'late', clock.now())).toBe(false);
    expect(await queue.markFailed(claimOfA!.id, claimOfA!.claimToken, 'late', 'park', clock.now())).toBe(false);
    expect(await queue.byId(claimOfA!.id)).toMatchObject({ status: 'sent', attempts: 2, providerMessageId: 'email-2' });
    clock.advance(3_600_000);
    expect((await b.runOnce()).claimed).toBe(0);
  });

  it('given 50 due rows, when two dispatchers run side by side, then each row is sent exactly once', async () => {
    for (let i = 0; i < 50; i += 1) await enqueue(emails());
    const queue = new MikroOrmNotificationQueue(orm);
    const clock = new FixedClock(soon());
    const channels = [new FakeNotificationChannel('email'), new FakeNotificationChannel('email')];
    for (const channel of channels) channel.next = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
    const dispatchers = channels.map((email) =>
      makeNotificationDispatcher({ queue, channels: { email }, render: plainRender, clock, maxAttempts: 5, leaseMs: 60_000, batchSize: 7 }),
    );

    const drain = async (dispatcher: (typeof dispatchers)[number]) => {
      while ((await dispatcher.runOnce()).claimed > 0);
    };
    await Promise.all(dispatchers.map(drain));

    const sent = channels.flatMap((channel) => channel.deliveries.map((m) => m.id));
    expect(sent).toHaveLength(50);
    expect(new Set(sent).size).toBe(50);
    expect(
      channels.every((channel) => channel.deliveries.length > 0),
      'both dispatchers took part',
    ).toBe(true);
    const rows = await queue.list({ limit: 100 });
    expect(rows.items).toHaveLength(50);
    expect(rows.items.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
  });
});
