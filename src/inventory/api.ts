export type { StockLine, StockError } from './domain/stock.js';
export type { StockReservations, StockItem, StockLevel } from './ports/stock-reservations.js';
