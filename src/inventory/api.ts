export type { StockLine, StockError } from './domain/stock.js';
export type { StockReservations, StockItem } from './ports/stock-reservations.js';
