/**
 * The cart across a checkout saga's endings: only a confirmed order takes its lines out of the
 * cart; a payment that expires, is cancelled or fails leaves the cart as the shopper left it.
 */
import { describe, expect, it } from 'vitest';
import type { checkoutWorkflow } from '../../workflows/checkout/checkout.workflow.js';
import { workflowIds } from '../../temporal.config.js';
import { apiClient } from '../support/api-client.js';
import { useHarness } from '../support/harness-fixture.js';

const { h, tokens } = useHarness({ per: 'test', shoppers: { shopper: 'cus_cart_saga' } });
const { call, get, post } = apiClient(h);

type CartLines = { sku: string; quantity: number }[];

async function cartLines(): Promise<CartLines> {
  const body = (await (await get('/cart', tokens.shopper)).json()) as { lines: CartLines };
  return body.lines.map(({ sku, quantity }) => ({ sku, quantity }));
}

/** The shopper fills the cart with TEA × 2 and MUG × 1 and checks it out with Khalti; the saga and its payment. */
async function aCartCheckout() {
  for (const [sku, quantity] of [
    ['TEA', 2],
    ['MUG', 1],
  ] as const) {
    expect((await call('PUT', `/cart/lines/${sku}`, tokens.shopper, { quantity })).status).toBe(200);
  }
  const response = await post('/checkouts', { gateway: 'khalti', fromCart: true }, tokens.shopper);
  expect(response.status).toBe(201);
  const created = (await response.json()) as { orderId: string; paymentAction: { url: string } };
  const pidx = new URL(created.paymentAction.url).searchParams.get('pidx')!;
  const handle = h.env.client.workflow.getHandle<typeof checkoutWorkflow>(workflowIds.checkout(created.orderId));
  return { orderId: created.orderId, pidx, handle };
}

const FULL_CART = [
  { sku: 'TEA', quantity: 2 },
  { sku: 'MUG', quantity: 1 },
];

describe('the cart through a checkout saga', () => {
  it('given the payment link expires unpaid, when the saga cancels the order, then the cart is kept whole', async () => {
    const { pidx, handle } = await aCartCheckout();
    h.sandbox.control.expire(pidx);

    const final = await handle.result();

    expect(final).toMatchObject({ status: 'cancelled', cancelReason: 'payment_expired' });
    expect(await cartLines()).toEqual(FULL_CART);
  });

  it('given the shopper cancels on the payment page, then the cart is kept, and a second checkout of it can still be confirmed', async () => {
    const first = await aCartCheckout();
    h.sandbox.control.setStatus(first.pidx, 'User canceled');
    await fetch(`${h.apiUrl}/payments/khalti/return?pidx=${first.pidx}&status=User%20canceled`);
    expect(await first.handle.result()).toMatchObject({ status: 'cancelled', cancelReason: 'payment_cancelled' });
    expect(await cartLines()).toEqual(FULL_CART);

    // The retry: the same cart, checked out again and paid.
    const retry = (await (await post('/checkouts', { gateway: 'khalti' }, tokens.shopper)).json()) as { orderId: string; paymentAction: { url: string } };
    const back = await h.pay(new URL(retry.paymentAction.url).searchParams.get('pidx')!);
    await fetch(`${h.apiUrl}/payments/khalti/return?${back}`);
    const handle = h.env.client.workflow.getHandle<typeof checkoutWorkflow>(workflowIds.checkout(retry.orderId));
    expect(await handle.result()).toMatchObject({ status: 'confirmed' });
    expect(await cartLines()).toEqual([]);
  });

  it('given the payment goes through and the shopper changed the cart meanwhile, when the order is confirmed, then only the lines it took, at their quantities, leave the cart', async () => {
    const { pidx, handle } = await aCartCheckout();
    // In another tab, while paying: MUG goes up to 2.
    expect((await call('PUT', '/cart/lines/MUG', tokens.shopper, { quantity: 2 })).status).toBe(200);
    const back = await h.pay(pidx);
    await fetch(`${h.apiUrl}/payments/khalti/return?${back}`);

    expect(await handle.result()).toMatchObject({ status: 'confirmed' });
    expect(await cartLines()).toEqual([{ sku: 'MUG', quantity: 2 }]);
  });

  it('given the stock is gone by the time the shopper checks the cart out, then the checkout is refused with a 409 and the cart is kept whole', async () => {
    for (const [sku, quantity] of [
      ['TEA', 2],
      ['MUG', 1],
    ] as const) {
      expect((await call('PUT', `/cart/lines/${sku}`, tokens.shopper, { quantity })).status).toBe(200);
    }
    await h.sql(`update products set on_hand = 0 where sku = 'MUG'`);

    const response = await post('/checkouts', { gateway: 'khalti', fromCart: true }, tokens.shopper);

    expect(response.status).toBe(409);
    expect(['inventory.insufficient_stock', 'inventory.out_of_stock']).toContain(((await response.json()) as { code: string }).code);
    expect(await h.sql(`select 1 from orders where customer_id = 'cus_cart_saga'`)).toEqual([]);
    expect(await cartLines()).toEqual(FULL_CART);
  });
});
