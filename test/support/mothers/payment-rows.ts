import { fresh } from './ids.js';

/** An order and its payment, as the checkout writes them; the payment's id. */
export async function aPaymentRow(execute: (sql: string, params: unknown[]) => Promise<unknown>): Promise<string> {
  const orderId = fresh('ord');
  const paymentId = fresh('pay');
  await execute(
    `insert into orders (id, customer_id, gateway, status, currency, subtotal_minor, total_minor, placed_at, updated_at) values (?, ?, 'stripe', 'paid', 'NPR', 100, 100, now(), now())`,
    [orderId, fresh('cus')],
  );
  await execute(
    `insert into payments (id, order_id, gateway, status, amount_minor, currency, gateway_payment_id, transaction_id, created_at, updated_at) values (?, ?, 'stripe', 'completed', 100, 'NPR', ?, ?, now(), now())`,
    [paymentId, orderId, fresh('cs'), fresh('pi')],
  );
  return paymentId;
}
