import { describe, expect, it } from 'vitest';
import {
  khaltiInitiateResponseSchema,
  khaltiLookupResponseSchema,
  type KhaltiInitiateRequest,
  type KhaltiInitiateResponse,
  type KhaltiLookupResponse,
} from '../../../../adapters/gateways/khalti/client.js';
import { KhaltiPaymentGateway, type KhaltiApi } from '../../../../adapters/gateways/khalti/gateway.js';
import { GatewayRejectedError } from '../../../../src/payments/ports/payment-gateway.js';
import { khaltiFixture } from '../../../fixtures/khalti/load.js';
import { initiateRequests } from '../../../support/mothers/initiate-request.js';

class RecordingKhalti implements KhaltiApi {
  readonly initiated: KhaltiInitiateRequest[] = [];
  readonly looked: string[] = [];
  lookupAnswer: KhaltiLookupResponse = khaltiLookupResponseSchema.parse(khaltiFixture('lookup-completed'));

  async initiate(body: KhaltiInitiateRequest): Promise<KhaltiInitiateResponse> {
    this.initiated.push(body);
    return khaltiInitiateResponseSchema.parse(khaltiFixture('initiate-response'));
  }

  async lookup(pidx: string): Promise<KhaltiLookupResponse> {
    this.looked.push(pidx);
    return this.lookupAnswer;
  }
}

const request = initiateRequests({
  gateway: 'khalti',
  amount: { amountMinor: 129900, currency: 'NPR' },
});

describe('KhaltiPaymentGateway', () => {
  it("initiates with Khalti's field names and returns a redirect to payment_url", async () => {
    const khalti = new RecordingKhalti();
    const gateway = new KhaltiPaymentGateway(khalti);

    const initiated = await gateway.initiate(request({ customer: { name: 'Sita Sharma', email: 'sita@example.com', phone: '9800000001' } }));

    expect(gateway.id).toBe('khalti');
    expect(khalti.initiated).toEqual([khaltiFixture('initiate-request')]);
    expect(initiated).toEqual({
      gatewayPaymentId: 'Qm4sZk8TyR2wVb7Nc5Lp3X',
      action: { type: 'redirect', url: 'https://test-pay.khalti.com/?pidx=Qm4sZk8TyR2wVb7Nc5Lp3X' },
      // 18:05:42.318204+05:45 in UTC
      expiresAt: '2025-03-14T12:20:42.318Z',
    });
  });

  it('omits customer_info when there is none, and sends only the given parts', async () => {
    const khalti = new RecordingKhalti();
    const gateway = new KhaltiPaymentGateway(khalti);
    await gateway.initiate(request());
    await gateway.initiate(request({ customer: {} }));
    await gateway.initiate(request({ customer: { phone: '9800000002' } }));
    expect(khalti.initiated[0]).not.toHaveProperty('customer_info');
    expect(khalti.initiated[1]).not.toHaveProperty('customer_info');
    expect(khalti.initiated[2]?.customer_info).toEqual({ phone: '9800000002' });
  });

  it('refuses a non-NPR amount before calling Khalti', async () => {
    const khalti = new RecordingKhalti();
    const gateway = new KhaltiPaymentGateway(khalti);
    const attempt = gateway.initiate(request({ amount: { amountMinor: 1000, currency: 'USD' } }));
    await expect(attempt).rejects.toBeInstanceOf(GatewayRejectedError);
    await expect(attempt).rejects.toMatchObject({ gatewayErrorKey: 'payments.unsupported_currency' });
    expect(khalti.initiated).toEqual([]);
  });

  it('looks a pidx up and maps the answer', async () => {
    const khalti = new RecordingKhalti();
    khalti.lookupAnswer = khaltiLookupResponseSchema.parse(khaltiFixture('lookup-user-canceled'));
    const report = await new KhaltiPaymentGateway(khalti).lookup('Qm4sZk8TyR2wVb7Nc5Lp3X', { amountMinor: 1000, currency: 'NPR' });
    expect(khalti.looked).toEqual(['Qm4sZk8TyR2wVb7Nc5Lp3X']);
    expect(report).toEqual({ status: 'failed', reason: 'cancelled', gatewayPaymentId: 'Qm4sZk8TyR2wVb7Nc5Lp3X', gatewayStatus: 'User canceled' });
  });

  it('reports NPR even when the caller expected another currency, so verification sees the mismatch', async () => {
    const report = await new KhaltiPaymentGateway(new RecordingKhalti()).lookup('Qm4sZk8TyR2wVb7Nc5Lp3X', { amountMinor: 1000, currency: 'USD' });
    expect(report).toMatchObject({ status: 'completed', amount: { amountMinor: 129900, currency: 'NPR' } });
  });
});
