import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { OrderStatus } from './order.js';

/**
 * Where an order's goods are, kept apart from its payment status: a confirmed order is
 * `unfulfilled` until an operator starts processing it, then `processing → shipped → delivered`;
 * a return is `delivered → return_requested → returned` (the goods came back; money goes back
 * through refunds, not here). Each status is reached at most once, so an order's history holds at
 * most one move into each.
 */
export const FULFILMENT_STATUSES = ['unfulfilled', 'processing', 'shipped', 'delivered', 'return_requested', 'returned'] as const;
export type FulfilmentStatus = (typeof FULFILMENT_STATUSES)[number];

/** The parcel as the carrier knows it. */
export interface Shipment {
  readonly carrier: string;
  readonly trackingNumber: string;
}

/** One recorded move: from which status to which, when, by whom (an operator) and why. */
export interface FulfilmentEvent {
  readonly from: FulfilmentStatus;
  readonly to: FulfilmentStatus;
  readonly at: string;
  readonly by: string;
  readonly reason: string;
  /** On the move into `shipped` only. */
  readonly shipment?: Shipment;
}

/** The fulfilment as its moves leave it; the shipment from `shipped` on. */
export type Fulfilment =
  | { readonly status: 'unfulfilled' | 'processing'; readonly history: readonly FulfilmentEvent[] }
  | { readonly status: 'shipped' | 'delivered' | 'return_requested' | 'returned'; readonly shipment: Shipment; readonly history: readonly FulfilmentEvent[] };

interface CommandData {
  readonly at: string;
  readonly by: string;
  readonly reason: string;
}

export type FulfilmentCommand =
  | ({ readonly type: 'StartProcessing' } & CommandData)
  /** Carrier and tracking number as the operator gave them: required, blank counts as missing. */
  | ({ readonly type: 'Ship'; readonly carrier?: string; readonly trackingNumber?: string } & CommandData)
  | ({ readonly type: 'MarkDelivered' } & CommandData)
  | ({ readonly type: 'RequestReturn' } & CommandData)
  | ({ readonly type: 'ReceiveReturn' } & CommandData);

export type FulfilmentCommandType = FulfilmentCommand['type'];

export type FulfilmentError = DomainError<'fulfilment.transition_refused' | 'fulfilment.order_not_confirmed' | 'fulfilment.shipment_required'>;

/**
 * Each command's one move. `paidOrderOnly`: goods leave only for an order whose payment stands
 * (confirmed, or partly refunded); delivery and returns record what happens to goods already sent.
 */
export const FULFILMENT_TRANSITIONS: Readonly<Record<FulfilmentCommandType, { from: FulfilmentStatus; to: FulfilmentStatus; paidOrderOnly: boolean }>> = {
  StartProcessing: { from: 'unfulfilled', to: 'processing', paidOrderOnly: true },
  Ship: { from: 'processing', to: 'shipped', paidOrderOnly: true },
  MarkDelivered: { from: 'shipped', to: 'delivered', paidOrderOnly: false },
  RequestReturn: { from: 'delivered', to: 'return_requested', paidOrderOnly: false },
  ReceiveReturn: { from: 'return_requested', to: 'returned', paidOrderOnly: false },
};

const FULFILLABLE: readonly OrderStatus[] = ['confirmed', 'partially_refunded'];

export const unfulfilled: Fulfilment = { status: 'unfulfilled', history: [] };

export function evolveFulfilment(fulfilment: Fulfilment, move: FulfilmentEvent): Fulfilment {
  const history = [...fulfilment.history, move];
  const shipment = move.shipment ?? ('shipment' in fulfilment ? fulfilment.shipment : undefined);
  if (move.to === 'unfulfilled' || move.to === 'processing') return { status: move.to, history };
  if (shipment === undefined) throw new Error(`a move to ${move.to} without a shipment recorded before it`);
  return { status: move.to, shipment, history };
}

/** The fulfilment its recorded moves (oldest first) make. */
export const fulfilmentOf = (history: readonly FulfilmentEvent[]): Fulfilment => history.reduce(evolveFulfilment, unfulfilled);

/** The move `command` makes, already recorded: what a repeat of it answers. */
export const earlierEvent = (fulfilment: Fulfilment, type: FulfilmentCommandType): FulfilmentEvent | undefined =>
  fulfilment.history.find((move) => move.to === FULFILMENT_TRANSITIONS[type].to);

function shipmentOf(command: FulfilmentCommand): Result<Shipment | undefined, FulfilmentError> {
  if (command.type !== 'Ship') return ok(undefined);
  const carrier = command.carrier?.trim() ?? '';
  const trackingNumber = command.trackingNumber?.trim() ?? '';
  if (carrier === '' || trackingNumber === '') {
    return err(
      domainError('fulfilment.shipment_required', 'shipping needs the carrier and the tracking number', {
        missing: [...(carrier === '' ? ['carrier'] : []), ...(trackingNumber === '' ? ['trackingNumber'] : [])],
      }),
    );
  }
  return ok({ carrier, trackingNumber });
}

const sameShipment = (a: Shipment | undefined, b: Shipment | undefined): boolean => a?.carrier === b?.carrier && a?.trackingNumber === b?.trackingNumber;

/**
 * Decides what a command does to an order's fulfilment, given its payment status. A repeat of a
 * move already made (the same target, and for shipping the same carrier and tracking number)
 * decides nothing, whoever asks and why, so a retried or raced request is harmless; the same
 * target with another shipment, a move from a status it cannot come from, or goods leaving for an
 * order that is not paid (pending, cancelled, refunded) is refused.
 */
export function decideFulfilment(
  command: FulfilmentCommand,
  state: { readonly orderStatus: OrderStatus; readonly fulfilment: Fulfilment },
): Result<FulfilmentEvent[], FulfilmentError> {
  const { from, to, paidOrderOnly } = FULFILMENT_TRANSITIONS[command.type];
  const { fulfilment, orderStatus } = state;
  const shipment = shipmentOf(command);
  if (!shipment.ok) return shipment;
  const earlier = earlierEvent(fulfilment, command.type);
  if (earlier !== undefined) {
    if (sameShipment(earlier.shipment, shipment.value)) return ok([]);
    return err(
      domainError('fulfilment.transition_refused', `the order was already ${to} with ${earlier.shipment?.carrier} ${earlier.shipment?.trackingNumber}`, {
        status: fulfilment.status,
        command: command.type,
      }),
    );
  }
  if (paidOrderOnly && !FULFILLABLE.includes(orderStatus)) {
    return err(domainError('fulfilment.order_not_confirmed', `an order that is ${orderStatus} cannot be ${to}`, { orderStatus, command: command.type }));
  }
  if (fulfilment.status !== from) {
    return err(
      domainError('fulfilment.transition_refused', `${command.type} applies to an order that is ${from}, not ${fulfilment.status}`, {
        status: fulfilment.status,
        command: command.type,
      }),
    );
  }
  const move: FulfilmentEvent = { from, to, at: command.at, by: command.by, reason: command.reason };
  return ok([shipment.value === undefined ? move : { ...move, shipment: shipment.value }]);
}
