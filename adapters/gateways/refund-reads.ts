import type { RefundReport } from '../../src/payments/ports/payment-gateway.js';

/**
 * Of the gateway's refunds carrying one of our refund ids (a retry after a failed one makes a
 * second), the one that tells: completed, else under way, else the failed one.
 */
export function liveFirst(reports: readonly RefundReport[]): RefundReport | undefined {
  return reports.find((r) => r.status === 'completed') ?? reports.find((r) => r.status === 'pending') ?? reports[0];
}
