import { need } from '../shared/api.js';
import { field, h, notice, select, show } from '../shared/dom.js';
import { money } from '../shared/format.js';
import type { Shop } from './shop.js';

/** The shelf: every product sold in the chosen currency, its price and what can be bought now. */
export async function catalogPage(shop: Shop): Promise<void> {
  const catalog = need(await shop.api.GET('/products', { params: { query: { currency: shop.currency } } }));
  shop.currencies = catalog.currencies;
  const status = h('div', { 'aria-live': 'polite' });
  const cards = catalog.items.map((item) => {
    const quantity = h('input', { id: `qty-${item.sku}`, type: 'number', min: 1, max: Math.max(1, item.available), value: 1, inputmode: 'numeric' });
    const add = h('button', { type: 'submit', disabled: item.available === 0 }, 'Add to cart');
    const form = h(
      'form',
      {
        class: 'row',
        onsubmit: async (event: Event) => {
          event.preventDefault();
          add.disabled = true;
          try {
            const cart = need(await shop.api.GET('/cart', { params: { query: { currency: shop.currency } } }));
            const inCart = cart.lines.find((line) => line.sku === item.sku)?.quantity ?? 0;
            need(await shop.api.PUT('/cart/lines/{sku}', { params: { path: { sku: item.sku } }, body: { quantity: inCart + Number(quantity.value) } }));
            status.replaceChildren(notice(`Added ${quantity.value} × ${item.name} to your cart.`, 'success'));
            await shop.refreshBar();
          } catch (error) {
            status.replaceChildren(notice((error as Error).message, 'error'));
          } finally {
            add.disabled = item.available === 0;
          }
        },
      },
      field('Quantity', quantity),
      add,
    );
    return h(
      'article',
      { class: 'card', 'data-sku': item.sku },
      h('h2', {}, item.name),
      h('p', { class: 'price' }, money(item.priceMinor, item.currency)),
      h('p', { class: 'muted' }, item.available > 0 ? `${item.available} in stock` : 'Out of stock'),
      form,
    );
  });
  show(shop.main, h('h1', {}, 'Shop'), status, catalog.items.length === 0 ? notice(`Nothing is sold in ${shop.currency} yet.`) : h('div', { class: 'grid' }, ...cards));
}

/** The cart: its lines priced as a checkout would price them, and what stops a checkout. */
export async function cartPage(shop: Shop): Promise<void> {
  const delivery = select(
    'cart-delivery',
    [
      ['standard', 'Standard delivery'],
      ['express', 'Express delivery'],
      ['pickup', 'Pick up in store'],
    ],
    sessionStorage.getItem('paysaga.delivery') ?? 'standard',
  );
  const cart = need(await shop.api.GET('/cart', { params: { query: { currency: shop.currency, delivery: delivery.value as 'standard' } } }));
  delivery.addEventListener('change', () => {
    sessionStorage.setItem('paysaga.delivery', delivery.value);
    void cartPage(shop);
  });
  if (cart.lines.length === 0) {
    show(shop.main, h('h1', {}, 'Your cart'), notice('Your cart is empty.'), h('a', { href: '#/', class: 'button' }, 'Browse the shop'));
    return;
  }
  const rows = cart.lines.map((line) => {
    const quantity = h('input', { id: `cart-qty-${line.sku}`, type: 'number', min: 1, value: line.quantity, inputmode: 'numeric', class: 'qty' });
    quantity.addEventListener('change', async () => {
      const changed = await shop.api.PUT('/cart/lines/{sku}', { params: { path: { sku: line.sku } }, body: { quantity: Number(quantity.value) } });
      if (changed.error) alert(changed.error.detail ?? changed.error.title);
      await shop.refreshBar();
      await cartPage(shop);
    });
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'aria-label': `Remove ${line.name ?? line.sku}`,
        onclick: async () => {
          await shop.api.DELETE('/cart/lines/{sku}', { params: { path: { sku: line.sku } } });
          await shop.refreshBar();
          await cartPage(shop);
        },
      },
      'Remove',
    );
    return h(
      'tr',
      {},
      h('td', {}, line.name ?? line.sku, line.problem ? h('div', { class: 'notice error' }, line.problem.message) : null),
      h('td', {}, h('label', { for: quantity.id, class: 'skip' }, `Quantity of ${line.name ?? line.sku}`), quantity),
      h('td', {}, line.unitPriceMinor === undefined ? '—' : money(line.unitPriceMinor, line.currency ?? shop.currency)),
      h('td', {}, line.lineTotalMinor === undefined ? '—' : money(line.lineTotalMinor, line.currency ?? shop.currency)),
      h('td', {}, remove),
    );
  });
  const quote = cart.quote;
  show(
    shop.main,
    h('h1', {}, 'Your cart'),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        {},
        h('caption', {}, 'Items'),
        h('thead', {}, h('tr', {}, ...['Product', 'Quantity', 'Price', 'Total', ''].map((text) => h('th', { scope: 'col' }, text)))),
        h('tbody', {}, ...rows),
      ),
    ),
    field('Delivery', delivery),
    quote ? totals(quote) : null,
    ...cart.problems.map((problem) => notice(problem.message, 'error')),
    h('p', {}, h('a', { href: '#/checkout', class: 'button', 'aria-disabled': cart.problems.length > 0 ? 'true' : undefined }, 'Go to checkout')),
  );
}

type Quote = { subtotal: Amount; discount: Amount; tax: Amount; delivery: Amount; total: Amount; pointsRedeemed: number };
type Amount = { amountMinor: number; currency: string };

export function totals(quote: Quote): HTMLElement {
  const line = (label: string, amount: Amount, extra = '') => h('div', { class: extra }, h('span', {}, label), h('span', {}, money(amount.amountMinor, amount.currency)));
  return h(
    'div',
    { class: 'totals card', 'aria-label': 'Totals' },
    line('Subtotal', quote.subtotal),
    quote.discount.amountMinor > 0 ? line(`Points (${quote.pointsRedeemed})`, { ...quote.discount, amountMinor: -quote.discount.amountMinor }) : null,
    line('Tax', quote.tax),
    line('Delivery', quote.delivery),
    line('Total', quote.total, 'total'),
  );
}
