import type { Clock } from '../../shared/clock.js';
import type { NotificationChannelId } from '../domain/messages.js';
import { ChannelError, type NotificationChannel, type RenderedNotification } from '../ports/channels.js';
import type { ClaimedNotification, FailureOutcome, NotificationQueue } from '../ports/notification-queue.js';

/** How long to wait before attempt n+1 after attempt n failed: 5 s, 30 s, 2 min, 10 min, then every hour. */
export const DEFAULT_BACKOFF_MS: readonly number[] = [5_000, 30_000, 120_000, 600_000, 3_600_000];

/** The delay after failed attempt `attempt` (1-based) on `schedule`, its last step repeated. */
export const backoffAfter =
  (schedule: readonly number[] = DEFAULT_BACKOFF_MS) =>
  (attempt: number): number =>
    schedule[Math.min(Math.max(attempt, 1), schedule.length) - 1] ?? 0;

/**
 * The Message-ID of one send of a row: the same on every attempt (a receiver that got it before a
 * crash keeps it once), a new one after each operator's resend.
 */
export const notificationMessageId = (id: string, resends: number): string => `<ntf-${id}.${resends}@paysaga>`;

/** What the dispatcher did with one row, for logs and metrics. */
export type DispatchEvent =
  | { readonly type: 'sent'; readonly id: string; readonly attempts: number; readonly providerMessageId: string }
  | { readonly type: 'retry'; readonly id: string; readonly attempts: number; readonly retryAt: string; readonly error: string }
  | { readonly type: 'parked'; readonly id: string; readonly attempts: number; readonly error: string }
  /** The row's lease lapsed and another dispatcher claimed it: this one's mark was refused. */
  | { readonly type: 'overtaken'; readonly id: string; readonly attempts: number }
  /** The queue failed (database down): the row stays claimed until its lease lapses, then goes again. */
  | { readonly type: 'error'; readonly id?: string; readonly error: string };

export interface DispatchSummary {
  readonly claimed: number;
  readonly sent: number;
  readonly retried: number;
  readonly parked: number;
  readonly overtaken: number;
  readonly errors: number;
}

export interface NotificationDispatcherDeps {
  readonly queue: NotificationQueue;
  /** The channels configured; a row for one that is not is parked, saying so. */
  readonly channels: Partial<Record<NotificationChannelId, NotificationChannel>>;
  /** The message for a claimed row; its `id` and `messageId` are set by the dispatcher. A throw parks the row. */
  readonly render: (claimed: ClaimedNotification) => RenderedNotification | Promise<RenderedNotification>;
  readonly clock: Clock;
  /** Attempts before a failing row is parked (a permanent failure parks at once). */
  readonly maxAttempts: number;
  /** How long a claim holds a row; longer than a send can take. */
  readonly leaseMs: number;
  /** Rows claimed at a time (default 20). */
  readonly batchSize?: number;
  /** The delay after failed attempt n (default {@link DEFAULT_BACKOFF_MS}). */
  readonly backoff?: (attempt: number) => number;
  readonly onEvent?: (event: DispatchEvent) => void;
}

export interface NotificationDispatcher {
  /** Claims one batch and delivers it, each row sent at most once per claim and marked with that claim. */
  runOnce(): Promise<DispatchSummary>;
  /** Runs batches until stopped: at once while batches come full, else every `pollMs` or when woken. */
  start(options: { readonly pollMs: number }): void;
  /** Runs the next batch now (a commit that wrote messages nudges the loop). */
  wake(): void;
  /** Stops the loop once the batch in flight is done. */
  stop(): Promise<void>;
}

const MAX_ERROR_LENGTH = 1000;
const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, MAX_ERROR_LENGTH);

type Outcome = Exclude<DispatchEvent['type'], 'error'>;

/**
 * Delivers the outbox: claim a batch, send each row through its channel under a Message-ID
 * stable across attempts, mark it sent; a transient failure is retried after a back-off until
 * `maxAttempts`, a permanent one (or an unconfigured channel, or a message that cannot be
 * rendered) is parked for an operator at once. A dispatcher that dies between send and mark
 * leaves the row claimed: once the lease lapses another claims and sends it again under the same
 * Message-ID, so the receiver keeps one.
 */
