import type { WalletLedger } from './wallet-ledger.js';
import type { LedgerBinding, WalletTopUp } from '../domain/top-up.js';
import type { VerificationFailure } from '../../payments/api.js';

/** Top-ups by id and by the gateway's id for their payment. */
export interface TopUpRepository {
  byId(topUpId: string): Promise<WalletTopUp | undefined>;
  /** The top-up whose payment the gateway knows as `gatewayPaymentId`, if any. */
  byGatewayPaymentId(gateway: string, gatewayPaymentId: string): Promise<WalletTopUp | undefined>;
  /** Inserts or updates; `insert` of an existing id does nothing. */
  save(topUp: WalletTopUp): Promise<void>;
  /** Links the wallet entry written under `idempotencyKey` to the top-up that caused it. */
  linkWalletEntry(idempotencyKey: string, topUpId: string): Promise<void>;
}

/**
 * The shared verification ledger, unique on (gateway, transaction id), as top-ups use it: a
 * transaction bound to an order can never credit a wallet, and one bound to a top-up can never
 * pay an order or another top-up.
 */
export interface TopUpVerificationLedger {
  byTransaction(gateway: string, transactionId: string): Promise<LedgerBinding | undefined>;
  /** `duplicate` when the (gateway, transaction id) key already exists. */
  record(verification: {
    readonly gateway: string;
    readonly transactionId: string;
    readonly gatewayPaymentId: string;
    readonly topUpId: string;
    readonly amount: { amountMinor: number; currency: string };
    readonly verifiedAt: string;
  }): Promise<'recorded' | 'duplicate'>;
  /** Records a failed verification of a top-up's payment, once per (gateway payment, transaction, code). */
  recordFailure(failure: VerificationFailure & { readonly topUpId: string }): Promise<void>;
}

export interface TopUpRepositories {
  readonly topUps: TopUpRepository;
  readonly verifications: TopUpVerificationLedger;
  readonly wallet: WalletLedger;
}

/** The unit of work of one top-up use case: everything written in `transaction` commits together. */
export interface TopUpStore {
  transaction<T>(work: (repositories: TopUpRepositories) => Promise<T>): Promise<T>;
  read<T>(work: (repositories: TopUpRepositories) => Promise<T>): Promise<T>;
}
