import type { WalletLedger } from './wallet-ledger.js';
import type { WalletTopUp } from '../domain/top-up.js';
import type { PaymentVerificationLedger } from '../../payments/api.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import type { NotificationOutbox } from '../../notifications/api.js';

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

export interface TopUpRepositories {
  readonly topUps: TopUpRepository;
  /** The verification ledger shared with checkouts: a transaction bound to an order never credits a wallet, and the reverse. */
  readonly verifications: PaymentVerificationLedger;
  readonly wallet: WalletLedger;
  /** Messages about what changed, written in the same transaction. */
  readonly notifications: NotificationOutbox;
}

/** The unit of work of one top-up use case. */
export type TopUpStore = UnitOfWork<TopUpRepositories>;
