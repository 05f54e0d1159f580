import { EntitySchema } from '@mikro-orm/core';

/**
 * Row shapes of the tables. The domain never sees these: repositories map rows to domain values.
 * Money columns are `bigint` minor units read as JS numbers (safe integers) plus `char(3)`.
 */
export class ProductRecord {
  sku!: string;
  name!: string;
  onHand!: number;
  reserved!: number;
  lowStockThreshold!: number;
  createdAt!: Date;
}

export class OrderRecord {
  id!: string;
  customerId!: string;
  gateway!: string;
  status!: string;
  currency!: string;
  subtotalMinor!: number;
  totalMinor!: number;
  discountMinor!: number;
  taxMinor!: number;
  deliveryMinor!: number;
  deliveryOption!: string;
  pointsRedeemed!: number;
  refundedMinor!: number;
  cancelReason?: string | null;
  placedAt!: Date;
  paidAt?: Date | null;
  confirmedAt?: Date | null;
  cancelledAt?: Date | null;
  updatedAt!: Date;
  /** Written only by the fulfilment adapter, beside the payment status; the column's default on insert. */
  fulfilmentStatus?: string;
  contactName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  deliveryLine1?: string | null;
  deliveryLine2?: string | null;
  deliveryCity?: string | null;
  deliveryRegion?: string | null;
  deliveryPostalCode?: string | null;
  deliveryCountry?: string | null;
}

export class OrderItemRecord {
  id!: number;
  orderId!: string;
  position!: number;
  sku!: string;
  name!: string;
  unitPriceMinor!: number;
  quantity!: number;
  lineTotalMinor!: number;
}

export class PaymentRecord {
  id!: string;
  orderId!: string;
  gateway!: string;
  status!: string;
  amountMinor!: number;
  currency!: string;
  gatewayPaymentId?: string | null;
  transactionId?: string | null;
  redirectUrl?: string | null;
  action?: Record<string, unknown> | null;
  expiresAt?: Date | null;
  /** How it was paid (migration 0017): display data only, written by `SavedMethodRepository.recordPaidWith`. */
  paidWithType?: string | null;
  paidWithBrand?: string | null;
  paidWithLast4?: string | null;
  paidWithWallet?: string | null;
  createdAt!: Date;
  updatedAt!: Date;
}

export class PaymentVerificationRecord {
  id!: number;
  gateway!: string;
  transactionId!: string;
  gatewayPaymentId!: string;
  /** An order's payment or a wallet top-up's: exactly one of the two. */
  orderId!: string | null;
  topUpId?: string | null;
  amountMinor!: number;
  currency!: string;
  verifiedAt!: Date;
}

export class WalletEntryRecord {
  id!: number;
  customerId!: string;
  kind!: string;
  amountMinor!: number;
  currency!: string;
  orderId?: string | null;
  paymentId?: string | null;
  refundId?: string | null;
  topUpId?: string | null;
  actor?: string | null;
  reason!: string;
  idempotencyKey!: string;
  createdAt!: Date;
}

export class LoyaltyEntryRecord {
  id!: number;
  customerId!: string;
  kind!: string;
  points!: number;
  orderId?: string | null;
  idempotencyKey!: string;
  createdAt!: Date;
}

export class StockReservationRecord {
  orderId!: string;
  lines!: { sku: string; quantity: number }[];
  status!: string;
  reservedAt!: Date;
  settledAt?: Date | null;
}

export class WalletAccountRecord {
  customerId!: string;
  currency!: string;
  balanceMinor!: number;
}

export class LoyaltyAccountRecord {
  customerId!: string;
  balance!: number;
  lifetime!: number;
}

export class RefundRecord {
  id!: string;
  orderId!: string;
  paymentId!: string;
  amountMinor!: number;
  currency!: string;
  destination!: string;
  status!: string;
  reason!: string;
  requestedBy!: string;
  gatewayRefundId?: string | null;
  failureReason?: string | null;
  attentionReason?: string | null;
  attentionSince?: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
}

