export type { WalletEntry, WalletEntryKind, WalletError } from './domain/wallet.js';
export type { WalletLedger } from './ports/wallet-ledger.js';
