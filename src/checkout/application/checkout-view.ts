import { isManualMethod, type CheckoutState } from '../domain/saga.js';
import type { CheckoutRecord } from '../ports/storefront-queries.js';
import { fulfilmentOf, type Fulfilment, type FulfilmentStatus, type Order, type Shipment } from '../../orders/api.js';
import type { Contact, DeliveryAddress } from '../../shared/customer-details.js';

/**
 * What the storefront sees of a checkout: the order from the database and the saga's live state;
 * once the engine no longer keeps the saga, its final state as the database recorded it.
 */
export interface CheckoutView {
  readonly orderId: string;
  readonly orderStatus: Order['status'] | 'pending_payment';
  readonly checkoutStatus: CheckoutState['status'];
  readonly gateway: string;
  readonly amount: { amountMinor: number; currency: string };
  /** The quote: subtotal, and what points, tax and delivery took off or added. */
  readonly subtotal?: { amountMinor: number; currency: string };
  readonly charges?: Order['charges'];
  readonly lines: readonly { sku: string; name: string; quantity: number; unitPriceMinor: number; lineTotalMinor: number }[];
  readonly paymentAction?: CheckoutState['paymentAction'];
  /** The gateway's id for the money movement, once verified. */
  readonly transactionId?: string;
  readonly expiresAt?: string;
  readonly cancelReason?: string;
  readonly pointsAwarded?: number;
  readonly refundedToWallet?: { amountMinor: number; currency: string };
  readonly attention?: { code: string };
  /** Where the goods are, apart from the payment: `unfulfilled` until an operator moves them on. */
  readonly fulfilmentStatus: FulfilmentStatus;
  /** The carrier and tracking number, once shipped. */
  readonly shipment?: Shipment;
  /** The shopper's contact and delivery address, as stored with the order. */
  readonly customer?: Contact;
  readonly deliveryAddress?: DeliveryAddress;
}

function linesOf(order: Order | undefined): CheckoutView['lines'] {
  return (order?.lines ?? []).map((line) => ({
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    unitPriceMinor: line.unitPrice.amountMinor,
    lineTotalMinor: line.lineTotal.amountMinor,
  }));
}

/** The fulfilment of an order no operator has moved yet. */
export const NOT_MOVED = fulfilmentOf([]);

/** The fulfilment fields of a view. */
const fulfilmentFields = (fulfilment: Fulfilment): Pick<CheckoutView, 'fulfilmentStatus' | 'shipment'> => ({
  fulfilmentStatus: fulfilment.status,
  ...('shipment' in fulfilment ? { shipment: fulfilment.shipment } : {}),
});

function detailsOf(order: Order | undefined): Pick<CheckoutView, 'customer' | 'deliveryAddress'> {
  return { ...(order?.contact ? { customer: order.contact } : {}), ...(order?.deliveryAddress ? { deliveryAddress: order.deliveryAddress } : {}) };
}

export function view(state: CheckoutState, order: Order | undefined, fulfilment: Fulfilment = NOT_MOVED): CheckoutView {
  return {
    orderId: state.orderId,
    orderStatus: order?.status ?? 'pending_payment',
    checkoutStatus: state.status,
    gateway: state.gateway,
    amount: state.amount,
    ...(order ? { subtotal: order.subtotal } : {}),
    ...(order?.charges ? { charges: order.charges } : {}),
    lines: linesOf(order),
    ...(state.paymentAction ? { paymentAction: state.paymentAction } : {}),
    ...(state.transactionId ? { transactionId: state.transactionId } : {}),
    ...(state.expiresAt && state.paymentAction ? { expiresAt: state.expiresAt } : {}),
    ...(state.cancelReason ? { cancelReason: state.cancelReason } : {}),
    ...(state.pointsAwarded !== undefined ? { pointsAwarded: state.pointsAwarded } : {}),
    ...(state.refundedToWallet ? { refundedToWallet: state.refundedToWallet } : {}),
    ...(state.attention ? { attention: { code: state.attention.code } } : {}),
    ...fulfilmentFields(fulfilment),
    ...detailsOf(order),
  };
}

/** What a saga that ran to its end leaves in the order's status. */
export const CLOSED_STATUS: Readonly<Record<Order['status'], CheckoutState['status'] | undefined>> = {
  confirmed: 'confirmed',
  partially_refunded: 'confirmed',
  refunded: 'confirmed',
  cancelled: 'cancelled',
  pending_payment: undefined,
  paid: undefined,
};

/**
 * A checkout whose saga the engine no longer keeps, from the database: what the saga's state said
 * when it closed (status, cancel reason, transaction, points, wallet credit). An order still open
 * without a saga cannot move on by itself: it shows as needing an operator.
 */
export function recordedView(order: Order, record: CheckoutRecord, fulfilment: Fulfilment): CheckoutView {
  const checkoutStatus = CLOSED_STATUS[order.status];
  const paid = order.gateway === 'wallet' || isManualMethod(order.gateway) ? undefined : record.payments.find((p) => p.gateway === order.gateway);
  const settled = checkoutStatus === 'confirmed';
  return {
    orderId: order.id,
    orderStatus: order.status,
    checkoutStatus: checkoutStatus ?? 'needs_attention',
    gateway: order.gateway,
    amount: order.total,
    subtotal: order.subtotal,
    ...(order.charges ? { charges: order.charges } : {}),
    lines: linesOf(order),
    // As the saga showed it: an operator's credit of a payment the saga never verified (a parked
    // amount mismatch, say) leaves the saga without a transaction of its own.
    ...(paid?.transactionId && !(order.status === 'cancelled' && order.reason === 'refunded_to_wallet') ? { transactionId: paid.transactionId } : {}),
    ...(order.status === 'cancelled' ? { cancelReason: order.reason } : {}),
    ...(record.pointsEarned !== undefined ? { pointsAwarded: record.pointsEarned } : settled ? { pointsAwarded: 0 } : {}),
    ...(record.refundedToWalletMinor > 0 ? { refundedToWallet: { amountMinor: record.refundedToWalletMinor, currency: order.total.currency } } : {}),
    ...(checkoutStatus === undefined ? { attention: { code: 'checkout.saga_missing' } } : {}),
    ...fulfilmentFields(fulfilment),
    ...detailsOf(order),
  };
}
