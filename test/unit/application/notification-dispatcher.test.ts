import { describe, expect, it } from 'vitest';
import { InMemoryCheckoutStore } from '../../../adapters/persistence/in-memory/in-memory-checkout-store.js';
import { InMemoryNotificationQueue } from '../../../adapters/persistence/in-memory/in-memory-notification-queue.js';
import {
  ChannelError,
  makeNotificationDispatcher,
  type DispatchEvent,
  type NotificationDispatcherDeps,
  type NotificationQueue,
  type OutboxMessage,
} from '../../../src/notifications/api.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { confirmationMessages, soon } from '../../contracts/notification-queue.contract.js';
import { FakeNotificationChannel, plainRender } from '../../support/fakes/fake-notification-channel.js';

const LEASE = 60_000;

/** Given: an outbox with `messages` in it, a dispatcher over it with a fake email channel and a clock a moment later. */
async function given(messages: OutboxMessage[] = confirmationMessages().filter((m) => m.channel === 'email'), overrides: Partial<NotificationDispatcherDeps> = {}) {
  const store = new InMemoryCheckoutStore();
  await store.transaction(({ notifications }) => notifications.enqueue(messages));
  const queue = new InMemoryNotificationQueue(store.tables);
  const clock = new FixedClock(soon());
  const email = new FakeNotificationChannel('email');
  const events: DispatchEvent[] = [];
  const deps = { queue, channels: { email }, render: plainRender, clock, maxAttempts: 4, leaseMs: LEASE, onEvent: (e: DispatchEvent) => events.push(e), ...overrides };
  const dispatcher = makeNotificationDispatcher(deps);
  const rows = async () => (await queue.list({ limit: 100 })).items;
  return { store, queue, clock, email, events, dispatcher, rows, deps };
}

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe('notification dispatcher', () => {
  it('given a pending email, when a batch runs, then it is sent under a Message-ID of its row and marked sent with the provider id', async () => {
    const { dispatcher, email, rows } = await given();
    const [row] = await rows();

    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, sent: 1 });

    expect(email.deliveries.map((m) => [m.id, m.messageId, m.recipient])).toStrictEqual([[row!.id, `<ntf-${row!.id}.0@paysaga>`, row!.recipient]]);
    expect(await rows()).toMatchObject([{ status: 'sent', attempts: 1, providerMessageId: 'email-1' }]);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
  });

  it('given a channel that keeps failing, when batches run as the clock moves, then retries come after 5 s, 30 s, 2 min, and the fourth failure parks it', async () => {
    const { dispatcher, email, clock, rows, events } = await given();
    email.next = () => {
      throw new Error('connection refused');
    };
    const start = clock.now().getTime();

    const failOnce = async (expectedWait: number) => {
      expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
      const [row] = await rows();
      expect(row).toMatchObject({ status: 'pending', lastError: 'Error: connection refused' });
      expect(Date.parse(row!.nextAttemptAt) - clock.now().getTime()).toBe(expectedWait);
    };
    await failOnce(5_000);
    for (const [wait, expected] of [
      [5_000, 30_000],
      [30_000, 120_000],
    ] as const) {
      clock.advance(wait - 1);
      expect((await dispatcher.runOnce()).claimed, 'not due a moment before its retry').toBe(0);
      clock.advance(1);
      await failOnce(expected);
    }
    clock.advance(120_000);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, parked: 1 });

    expect(await rows()).toMatchObject([{ status: 'parked', attempts: 4, lastError: 'Error: connection refused', parkedAt: clock.now().toISOString() }]);
    expect(events.map((e) => e.type)).toStrictEqual(['retry', 'retry', 'retry', 'parked']);
    expect(clock.now().getTime() - start).toBe(155_000);
    clock.advance(86_400_000);
    expect((await dispatcher.runOnce()).claimed).toBe(0);
  });

  it('given a long run of failures, when the schedule runs out, then it waits an hour between attempts', async () => {
    const { dispatcher, email, clock, rows } = await given(undefined, { maxAttempts: 8 });
    email.next = () => {
      throw new Error('timeout');
    };
    const waits: number[] = [];
    for (let attempt = 1; attempt < 8; attempt += 1) {
      await dispatcher.runOnce();
      const [row] = await rows();
      const wait = Date.parse(row!.nextAttemptAt) - clock.now().getTime();
      waits.push(wait);
      clock.advance(wait);
    }
    expect(waits).toStrictEqual([5_000, 30_000, 120_000, 600_000, 3_600_000, 3_600_000, 3_600_000]);
    await dispatcher.runOnce();
    expect(await rows()).toMatchObject([{ status: 'parked', attempts: 8 }]);
  });

  it('given a back-off of its own, when a send fails, then the retry is due after it', async () => {
    const { dispatcher, email, clock, rows } = await given(undefined, { backoff: (attempt) => attempt * 1_000 });
    email.next = () => {
      throw new Error('busy');
    };
    await dispatcher.runOnce();
    expect(Date.parse((await rows())[0]!.nextAttemptAt) - clock.now().getTime()).toBe(1_000);
  });

  it('given a permanent channel error, when sent, then the row is parked at once with the error', async () => {
    const { dispatcher, email, rows } = await given();
    email.next = () => {
      throw new ChannelError('550 mailbox does not exist', true);
    };

    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, parked: 1 });

    expect(await rows()).toMatchObject([{ status: 'parked', attempts: 1, lastError: 'ChannelError: 550 mailbox does not exist' }]);
  });

  it('given a transient channel error, when sent, then the row is retried, not parked', async () => {
    const { dispatcher, email, rows } = await given();
    email.next = () => {
      throw new ChannelError('421 try again later', false);
    };
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 });
    expect(await rows()).toMatchObject([{ status: 'pending', lastError: 'ChannelError: 421 try again later' }]);
  });

  it('given a WhatsApp message and no WhatsApp channel configured, when a batch runs, then it is parked saying so and the email still goes', async () => {
    const { dispatcher, email, rows } = await given(confirmationMessages());

    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 2, sent: 1, parked: 1 });

    expect(email.deliveries).toHaveLength(1);
    const byChannel = Object.fromEntries((await rows()).map((r) => [r.channel, r]));
    expect(byChannel['whatsapp']).toMatchObject({ status: 'parked', lastError: 'the whatsapp channel is not configured' });
    expect(byChannel['email']).toMatchObject({ status: 'sent' });
  });

  it('given a message that cannot be rendered, when a batch runs, then it is parked and nothing is sent', async () => {
    const { dispatcher, email, rows } = await given(undefined, {
      render: () => {
        throw new Error('no template for order_confirmed');
      },
    });
    expect(await dispatcher.runOnce()).toMatchObject({ parked: 1 });
    expect(email.deliveries).toEqual([]);
    expect((await rows())[0]!.lastError).toBe('the message could not be rendered: Error: no template for order_confirmed');
  });

  it('given a send slower than its lease, when another dispatcher claims and sends the row meanwhile, then the slow one’s mark is refused and the row keeps the second’s', async () => {
    const { dispatcher: slow, email, clock, rows, events, deps } = await given();
    const hold = deferred();
    const entered = deferred();
    email.next = async () => {
      entered.resolve();
      await hold.promise;
    };
    const running = slow.runOnce();
    await entered.promise;
    clock.advance(LEASE);
    const fastChannel = new FakeNotificationChannel('email');
    const { onEvent: _slowOnly, ...shared } = deps;
    const fast = makeNotificationDispatcher({ ...shared, channels: { email: fastChannel } });
    expect(await fast.runOnce()).toMatchObject({ claimed: 1, sent: 1 });

    hold.resolve();
    expect(await running).toMatchObject({ claimed: 1, sent: 0, overtaken: 1 });

    expect(events.map((e) => e.type)).toStrictEqual(['overtaken']);
    expect(await rows()).toMatchObject([{ status: 'sent', attempts: 2, providerMessageId: 'email-1' }]);
    expect(email.deliveries[0]!.messageId).toBe(fastChannel.deliveries[0]!.messageId);
  });

  it('given a row whose every claim lapsed, when claimed past the attempts allowed, then it is parked without another send', async () => {
    const { dispatcher, queue, clock, email, rows } = await given(undefined, { maxAttempts: 2 });
    for (let i = 0; i < 2; i += 1) {
      await queue.claim(10, LEASE, clock.now());
      clock.advance(LEASE);
    }
    expect(await dispatcher.runOnce()).toMatchObject({ parked: 1 });
    expect(email.deliveries).toEqual([]);
    expect(await rows()).toMatchObject([{ status: 'parked', attempts: 3, lastError: 'claimed 3 times without an outcome: each lease lapsed' }]);
  });

  it('given a sent row an operator resends, when a batch runs, then it goes out again under a new Message-ID', async () => {
    const { dispatcher, queue, email, clock, rows } = await given();
    await dispatcher.runOnce();
    const [row] = await rows();
    await queue.resend(row!.id, { operatorId: 'ops_anna', reason: 'the shopper lost it' }, clock.now());

    expect(await dispatcher.runOnce()).toMatchObject({ sent: 1 });

    expect(email.deliveries.map((m) => m.messageId)).toStrictEqual([`<ntf-${row!.id}.0@paysaga>`, `<ntf-${row!.id}.1@paysaga>`]);
    expect(await rows()).toMatchObject([{ status: 'sent', attempts: 1, resends: 1 }]);
  });

  it('given the queue failing on a mark, when a batch runs, then the error is reported and the row stays claimed for a later dispatcher', async () => {
    const { deps, queue, rows, events } = await given();
    const broken: NotificationQueue = Object.assign(Object.create(queue) as NotificationQueue, {
      markSent: async () => {
        throw new Error('connection terminated');
      },
    });
    const dispatcher = makeNotificationDispatcher({ ...deps, queue: broken });
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, errors: 1 });
    expect(events).toMatchObject([{ type: 'error', error: 'Error: connection terminated' }]);
    expect(await rows()).toMatchObject([{ status: 'sending' }]);
  });

  it('given a started loop with a long poll, when woken, then it runs a batch at once; stop waits for the batch in flight', async () => {
    const { dispatcher, email, store, rows } = await given([]);
    dispatcher.start({ pollMs: 60_000 });
    await store.transaction(({ notifications }) => notifications.enqueue(confirmationMessages().filter((m) => m.channel === 'email')));
    const hold = deferred();
    const entered = deferred();
    email.next = async () => {
      entered.resolve();
      await hold.promise;
    };

    dispatcher.wake();
    await entered.promise;
    let stopped = false;
    const stopping = dispatcher.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped, 'stop waits for the send in flight').toBe(false);
    hold.resolve();
    await stopping;

    expect(await rows()).toMatchObject([{ status: 'sent' }]);
  });
});
