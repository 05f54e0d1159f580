import type { StockLine } from '../../src/inventory/api.js';

/** One line per SKU, in the order each SKU first appears, with the quantities of its lines summed. */
export const mergeStockLines = (lines: readonly StockLine[]): StockLine[] => {
  const totals = new Map<string, number>();
  for (const { sku, quantity } of lines) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
  return [...totals].map(([sku, quantity]) => ({ sku, quantity }));
};
