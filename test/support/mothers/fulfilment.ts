import type { FulfilmentEvent, FulfilmentStatus, Shipment } from '../../../src/orders/api.js';
import { LATER } from './time.js';

export const PARCEL: Shipment = { carrier: 'Nepal Post', trackingNumber: 'NP123456789' };

/** The moves of one order from unfulfilled to returned, in order, each a minute after the last, by one operator. */
const CHAIN: readonly [FulfilmentStatus, FulfilmentStatus][] = [
  ['unfulfilled', 'processing'],
  ['processing', 'shipped'],
  ['shipped', 'delivered'],
  ['delivered', 'return_requested'],
  ['return_requested', 'returned'],
];

const minutesAfter = (iso: string, minutes: number): string => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** The event of the move into `to`, as the chain makes it (the move into `shipped` carries `PARCEL`). */
export function aFulfilmentEvent(to: FulfilmentStatus, overrides: Partial<FulfilmentEvent> = {}): FulfilmentEvent {
  const index = CHAIN.findIndex(([, target]) => target === to);
  if (index < 0) throw new Error(`no move into ${to}`);
  const [from] = CHAIN[index]!;
  return { from, to, at: minutesAfter(LATER, index), by: 'ops_anna', reason: `moved to ${to}`, ...(to === 'shipped' ? { shipment: PARCEL } : {}), ...overrides };
}

/** Every event up to and including the move into `status` (none for `unfulfilled`). */
export function eventsUpTo(status: FulfilmentStatus): FulfilmentEvent[] {
  const last = CHAIN.findIndex(([, target]) => target === status);
  return CHAIN.slice(0, last + 1).map(([, to]) => aFulfilmentEvent(to));
}
