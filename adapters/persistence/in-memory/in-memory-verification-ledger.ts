import type { PaymentVerification, PaymentVerificationLedger, VerificationFailure } from '../../../src/payments/api.js';
import { check, instant, isWholeAtLeast, requireOrder } from './in-memory-constraints.js';
import { copyOf, transactionKey, type StateAccess } from './in-memory-state.js';

export class InMemoryPaymentVerificationLedger implements PaymentVerificationLedger {
  constructor(private readonly access: StateAccess) {}

  byTransaction(gateway: string, transactionId: string): Promise<PaymentVerification | undefined> {
    return this.access.read((state) => copyOf(state.verifications.get(transactionKey(gateway, transactionId))));
  }

  record(verification: PaymentVerification): Promise<'recorded' | 'duplicate'> {
    return this.access.write((state) => {
      const key = transactionKey(verification.gateway, verification.transactionId);
      // As `on conflict do nothing`: an existing key wins before any other check runs.
      if (state.verifications.has(key)) return 'duplicate';
      if (verification.orderId !== undefined) requireOrder(state, verification.orderId, 'payment_verifications_order_id_fkey');
      check(isWholeAtLeast(verification.amount.amountMinor, 1), 'payment_verifications_amount_minor_check', 'a verified amount must be positive');
      state.verifications.set(key, copyOf({ ...verification, verifiedAt: instant(verification.verifiedAt) }));
      return 'recorded';
    });
  }

  recordFailure(failure: VerificationFailure): Promise<void> {
    return this.access.write((state) => {
      if (failure.orderId !== undefined) requireOrder(state, failure.orderId, 'verification_failures_order_id_fkey');
      const key = [failure.gateway, failure.gatewayPaymentId, failure.transactionId, failure.code].join('\u0000');
      if (!state.verificationFailures.has(key)) state.verificationFailures.set(key, copyOf(failure));
    });
  }
}
