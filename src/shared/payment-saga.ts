/**
 * Pure rules every payment saga shares (checkouts, wallet top-ups, late payments, refunds),
 * deterministic, for workflows and application code alike.
 */

/**
 * When to ask the gateway again while waiting for a callback: quickly at first (most shoppers pay
 * within minutes), then backing off to a ceiling, so a lost callback is found without hammering
 * the gateway. Attempt 0 is the first sync after initiation.
 */
export function syncDelayMs(attempt: number, firstMs = 30_000, ceilingMs = 5 * 60_000): number {
  const delay = firstMs * 2 ** Math.max(0, Math.min(attempt, 20));
  return Math.min(delay, ceilingMs);
}

/** Idempotency key of one saga step: stable across retries, resets and replays (never the run id). */
export const stepKey = (workflowId: string, step: string): string => `${workflowId}/${step}`;

export type OperatorAction = 'retry' | 'refund_to_wallet' | 'cancel';

/** An operator's decision on a parked saga, recorded with who and why. */
export interface OperatorDecision {
  readonly action: OperatorAction;
  readonly by: string;
  readonly reason: string;
}
