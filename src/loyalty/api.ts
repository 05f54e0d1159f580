export type { LoyaltyEntry } from './domain/points.js';
export { pointsForSubtotal } from './domain/points.js';
export type { LoyaltyLedger } from './ports/loyalty-ledger.js';
