/**
 * No row holds a card number: after saving cards (one through Google Pay) and recording how
 * payments were paid with realistic gateway data, every text column of every table is scanned.
 */
import { describe, expect, it } from 'vitest';
import { MikroOrmSavedMethods } from '../../../adapters/persistence/mikro-orm-saved-methods.js';
import { makeSavedMethods } from '../../../src/payments/api.js';
import { SystemClock } from '../../../src/shared/clock.js';
import { cardNumbersIn, cardNumbersInText } from '../../support/card-number-scan.js';
import { useMigratedDatabase } from '../../support/database.js';
import { aVisa, FakeSavedMethodGateway } from '../../support/fakes/fake-saved-method-gateway.js';
import { fresh } from '../../support/mothers/ids.js';
import { aPaymentRow } from '../../support/mothers/payment-rows.js';

const orm = useMigratedDatabase();
const sql = <T extends object>(query: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(query, params);

describe('the database after saved methods and paid payments', () => {
  it('holds no card number in any text column', async () => {
    const repository = new MikroOrmSavedMethods(orm);
    const savedMethods = makeSavedMethods({ repository, gateways: () => new FakeSavedMethodGateway('stripe'), newId: () => fresh('spm'), clock: new SystemClock() });
    const customerId = fresh('cus');
    expect((await savedMethods.recordSaved(customerId, 'stripe', aVisa('pm_1QxYz2LkdIwHu7ix4242abcd'))).ok).toBe(true);
    expect((await savedMethods.recordSaved(customerId, 'stripe', aVisa('pm_1QxYz3LkdIwHu7ixGpay', { brand: 'mastercard', last4: '4444', wallet: 'google_pay' }))).ok).toBe(true);
    // A card number offered as display data is refused, so it never reaches a row.
    expect((await savedMethods.recordSaved(customerId, 'stripe', aVisa('pm_x', { last4: '4242424242424242' }))).ok).toBe(false);
    const paymentId = await aPaymentRow((query, params) => sql(query, params));
    await repository.recordPaidWith(paymentId, { type: 'card', brand: 'mastercard', last4: '4444', wallet: 'google_pay' });
    expect(await sql(`select count(*)::int as n from saved_payment_methods`)).toStrictEqual([{ n: 2 }]);

    expect(await cardNumbersIn(sql)).toStrictEqual([]);
  });

  it('names the table and column where one was written, masked', async () => {
    const orderId = fresh('ord');
    await sql(
      `insert into orders (id, customer_id, gateway, status, currency, subtotal_minor, total_minor, cancel_reason, placed_at, updated_at) values (?, ?, 'stripe', 'cancelled', 'NPR', 100, 100, ?, now(), now())`,
      [orderId, fresh('cus'), 'card 4242-4242-4242-4242 declined'],
    );
    expect(await cardNumbersIn(sql)).toContainEqual({ table: 'orders', column: 'cancel_reason', masked: '************4242' });
    await sql(`delete from orders where id = ?`, [orderId]);
  });

  it('scans log lines the same way', () => {
    expect(cardNumbersInText('{"level":30,"msg":"paid","card":"5555 5555 5555 4444","orderId":"ord_01HZX3K9Q8W7E6R5T4Y3U2"}')).toStrictEqual(['************4444']);
    expect(cardNumbersInText('{"level":30,"time":1765123456786,"msg":"paid","last4":"4444"}')).toStrictEqual([]);
  });
});
