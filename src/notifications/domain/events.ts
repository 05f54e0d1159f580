import type { Money } from '../../shared/money.js';

/** One line of an order as the shopper reads it in a message. */
export interface MessageLine {
  readonly name: string;
  readonly quantity: number;
  readonly lineTotal: Money;
}

/**
 * What happened that someone must be told about. Each event names the facts its messages show,
 * taken when the state change was committed, so a message sent later says what was true then.
 */
export type ShopEvent =
  | {
      readonly type: 'order_confirmed';
      readonly orderId: string;
      readonly customerId: string;
      readonly total: Money;
      readonly lines: readonly MessageLine[];
      /** The gateway (or `wallet`, `bank_transfer`, `cash_on_delivery`) that took the payment. */
      readonly paidWith: string;
    }
  | {
      readonly type: 'order_cancelled';
      readonly orderId: string;
      readonly customerId: string;
      readonly total: Money;
      /** The order's cancel reason: `payment_failed`, `payment_expired`, `payment_cancelled`, `operator_cancelled`, … */
      readonly reason: string;
    }
  | {
      readonly type: 'manual_payment_instructions';
      readonly orderId: string;
      readonly customerId: string;
      readonly total: Money;
      readonly method: 'bank_transfer' | 'cash_on_delivery';
      /** The reference the shopper quotes on the transfer (the order id). */
      readonly reference: string;
    }
  | {
      /** Money the gateway took was credited to the shopper's wallet instead of keeping the order. */
      readonly type: 'refunded_to_wallet';
      readonly orderId: string;
      readonly customerId: string;
      readonly amount: Money;
      readonly reason: string;
    }
  | {
      /** A refund reached the shopper through the gateway (or their wallet). */
      readonly type: 'refund_completed';
      readonly orderId: string;
      readonly customerId: string;
      readonly refundId: string;
      readonly amount: Money;
      /** Where the money went: the gateway's id or `wallet`. */
      readonly destination: string;
    }
  | {
      readonly type: 'wallet_topped_up';
      readonly topUpId: string;
      readonly customerId: string;
      readonly amount: Money;
    }
  | {
      readonly type: 'order_shipped';
      readonly orderId: string;
      readonly customerId: string;
      readonly carrier: string;
      readonly trackingNumber: string;
    }
  | {
      readonly type: 'order_delivered';
      readonly orderId: string;
      readonly customerId: string;
    }
  | {
      /** Marketing-like: a shopper who opted out of marketing is not told. */
      readonly type: 'points_earned';
      readonly orderId: string;
      readonly customerId: string;
      readonly points: number;
    }
  | {
      /** Staff only: a product's stock fell to or below its low-stock threshold with this order. */
      readonly type: 'low_stock';
      readonly orderId: string;
      readonly sku: string;
      readonly name: string;
      readonly available: number;
      readonly threshold: number;
    }
  | {
      /** Staff only: a checkout saga parked itself for a person to decide. */
      readonly type: 'checkout_needs_attention';
      readonly orderId: string;
      readonly customerId: string;
      readonly code: string;
      readonly message: string;
    };

export type ShopEventType = ShopEvent['type'];

/** The events a shopper may opt out of; every other shopper message is transactional and always goes. */
export const MARKETING_EVENTS: readonly ShopEventType[] = ['points_earned'];

/** The events only staff hear about. */
export const STAFF_ONLY_EVENTS: readonly ShopEventType[] = ['low_stock', 'checkout_needs_attention'];

/** The events staff get a copy of as well as the shopper. */
export const STAFF_COPY_EVENTS: readonly ShopEventType[] = ['order_confirmed'];

/** The one key of an event: its messages are written once per (key, channel, recipient). */
export function eventKey(event: ShopEvent): string {
  switch (event.type) {
    case 'wallet_topped_up':
      return `${event.type}:${event.topUpId}`;
    case 'refund_completed':
      return `${event.type}:${event.refundId}`;
    case 'low_stock':
      return `${event.type}:${event.sku}:${event.orderId}`;
    case 'checkout_needs_attention':
      // A saga may park more than once, for different reasons: each reason is told once.
      return `${event.type}:${event.orderId}:${event.code}`;
    case 'order_confirmed':
    case 'order_cancelled':
    case 'manual_payment_instructions':
    case 'refunded_to_wallet':
    case 'order_shipped':
    case 'order_delivered':
    case 'points_earned':
      return `${event.type}:${event.orderId}`;
  }
}
