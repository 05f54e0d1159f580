/** Identifiers are opaque strings created at the edges (HTTP, activities) and passed in. */
export type OrderId = string;
export type CustomerId = string;

const ORDER_ID = /^ord_[0-9A-Za-z]{20,40}$/;
export const isOrderId = (value: string): value is OrderId => ORDER_ID.test(value);