export class RefundDecisionRecord {
  id!: number;
  refundId!: string;
  action!: string;
  decidedBy!: string;
  reason!: string;
  decidedAt!: Date;
}

const money = { type: 'bigint', columnType: 'bigint', runtimeType: 'number' } as const;
const instant = { type: 'datetime', columnType: 'timestamptz' } as const;

export const ProductSchema = new EntitySchema<ProductRecord>({
  class: ProductRecord,
  tableName: 'products',
  properties: {
    sku: { type: 'string', primary: true, length: 64 },
    name: { type: 'string', length: 200 },
    onHand: { type: 'integer', fieldName: 'on_hand' },
    reserved: { type: 'integer', default: 0 },
    lowStockThreshold: { type: 'integer', fieldName: 'low_stock_threshold', default: 5 },
    createdAt: { ...instant, fieldName: 'created_at' },
  },
});

export const OrderSchema = new EntitySchema<OrderRecord>({
  class: OrderRecord,
  tableName: 'orders',
  properties: {
    id: { type: 'string', primary: true, length: 64 },
    customerId: { type: 'string', length: 128, fieldName: 'customer_id' },
    gateway: { type: 'string', length: 32 },
    status: { type: 'string', length: 32 },
    currency: { type: 'string', columnType: 'char(3)' },
    subtotalMinor: { ...money, fieldName: 'subtotal_minor' },
    totalMinor: { ...money, fieldName: 'total_minor' },
    discountMinor: { ...money, fieldName: 'discount_minor', default: 0 },
    taxMinor: { ...money, fieldName: 'tax_minor', default: 0 },
    deliveryMinor: { ...money, fieldName: 'delivery_minor', default: 0 },
    deliveryOption: { type: 'string', length: 16, fieldName: 'delivery_option', default: 'pickup' },
    pointsRedeemed: { type: 'integer', fieldName: 'points_redeemed', default: 0 },
    refundedMinor: { ...money, fieldName: 'refunded_minor', default: 0 },
    cancelReason: { type: 'string', length: 64, nullable: true, fieldName: 'cancel_reason' },
    placedAt: { ...instant, fieldName: 'placed_at' },
    paidAt: { ...instant, nullable: true, fieldName: 'paid_at' },
    confirmedAt: { ...instant, nullable: true, fieldName: 'confirmed_at' },
    cancelledAt: { ...instant, nullable: true, fieldName: 'cancelled_at' },
    updatedAt: { ...instant, fieldName: 'updated_at' },
    fulfilmentStatus: { type: 'string', length: 32, fieldName: 'fulfilment_status', default: 'unfulfilled' },
    contactName: { type: 'string', length: 200, nullable: true, fieldName: 'contact_name' },
    contactEmail: { type: 'string', length: 254, nullable: true, fieldName: 'contact_email' },
    contactPhone: { type: 'string', length: 16, nullable: true, fieldName: 'contact_phone' },
    deliveryLine1: { type: 'string', length: 200, nullable: true, fieldName: 'delivery_line1' },
    deliveryLine2: { type: 'string', length: 200, nullable: true, fieldName: 'delivery_line2' },
    deliveryCity: { type: 'string', length: 100, nullable: true, fieldName: 'delivery_city' },
    deliveryRegion: { type: 'string', length: 100, nullable: true, fieldName: 'delivery_region' },
    deliveryPostalCode: { type: 'string', length: 12, nullable: true, fieldName: 'delivery_postal_code' },
    deliveryCountry: { type: 'string', columnType: 'char(2)', nullable: true, fieldName: 'delivery_country' },
  },
});

