/**
 * Pure rules of the checkout saga, shared by the workflow (deterministic) and the application.
 */

export type CheckoutStatus =
  | 'initiating'
  | 'awaiting_payment'
  | 'verifying'
  | 'fulfilling'
  | 'confirmed'
  | 'cancelled'
  | 'compensating'
  | 'needs_attention';

export const TERMINAL_STATUSES: readonly CheckoutStatus[] = ['confirmed', 'cancelled'];

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
