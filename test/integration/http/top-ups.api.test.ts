import { describe, expect, it } from 'vitest';
import { apiClient } from '../../support/api-client.js';
import { useHarness } from '../../support/harness-fixture.js';

const { h, tokens } = useHarness({ shoppers: { alice: 'cus_topup_alice', bob: 'cus_topup_bob' } });
const { get, post } = apiClient(h, { redirect: 'manual' });
const topUpCount = async () => Number((await h.sql<{ n: string }>('select count(*)::text as n from wallet_top_ups'))[0]!.n);

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as { code: string; status: number; errors?: { field: string }[] };
}

describe('POST /wallet/top-ups', () => {
  it('refuses a request without a bearer token with 401', async () => {
    const response = await post('/wallet/top-ups', { amountMinor: 10_000, gateway: 'khalti' });
    expect(response.status).toBe(401);
    expect((await problem(response)).code).toBe('auth.missing_token');
  });

  it('names every invalid field in a 400 and starts nothing', async () => {
    const before = await topUpCount();
    for (const body of [
      { amountMinor: 0, gateway: 'khalti' },
      { amountMinor: 10.5, gateway: 'khalti' },
      { amountMinor: 10_000_001, gateway: 'khalti' },
      { amountMinor: '10000', gateway: 'khalti' },
    ]) {
      const response = await post('/wallet/top-ups', body, tokens.alice);
      expect(response.status).toBe(400);
      expect((await problem(response)).errors!.map((e) => e.field)).toContain('body.amountMinor');
    }
    const wrongGateway = await post('/wallet/top-ups', { amountMinor: 10_000, gateway: 'wallet', note: 'x' }, tokens.alice);
    expect(wrongGateway.status).toBe(400);
    expect((await problem(wrongGateway)).errors!.map((e) => e.field)).toEqual(expect.arrayContaining(['body.gateway']));
    expect(await topUpCount()).toBe(before);
  });

  it('answers 201 with the top-up id and the payment action; the return credits the wallet, which GET /wallet shows', async () => {
    const before = (await (await get('/wallet', tokens.alice)).json()) as { balance: { amountMinor: number } };
    expect(before.balance.amountMinor).toBe(0);

    const response = await post('/wallet/top-ups', { amountMinor: 25_000, gateway: 'khalti' }, tokens.alice);
    expect(response.status).toBe(201);
    const created = (await response.json()) as { topUpId: string; status: string; amount: unknown; paymentAction: { type: string; url: string }; redirectUrl: string };
    expect(created.topUpId).toMatch(/^top_[0-9A-Za-z]{20,40}$/);
    expect(response.headers.get('location')).toBe(`/wallet/top-ups/${created.topUpId}`);
    expect(created.status).toBe('awaiting_payment');
    expect(created.amount).toEqual({ amountMinor: 25_000, currency: 'NPR' });
    expect(created.paymentAction.type).toBe('redirect');
    expect(created.redirectUrl).toBe(created.paymentAction.url);

    const own = await get(`/wallet/top-ups/${created.topUpId}`, tokens.alice);
    expect(own.status).toBe(200);
    expect(((await own.json()) as { status: string }).status).toBe('awaiting_payment');

    const pidx = new URL(created.paymentAction.url).searchParams.get('pidx')!;
    const returned = await get(`/wallet/top-ups/payments/khalti/return?${(await h.pay(pidx)).toString()}`);
    expect(returned.status).toBe(200);
    expect(((await returned.json()) as { status: string }).status).toBe('credited');

    const wallet = (await (await get('/wallet', tokens.alice)).json()) as { balance: { amountMinor: number; currency: string } };
    expect(wallet.balance).toEqual({ amountMinor: 25_000, currency: 'NPR' });
    const after = (await (await get(`/wallet/top-ups/${created.topUpId}`, tokens.alice)).json()) as { status: string; credited: unknown; creditedAt?: string };
    expect(after.status).toBe('credited');
    expect(after.credited).toEqual({ amountMinor: 25_000, currency: 'NPR' });
    expect(after.creditedAt).toBeDefined();
  });

  it("answers another shopper's top-up, a missing one and a malformed id like nothing is there", async () => {
    const response = await post('/wallet/top-ups', { amountMinor: 15_000, gateway: 'khalti' }, tokens.alice);
    const { topUpId } = (await response.json()) as { topUpId: string };

    const other = await get(`/wallet/top-ups/${topUpId}`, tokens.bob);
    expect(other.status).toBe(404);
    expect((await problem(other)).code).toBe('wallet.top_up_not_found');
    const missing = await get(`/wallet/top-ups/top_${'0'.repeat(24)}`, tokens.alice);
    expect(missing.status).toBe(404);
    expect((await get('/wallet/top-ups/ord_123', tokens.alice)).status).toBe(400);
    const bobWallet = (await (await get('/wallet', tokens.bob)).json()) as { balance: { amountMinor: number } };
    expect(bobWallet.balance.amountMinor).toBe(0);
  });

  it('answers a return for a payment no top-up owns with 404', async () => {
    const response = await get('/wallet/top-ups/payments/khalti/return?pidx=unknownpidx123&status=Completed&purchase_order_id=top_x');
    expect(response.status).toBe(404);
    expect((await problem(response)).code).toBe('payments.unknown_payment');
  });
});