export const OrderItemSchema = new EntitySchema<OrderItemRecord>({
  class: OrderItemRecord,
  tableName: 'order_items',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    orderId: { type: 'string', length: 64, fieldName: 'order_id' },
    position: { type: 'integer' },
    sku: { type: 'string', length: 64 },
    name: { type: 'string', length: 200 },
    unitPriceMinor: { ...money, fieldName: 'unit_price_minor' },
    quantity: { type: 'integer' },
    lineTotalMinor: { ...money, fieldName: 'line_total_minor' },
  },
});

export const PaymentSchema = new EntitySchema<PaymentRecord>({
  class: PaymentRecord,
  tableName: 'payments',
  properties: {
    id: { type: 'string', primary: true, length: 64 },
    orderId: { type: 'string', length: 64, fieldName: 'order_id' },
    gateway: { type: 'string', length: 32 },
    status: { type: 'string', length: 32 },
    amountMinor: { ...money, fieldName: 'amount_minor' },
    currency: { type: 'string', columnType: 'char(3)' },
    gatewayPaymentId: { type: 'string', length: 128, nullable: true, fieldName: 'gateway_payment_id' },
    transactionId: { type: 'string', length: 128, nullable: true, fieldName: 'transaction_id' },
    redirectUrl: { type: 'text', nullable: true, fieldName: 'redirect_url' },
    action: { type: 'json', columnType: 'jsonb', nullable: true },
    expiresAt: { ...instant, nullable: true, fieldName: 'expires_at' },
    paidWithType: { type: 'string', length: 16, nullable: true, fieldName: 'paid_with_type' },
    paidWithBrand: { type: 'string', length: 32, nullable: true, fieldName: 'paid_with_brand' },
    paidWithLast4: { type: 'string', columnType: 'char(4)', nullable: true, fieldName: 'paid_with_last4' },
    paidWithWallet: { type: 'string', length: 32, nullable: true, fieldName: 'paid_with_wallet' },
    createdAt: { ...instant, fieldName: 'created_at' },
    updatedAt: { ...instant, fieldName: 'updated_at' },
  },
});

export const PaymentVerificationSchema = new EntitySchema<PaymentVerificationRecord>({
  class: PaymentVerificationRecord,
  tableName: 'payment_verifications',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    gateway: { type: 'string', length: 32 },
    transactionId: { type: 'string', length: 128, fieldName: 'transaction_id' },
    gatewayPaymentId: { type: 'string', length: 128, fieldName: 'gateway_payment_id' },
    orderId: { type: 'string', length: 64, nullable: true, fieldName: 'order_id' },
    topUpId: { type: 'string', length: 64, nullable: true, fieldName: 'top_up_id' },
    amountMinor: { ...money, fieldName: 'amount_minor' },
    currency: { type: 'string', columnType: 'char(3)' },
    verifiedAt: { ...instant, fieldName: 'verified_at' },
  },
});

export const WalletEntrySchema = new EntitySchema<WalletEntryRecord>({
  class: WalletEntryRecord,
  tableName: 'wallet_entries',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    customerId: { type: 'string', length: 128, fieldName: 'customer_id' },
    kind: { type: 'string', length: 32 },
    amountMinor: { ...money, fieldName: 'amount_minor' },
    currency: { type: 'string', columnType: 'char(3)' },
    orderId: { type: 'string', length: 64, nullable: true, fieldName: 'order_id' },
    paymentId: { type: 'string', length: 64, nullable: true, fieldName: 'payment_id' },
    refundId: { type: 'string', length: 64, nullable: true, fieldName: 'refund_id' },
    topUpId: { type: 'string', length: 64, nullable: true, fieldName: 'top_up_id' },
    actor: { type: 'string', length: 128, nullable: true },
    reason: { type: 'string', length: 200 },
    idempotencyKey: { type: 'string', length: 200, fieldName: 'idempotency_key' },
    createdAt: { ...instant, fieldName: 'created_at' },
  },
});

