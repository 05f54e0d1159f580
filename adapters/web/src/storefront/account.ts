import { need, newIdempotencyKey } from '../shared/api.js';
import { field, h, notice, select, show, table } from '../shared/dom.js';
import { money, toMinor, when, words } from '../shared/format.js';
import { outcome } from './checkout.js';
import { followPaymentAction, TOP_UP_GATEWAYS, type Shop } from './shop.js';

const badge = (status: string) => h('span', { class: `badge ${status}` }, words(status));

/** The shopper's orders, newest first, with payment and fulfilment apart. */
export async function ordersPage(shop: Shop): Promise<void> {
  const orders = need(await shop.api.GET('/orders', { params: { query: { limit: 50 } } }));
  show(
    shop.main,
    h('h1', {}, 'Your orders'),
    orders.items.length === 0
      ? notice('No orders yet.')
      : table(
          ['Order', 'Placed', 'Paid with', 'Total', 'Payment', 'Delivery'],
          orders.items.map((order) => [
            h('a', { href: `#/orders/${order.orderId}` }, order.orderId),
            when(order.placedAt),
            words(order.gateway),
            money(order.totalMinor, order.currency),
            badge(order.status),
            h('span', {}, badge(order.fulfilmentStatus), order.shipment ? ` ${order.shipment.carrier} ${order.shipment.trackingNumber}` : ''),
          ]),
          'Orders, newest first',
        ),
  );
}

export async function orderPage(shop: Shop, orderId: string): Promise<void> {
  const order = need(await shop.api.GET('/orders/{orderId}', { params: { path: { orderId } } }));
  const currency = order.amount.currency;
  show(
    shop.main,
    h('h1', {}, `Order ${order.orderId}`),
    outcome(order),
    h(
      'p',
      {},
      'Payment ',
      badge(order.checkoutStatus),
      ' · delivery ',
      badge(order.fulfilmentStatus),
      order.shipment ? ` · ${order.shipment.carrier} ${order.shipment.trackingNumber}` : '',
    ),
    table(
      ['Product', 'Quantity', 'Price', 'Total'],
      order.lines.map((line) => [line.name, line.quantity, money(line.unitPriceMinor, currency), money(line.lineTotalMinor, currency)]),
      'Items',
    ),
    h('p', { class: 'price' }, `Total ${money(order.amount.amountMinor, currency)}`),
  );
}

/** The wallet in the chosen currency: balance, history, and a top-up through any gateway. */
export async function walletPage(shop: Shop): Promise<void> {
  const [wallet, entries] = await Promise.all([
    shop.api.GET('/wallet', { params: { query: { currency: shop.currency } } }).then(need),
    shop.api.GET('/wallet/entries', { params: { query: { currency: shop.currency, limit: 50 } } }).then(need),
  ]);
  const amount = h('input', { id: 'topup-amount', name: 'amount', inputmode: 'decimal', required: true, placeholder: '500.00' });
  const gateway = select('topup-gateway', TOP_UP_GATEWAYS);
  const status = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Top up');
  const key = newIdempotencyKey();
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const amountMinor = toMinor(amount.value, shop.currency);
        if (amountMinor === undefined || amountMinor === 0) {
          status.replaceChildren(notice('Enter an amount, such as 500 or 12.50.', 'error'));
          amount.focus();
          return;
        }
        submit.disabled = true;
        const requested = await shop.api.POST('/wallet/top-ups', {
          headers: { 'Idempotency-Key': `${key}-${amountMinor}-${gateway.value}` },
          body: { amountMinor, gateway: gateway.value as 'khalti', currency: shop.currency },
        });
        if (requested.error) {
          submit.disabled = false;
          status.replaceChildren(notice(requested.error.detail ?? requested.error.title, 'error'));
          return;
        }
        const action = requested.data.paymentAction;
        if (action !== undefined && action.type !== 'instructions') followPaymentAction(action);
        else location.assign(`/return?topUpId=${encodeURIComponent(requested.data.topUpId)}`);
      },
    },
    h('h2', {}, 'Add money'),
    h('div', { class: 'row' }, field(`Amount (${shop.currency})`, amount), field('Pay with', gateway), submit),
    status,
  );
  show(
    shop.main,
    h('h1', {}, 'Your wallet'),
    h('p', { class: 'price', id: 'wallet-balance' }, `Balance ${money(wallet.balance.amountMinor, wallet.balance.currency)}`),
    form,
    entries.items.length === 0
      ? notice('No wallet activity yet.')
      : table(
          ['When', 'What', 'Amount', 'Order'],
          entries.items.map((entry) => [when(entry.createdAt), `${words(entry.kind)}: ${entry.reason}`, money(entry.amountMinor, entry.currency), entry.orderId ?? '']),
          'Wallet history, newest first',
        ),
  );
}

/** Points and tier, their history, and the saved cards. */
export async function accountPage(shop: Shop): Promise<void> {
  const [loyalty, history, methods] = await Promise.all([
    shop.api.GET('/loyalty').then(need),
    shop.api.GET('/loyalty/history', { params: { query: { limit: 20 } } }).then(need),
    shop.api.GET('/me/payment-methods').then(need),
  ]);
  const status = h('div', { 'aria-live': 'polite' });
  const act = (run: () => Promise<{ error?: { detail?: string; title: string } }>) => async () => {
    const answer = await run();
    if (answer.error) status.replaceChildren(notice(answer.error.detail ?? answer.error.title, 'error'));
    else await accountPage(shop);
  };
  show(
    shop.main,
    h('h1', {}, 'Your account'),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'points-heading' },
      h('h2', { id: 'points-heading' }, 'Loyalty'),
      h('p', { class: 'price', id: 'points' }, `${loyalty.points} points · ${loyalty.tier} tier`),
      loyalty.nextTier ? h('p', { class: 'muted' }, `${loyalty.pointsToNextTier} more lifetime points to ${loyalty.nextTier}.`) : null,
    ),
    history.items.length === 0
      ? null
      : table(
          ['When', 'What', 'Points', 'Order'],
          history.items.map((entry) => [when(entry.createdAt), words(entry.kind), entry.points, entry.orderId ?? '']),
          'Points history',
        ),
    h('h2', {}, 'Saved cards'),
    status,
    methods.items.length === 0
      ? notice('No saved cards. Tick “Save my card” when you pay with Stripe or Razorpay.')
      : table(
          ['Card', 'Expires', 'Gateway', ''],
          methods.items.map((m) => [
            h('span', {}, `${m.brand} •••• ${m.last4}`, m.wallet ? ` (${words(m.wallet)})` : '', m.isDefault ? h('span', { class: 'badge' }, ' default') : null),
            `${String(m.expMonth).padStart(2, '0')}/${m.expYear}`,
            m.gateway,
            h(
              'span',
              { class: 'row' },
              m.isDefault
                ? null
                : h(
                    'button',
                    { type: 'button', class: 'secondary', onclick: act(() => shop.api.POST('/me/payment-methods/{id}/default', { params: { path: { id: m.id } } })) },
                    'Make default',
                  ),
              h(
                'button',
                {
                  type: 'button',
                  class: 'danger',
                  'aria-label': `Remove ${m.brand} ending ${m.last4}`,
                  onclick: act(() => shop.api.DELETE('/me/payment-methods/{id}', { params: { path: { id: m.id } } })),
                },
                'Remove',
              ),
            ),
          ]),
          'Cards kept by the gateways (never here)',
        ),
  );
}
