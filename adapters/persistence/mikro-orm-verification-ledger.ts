import type { EntityManager } from '@mikro-orm/postgresql';
import type { PaymentVerification, PaymentVerificationLedger, VerificationFailure } from '../../src/payments/api.js';
import { money } from '../../src/shared/money.js';
import { PaymentVerificationRecord } from './schemas.js';

export class MikroOrmPaymentVerificationLedger implements PaymentVerificationLedger {
  constructor(private readonly em: EntityManager) {}

  async byTransaction(gateway: string, transactionId: string): Promise<PaymentVerification | undefined> {
    const row = await this.em.findOne(PaymentVerificationRecord, { gateway, transactionId });
    if (row === null) return undefined;
    const transaction = {
      gateway: row.gateway,
      transactionId: row.transactionId,
      gatewayPaymentId: row.gatewayPaymentId,
      amount: money(row.amountMinor, row.currency),
      verifiedAt: row.verifiedAt.toISOString(),
    };
    // The schema's check keeps exactly one of the two set.
    return row.orderId !== null && row.orderId !== undefined ? { ...transaction, orderId: row.orderId } : { ...transaction, topUpId: row.topUpId! };
  }

  async record(verification: PaymentVerification): Promise<'recorded' | 'duplicate'> {
    const rows = await this.em.execute<{ id: number }[]>(
      `insert into payment_verifications (gateway, transaction_id, gateway_payment_id, order_id, top_up_id, amount_minor, currency, verified_at)
       values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (gateway, transaction_id) do nothing returning id`,
      [
        verification.gateway,
        verification.transactionId,
        verification.gatewayPaymentId,
        verification.orderId ?? null,
        verification.topUpId ?? null,
        verification.amount.amountMinor,
        verification.amount.currency,
        new Date(verification.verifiedAt),
      ],
    );
    return rows.length === 1 ? 'recorded' : 'duplicate';
  }

  recordFailure(failure: VerificationFailure): Promise<void> {
    return insertVerificationFailure(this.em, failure);
  }
}

/** One row per (gateway, gateway payment, transaction, code): a retried verification adds nothing. */
export async function insertVerificationFailure(em: EntityManager, failure: VerificationFailure): Promise<void> {
  await em.execute(
    `insert into verification_failures
       (gateway, gateway_payment_id, transaction_id, order_id, top_up_id, code, message, reported_amount_minor, reported_currency, failed_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (gateway, gateway_payment_id, transaction_id, code) do nothing`,
    [
      failure.gateway,
      failure.gatewayPaymentId,
      failure.transactionId,
      failure.orderId ?? null,
      failure.topUpId ?? null,
      failure.code,
      failure.message.slice(0, 500),
      failure.reportedAmount?.amountMinor ?? null,
      failure.reportedAmount?.currency ?? null,
      new Date(failure.failedAt),
    ],
  );
}