export const LoyaltyEntrySchema = new EntitySchema<LoyaltyEntryRecord>({
  class: LoyaltyEntryRecord,
  tableName: 'loyalty_entries',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    customerId: { type: 'string', length: 128, fieldName: 'customer_id' },
    kind: { type: 'string', length: 32 },
    points: { type: 'integer' },
    orderId: { type: 'string', length: 64, nullable: true, fieldName: 'order_id' },
    idempotencyKey: { type: 'string', length: 200, fieldName: 'idempotency_key' },
    createdAt: { ...instant, fieldName: 'created_at' },
  },
});

export const StockReservationSchema = new EntitySchema<StockReservationRecord>({
  class: StockReservationRecord,
  tableName: 'stock_reservations',
  properties: {
    orderId: { type: 'string', primary: true, length: 64, fieldName: 'order_id' },
    lines: { type: 'json', columnType: 'jsonb' },
    status: { type: 'string', length: 16, default: 'committed' },
    reservedAt: { ...instant, fieldName: 'reserved_at' },
    settledAt: { ...instant, nullable: true, fieldName: 'settled_at' },
  },
});

export const WalletAccountSchema = new EntitySchema<WalletAccountRecord>({
  class: WalletAccountRecord,
  tableName: 'wallet_accounts',
  properties: {
    customerId: { type: 'string', primary: true, length: 128, fieldName: 'customer_id' },
    currency: { type: 'string', primary: true, columnType: 'char(3)' },
    balanceMinor: { ...money, fieldName: 'balance_minor', default: 0 },
  },
});

export const LoyaltyAccountSchema = new EntitySchema<LoyaltyAccountRecord>({
  class: LoyaltyAccountRecord,
  tableName: 'loyalty_accounts',
  properties: {
    customerId: { type: 'string', primary: true, length: 128, fieldName: 'customer_id' },
    balance: { type: 'integer', default: 0 },
    lifetime: { type: 'integer', default: 0 },
  },
});

export const RefundSchema = new EntitySchema<RefundRecord>({
  class: RefundRecord,
  tableName: 'refunds',
  properties: {
    id: { type: 'string', primary: true, length: 64 },
    orderId: { type: 'string', length: 64, fieldName: 'order_id' },
    paymentId: { type: 'string', length: 64, fieldName: 'payment_id' },
    amountMinor: { ...money, fieldName: 'amount_minor' },
    currency: { type: 'string', columnType: 'char(3)' },
    destination: { type: 'string', length: 16 },
    status: { type: 'string', length: 16 },
    reason: { type: 'string', length: 200 },
    requestedBy: { type: 'string', length: 128, fieldName: 'requested_by' },
    gatewayRefundId: { type: 'string', length: 128, nullable: true, fieldName: 'gateway_refund_id' },
    failureReason: { type: 'string', length: 200, nullable: true, fieldName: 'failure_reason' },
    attentionReason: { type: 'string', length: 300, nullable: true, fieldName: 'attention_reason' },
    attentionSince: { ...instant, nullable: true, fieldName: 'attention_since' },
    createdAt: { ...instant, fieldName: 'created_at' },
    updatedAt: { ...instant, fieldName: 'updated_at' },
  },
});

export const RefundDecisionSchema = new EntitySchema<RefundDecisionRecord>({
  class: RefundDecisionRecord,
  tableName: 'refund_decisions',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    refundId: { type: 'string', length: 64, fieldName: 'refund_id' },
    action: { type: 'string', length: 32 },
    decidedBy: { type: 'string', length: 128, fieldName: 'decided_by' },
    reason: { type: 'string', length: 200 },
    decidedAt: { ...instant, fieldName: 'decided_at' },
  },
});

export const entities = [
  ProductSchema,
  OrderSchema,
  OrderItemSchema,
  PaymentSchema,
  PaymentVerificationSchema,
  WalletEntrySchema,
  LoyaltyEntrySchema,
  StockReservationSchema,
  WalletAccountSchema,
  LoyaltyAccountSchema,
  RefundSchema,
  RefundDecisionSchema,
];
