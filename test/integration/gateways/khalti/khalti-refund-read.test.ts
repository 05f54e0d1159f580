import { describe, expect, it } from 'vitest';
import { KhaltiClient } from '../../../../adapters/gateways/khalti/client.js';
import { KhaltiPaymentGateway } from '../../../../adapters/gateways/khalti/gateway.js';
import { startKhaltiSandbox } from '../../../../adapters/gateways/khalti/sandbox.js';
import type { RefundStatusQuery } from '../../../../src/payments/ports/payment-gateway.js';
import { initiatePayment } from '../refund-read.js';
import { useSandbox } from '../sandbox-lifecycle.js';

const SECRET = 'test_secret_key_refund_read_khalti';
const NPR = (amountMinor: number) => ({ amountMinor, currency: 'NPR' });

const rig = useSandbox(() => startKhaltiSandbox({ port: 0, host: '127.0.0.1', secretKey: SECRET }));

const gateway = () => new KhaltiPaymentGateway(new KhaltiClient({ baseUrl: rig.sandbox.apiBaseUrl, secretKey: SECRET, timeoutMs: 5000 }));

let seq = 0;
async function paid(amount = 100_000) {
  seq += 1;
  const initiated = await initiatePayment(gateway(), { orderId: `ord_khalti_read_${seq}`, amount: NPR(amount), description: 'Tea', idempotencyKey: `k${seq}` });
  const p = rig.sandbox.control.complete(initiated.gatewayPaymentId);
  return { pidx: p.pidx, transactionId: p.transactionId! };
}
const refundCalls = () => rig.sandbox.control.requests().filter((r) => r.path.endsWith('/refund/'));

describe('Khalti refund read (its payment lookup: there is no refund read) against the sandbox', () => {
  it('a refund whose answer was lost shows in the lookup: completed, and the read never calls refund again', async () => {
    const { pidx, transactionId } = await paid();
    const query: RefundStatusQuery = { refundId: 'ref_k1', gatewayPaymentId: pidx, transactionId, amount: NPR(40_000), paid: NPR(100_000), refundedBefore: NPR(0) };
    expect(await gateway().refundStatus(query)).toMatchObject({ status: 'absent' });

    rig.sandbox.control.loseNextRefundAnswers(1);
    await expect(gateway().refund({ ...query, idempotencyKey: 'x', reason: 'r' })).rejects.toThrow(/504/);
    expect(rig.sandbox.control.get(pidx)?.status).toBe('Partially Refunded');
    expect(await gateway().refundStatus(query)).toMatchObject({ status: 'completed', gatewayStatus: 'lookup Partially Refunded, refunded' });
    expect(refundCalls()).toHaveLength(1);
  });

  it('a full refund that completes the payment reads completed; one the lookup cannot tell apart reads unknown', async () => {
    const { pidx, transactionId } = await paid();
    await gateway().refund({ refundId: 'ref_k2a', gatewayPaymentId: pidx, transactionId, amount: NPR(30_000), paid: NPR(100_000), idempotencyKey: 'a', reason: 'r' });
    // A second partial refund: Khalti's lookup still says Partially Refunded whether or not it was made.
    const second: RefundStatusQuery = { refundId: 'ref_k2b', gatewayPaymentId: pidx, transactionId, amount: NPR(20_000), paid: NPR(100_000), refundedBefore: NPR(30_000) };
    expect(await gateway().refundStatus(second)).toMatchObject({ status: 'unknown' });
    // The rest: Refunded in full means the refund that completes the payment was made.
    const rest: RefundStatusQuery = { ...second, refundId: 'ref_k2c', amount: NPR(70_000) };
    await gateway().refund({ ...rest, idempotencyKey: 'c', reason: 'r' });
    expect(rig.sandbox.control.get(pidx)?.status).toBe('Refunded');
    expect(await gateway().refundStatus(rest)).toMatchObject({ status: 'completed' });
  });
});