export function makeNotificationDispatcher(deps: NotificationDispatcherDeps): NotificationDispatcher {
  const backoff = deps.backoff ?? backoffAfter();
  const batchSize = deps.batchSize ?? 20;
  const emit = (event: DispatchEvent) => deps.onEvent?.(event);

  async function fail(claimed: ClaimedNotification, error: string, park: boolean): Promise<Outcome> {
    const now = deps.clock.now();
    const outcome: FailureOutcome = park || claimed.attempts >= deps.maxAttempts ? 'park' : { retryAt: new Date(now.getTime() + backoff(claimed.attempts)) };
    if (!(await deps.queue.markFailed(claimed.id, claimed.claimToken, error, outcome, now))) {
      emit({ type: 'overtaken', id: claimed.id, attempts: claimed.attempts });
      return 'overtaken';
    }
    if (outcome === 'park') emit({ type: 'parked', id: claimed.id, attempts: claimed.attempts, error });
    else emit({ type: 'retry', id: claimed.id, attempts: claimed.attempts, retryAt: outcome.retryAt.toISOString(), error });
    return outcome === 'park' ? 'parked' : 'retry';
  }

  async function deliver(claimed: ClaimedNotification): Promise<Outcome> {
    // Each claim counts an attempt: a row whose claims keep lapsing (it crashes its dispatcher) stops here.
    if (claimed.attempts > deps.maxAttempts) return fail(claimed, `claimed ${claimed.attempts} times without an outcome: each lease lapsed`, true);
    const channel = deps.channels[claimed.message.channel];
    if (channel === undefined) return fail(claimed, `the ${claimed.message.channel} channel is not configured`, true);
    let rendered: RenderedNotification;
    try {
      rendered = { ...(await deps.render(claimed)), id: claimed.id, messageId: notificationMessageId(claimed.id, claimed.resends) };
    } catch (error) {
      return fail(claimed, `the message could not be rendered: ${errorText(error)}`, true);
    }
    let providerMessageId: string;
    try {
      ({ providerMessageId } = await channel.send(rendered));
    } catch (error) {
      return fail(claimed, errorText(error), error instanceof ChannelError && error.permanent);
    }
    if (!(await deps.queue.markSent(claimed.id, claimed.claimToken, providerMessageId, deps.clock.now()))) {
      emit({ type: 'overtaken', id: claimed.id, attempts: claimed.attempts });
      return 'overtaken';
    }
    emit({ type: 'sent', id: claimed.id, attempts: claimed.attempts, providerMessageId });
    return 'sent';
  }

  async function runOnce(): Promise<DispatchSummary> {
    const claimed = await deps.queue.claim(batchSize, deps.leaseMs, deps.clock.now());
    const counts = { claimed: claimed.length, sent: 0, retried: 0, parked: 0, overtaken: 0, errors: 0 };
    for (const row of claimed) {
      try {
        const outcome = await deliver(row);
        if (outcome === 'sent') counts.sent += 1;
        else if (outcome === 'retry') counts.retried += 1;
        else if (outcome === 'parked') counts.parked += 1;
        else counts.overtaken += 1;
      } catch (error) {
        counts.errors += 1;
        emit({ type: 'error', id: row.id, error: errorText(error) });
      }
    }
    return counts;
  }

  let running: Promise<void> | undefined;
  let stopping = false;
  let woken = false;
  let interrupt: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      interrupt = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function loop(pollMs: number): Promise<void> {
    while (!stopping) {
      woken = false;
      let full = false;
      try {
        full = (await runOnce()).claimed === batchSize;
      } catch (error) {
        emit({ type: 'error', error: errorText(error) });
      }
      if (stopping) break;
      if (!full && !woken) await pause(pollMs);
      interrupt = undefined;
    }
  }

  return {
    runOnce,
    start({ pollMs }) {
      if (running !== undefined) return;
      stopping = false;
      running = loop(pollMs);
    },
    wake() {
      woken = true;
      interrupt?.();
    },
    async stop() {
      stopping = true;
      interrupt?.();
      await running;
      running = undefined;
    },
  };
}
