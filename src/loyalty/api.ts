export type { LoyaltyEntry, LoyaltyEntryKind, LoyaltyError } from './domain/points.js';
export { pointsForSubtotal, pointsToReverse } from './domain/points.js';
export type { LoyaltyLedger } from './ports/loyalty-ledger.js';
