import type { DomainError, Result } from '../../shared/result.js';
import type { NotificationChannelId, OutboxMessage } from '../domain/messages.js';

/** Where an outbox row is: waiting (`pending`), claimed by a dispatcher (`sending`), `sent`, or `parked` for an operator. */
export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'parked';
export const NOTIFICATION_STATUSES: readonly NotificationStatus[] = ['pending', 'sending', 'sent', 'parked'];

/** A row a dispatcher claimed: it alone may mark it, with its `claimToken`, until its lease lapses. */
export interface ClaimedNotification {
  readonly id: string;
  readonly message: OutboxMessage;
  /** Counting this one: the first claim is attempt 1. */
  readonly attempts: number;
  /** How many times an operator resent it; with `id`, what makes a send's Message-ID. */
  readonly resends: number;
  readonly claimToken: string;
}

/** An outbox row as operators see it. Instants are ISO-8601. */
export interface NotificationRecord {
  readonly id: string;
  readonly kind: string;
  readonly channel: NotificationChannelId;
  readonly audience: OutboxMessage['audience'];
  readonly recipient: string;
  readonly customerId?: string;
  readonly orderId?: string;
  readonly status: NotificationStatus;
  readonly attempts: number;
  readonly resends: number;
  readonly nextAttemptAt: string;
  readonly lastError?: string;
  readonly providerMessageId?: string;
  readonly createdAt: string;
  readonly sentAt?: string;
  readonly parkedAt?: string;
}

/** One operator's resend of a row, kept whatever happens to the row after. */
export interface NotificationResend {
  readonly by: string;
  readonly reason: string;
  readonly previousStatus: 'sent' | 'parked';
  readonly at: string;
}

/** One row with the facts its message tells and who resent it, oldest first. */
export interface NotificationDetail extends NotificationRecord {
  readonly event: OutboxMessage['event'];
  readonly resentBy: readonly NotificationResend[];
}

/** Absent (or undefined) filters match every row. */
export interface NotificationFilter {
  readonly status?: NotificationStatus | undefined;
  readonly orderId?: string | undefined;
  readonly customerId?: string | undefined;
  readonly channel?: NotificationChannelId | undefined;
}

/** A page, newest first; pass `nextCursor` back for the next one. */
export interface NotificationPage {
  readonly items: readonly NotificationRecord[];
  readonly nextCursor?: string;
}

/** What becomes of a failed send: tried again at `retryAt`, or parked for an operator. */
export type FailureOutcome = { readonly retryAt: Date } | 'park';

export type ResendError = DomainError<'notifications.not_found' | 'notifications.not_resendable'>;

/**
 * The dispatcher's side of the outbox. Every mark is conditional on the claim token: a dispatcher
 * whose lease lapsed and whose row another one claimed cannot overwrite what that one does.
 */
export interface NotificationQueue {
  /**
   * Atomically claims up to `limit` due rows — `pending` with `next_attempt_at <= now`, or
   * `sending` with a lapsed lease (a dispatcher that crashed) — skipping rows another claim holds:
   * each becomes `sending` until `now + leaseMs`, with a fresh claim token and one more attempt.
   * Oldest due first.
   */
  claim(limit: number, leaseMs: number, now: Date): Promise<ClaimedNotification[]>;
  /** `sent` at `at`; false (and nothing changed) when the token is not the row's claim any more. */
  markSent(id: string, claimToken: string, providerMessageId: string, at: Date): Promise<boolean>;
  /** Back to `pending` until `retryAt`, or `parked`, with the error; false when the token is stale. */
  markFailed(id: string, claimToken: string, error: string, outcome: FailureOutcome, at: Date): Promise<boolean>;
  /** Operators' list, newest first, in keyset pages; a cursor this service did not issue throws `InvalidCursorError`. */
  list(query: NotificationFilter & { readonly limit: number; readonly cursor?: string | undefined }): Promise<NotificationPage>;
  byId(id: string): Promise<NotificationDetail | undefined>;
  /**
   * Puts a `sent` or `parked` row back to `pending` at `at`, attempts 0, one more resend (so a new
   * Message-ID), and records who and why. A row `pending` or `sending` is refused
   * (`notifications.not_resendable`): it is going out anyway.
   */
  resend(id: string, by: { readonly operatorId: string; readonly reason: string }, at: Date): Promise<Result<NotificationRecord, ResendError>>;
}
