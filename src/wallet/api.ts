export type { WalletEntry } from './domain/wallet.js';
export type { WalletLedger } from './ports/wallet-ledger.js';
