import type { GatewayEvent } from './payment-gateway.js';

export type GatewayEventStatus = 'received' | 'signalled' | 'unmatched';

/**
 * The record of every webhook. A verified event is stored once under (gateway, event id); a
 * replay finds it and learns whether it was already handed to its saga. Rejected deliveries are
 * counted too, so a forged or misconfigured sender shows up in the log — per (gateway, code,
 * minute), with a sample detail, so a flood of them stays a bounded number of records.
 */
export interface GatewayEventLog {
  receive(event: GatewayEvent, receivedAt: string): Promise<{ readonly isNew: boolean; readonly status: GatewayEventStatus }>;
  mark(gateway: string, eventId: string, status: Exclude<GatewayEventStatus, 'received'>, orderId?: string): Promise<void>;
  /** Counts one refused delivery; `code` is the error code (`webhooks.invalid_signature`, …), `detail` its message. */
  rejected(gateway: string, code: string, detail: string, receivedAt: string): Promise<void>;
}
