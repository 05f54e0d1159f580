import type { WalletEntry, WalletError, WalletLedger } from '../../../src/wallet/api.js';
import { decideEntry } from '../../../src/wallet/domain/wallet.js';
import { money, type Money } from '../../../src/shared/money.js';
import { ok, type Result } from '../../../src/shared/result.js';
import { check, requireOrder } from './in-memory-constraints.js';
import { copyOf, walletKey, type StateAccess } from './in-memory-state.js';

export class InMemoryWalletLedger implements WalletLedger {
  constructor(private readonly access: StateAccess) {}

  /**
   * As the `wallet_accounts` lock gives it: a replayed key is a duplicate whatever the balance;
   * otherwise the entry is decided against the account's balance, and the entry and the new
   * balance are written together.
   */
  append(entry: WalletEntry): Promise<Result<'appended' | 'duplicate', WalletError>> {
    return this.access.write((state): Result<'appended' | 'duplicate', WalletError> => {
      const { customerId, kind, amount, orderId, paymentId, refundId, actor, reason, idempotencyKey } = entry;
      const account = walletKey(customerId, amount.currency);
      const balance = state.walletAccounts.get(account) ?? 0;
      if (state.walletEntries.has(idempotencyKey)) return ok('duplicate');
      const decided = decideEntry(money(balance, amount.currency), entry);
      if (!decided.ok) return decided;
      if (orderId !== undefined) requireOrder(state, orderId, 'wallet_entries_order_id_fkey');
      check(Number.isSafeInteger(amount.amountMinor) && amount.amountMinor !== 0, 'wallet_entries_nonzero', 'a wallet entry must move a non-zero amount');
      const next = balance + amount.amountMinor;
      check(next >= 0, 'wallet_accounts_balance_minor_check', `the wallet of ${customerId} cannot hold ${next}`);
      state.walletEntries.set(
        idempotencyKey,
        copyOf({
          customerId,
          kind,
          amount,
          ...(orderId === undefined ? {} : { orderId }),
          ...(paymentId === undefined ? {} : { paymentId }),
          ...(refundId === undefined ? {} : { refundId }),
          ...(actor === undefined ? {} : { actor }),
          reason,
          idempotencyKey,
        }),
      );
      state.walletAccounts.set(account, next);
      return ok('appended');
    });
  }

  hasEntry(idempotencyKey: string): Promise<boolean> {
    return this.access.read((state) => state.walletEntries.has(idempotencyKey));
  }

  balance(customerId: string, currency: string): Promise<Money> {
    return this.access.read((state) => {
      let total = 0;
      for (const entry of state.walletEntries.values()) {
        if (entry.customerId === customerId && entry.amount.currency === currency) total += entry.amount.amountMinor;
      }
      return money(total, currency);
    });
  }
}
