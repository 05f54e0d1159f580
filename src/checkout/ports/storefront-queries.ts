/**
 * What the storefront reads: lists for one shopper, newest first, in pages. A cursor is opaque to
 * callers: pass back `nextCursor` to get the next page.
 */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

export interface CatalogItem {
  readonly sku: string;
  readonly name: string;
  readonly priceMinor: number;
  readonly currency: string;
  readonly available: number;
}

export interface WalletEntryView {
  readonly id: string;
  readonly kind: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly orderId?: string;
  readonly refundId?: string;
  readonly reason: string;
  readonly createdAt: string;
}

export interface LoyaltyEntryView {
  readonly id: string;
  readonly kind: string;
  readonly points: number;
  readonly orderId?: string;
  readonly createdAt: string;
}

export interface OrderSummary {
  readonly orderId: string;
  readonly status: string;
  readonly gateway: string;
  readonly totalMinor: number;
  readonly currency: string;
  readonly placedAt: string;
  /** Where the goods are (`unfulfilled`, `processing`, `shipped`, …), apart from the payment `status`. */
  readonly fulfilmentStatus: string;
  /** The carrier and tracking number, once shipped. */
  readonly shipment?: { readonly carrier: string; readonly trackingNumber: string };
}

/**
 * What PostgreSQL holds of one checkout besides its order: its payments, what the saga credited
 * to the wallet, the points it awarded. The read side of a saga the engine no longer keeps.
 */
export interface CheckoutRecord {
  readonly payments: readonly {
    readonly gateway: string;
    readonly status: string;
    readonly amountMinor: number;
    readonly currency: string;
    readonly gatewayPaymentId?: string;
    readonly transactionId?: string;
  }[];
  /**
   * Minor units the saga's compensations credited to the wallet for this order (its wallet part
   * given back, the gateway part refunded to the wallet); refunds an operator requested later are
   * not counted.
   */
  readonly refundedToWalletMinor: number;
  /** Points earned for the order, before any reversal; `undefined` when none were ever earned. */
  readonly pointsEarned?: number;
}

export interface StorefrontQueries {
  checkoutRecord(orderId: string): Promise<CheckoutRecord>;
  /** The products sold in `currency` (those with a price in it), by SKU, with their price in it. */
  catalog(currency: string): Promise<CatalogItem[]>;
  walletEntries(customerId: string, currency: string, limit: number, cursor?: string): Promise<Page<WalletEntryView>>;
  loyaltyHistory(customerId: string, limit: number, cursor?: string): Promise<Page<LoyaltyEntryView>>;
  /** The customer's orders, newest first; with `statuses`, only the orders in one of them. */
  orders(customerId: string, limit: number, cursor?: string, statuses?: readonly string[]): Promise<Page<OrderSummary>>;
}
