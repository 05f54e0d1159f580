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
}

export interface StorefrontQueries {
  catalog(): Promise<CatalogItem[]>;
  walletEntries(customerId: string, currency: string, limit: number, cursor?: string): Promise<Page<WalletEntryView>>;
  loyaltyHistory(customerId: string, limit: number, cursor?: string): Promise<Page<LoyaltyEntryView>>;
  orders(customerId: string, limit: number, cursor?: string): Promise<Page<OrderSummary>>;
}
