import { apiFor, Sessions, signIn } from '../shared/api.js';
import { h, renderPage } from '../shared/dom.js';
import { accountPage, orderPage, ordersPage, walletPage } from './account.js';
import { cartPage, catalogPage } from './catalog.js';
import { checkoutPage, returnPage } from './checkout.js';
import type { Shop } from './shop.js';

const sessions = new Sessions('paysaga.shopper');
const api = apiFor(sessions);
const main = document.getElementById('content') as HTMLElement;
const bar = document.getElementById('bar') as HTMLElement;

const NAV = [
  ['#/', 'Shop'],
  ['#/cart', 'Cart'],
  ['#/orders', 'Orders'],
  ['#/wallet', 'Wallet'],
  ['#/account', 'Account'],
] as const;

const shop: Shop = {
  api,
  session: () => sessions.get()!,
  main,
  currency: localStorage.getItem('paysaga.currency') ?? '',
  currencies: [],
  refreshBar: async () => {
    const cart = await api.GET('/cart', { params: { query: { currency: shop.currency } } });
    const count = cart.data?.lines.reduce((sum, line) => sum + line.quantity, 0) ?? 0;
    const current = location.pathname === '/' ? location.hash.replace(/^#?\/?([a-z]*).*/, '#/$1') : '';
    const currency = h(
      'select',
      { id: 'currency', 'aria-label': 'Currency' },
      ...shop.currencies.map((code) => h('option', { value: code, selected: code === shop.currency }, code)),
    );
    currency.addEventListener('change', () => {
      shop.currency = currency.value;
      localStorage.setItem('paysaga.currency', shop.currency);
      void route();
    });
    const who = h('input', { id: 'shopper', 'aria-label': 'Shopper id', value: shop.session().customerId, size: 14 });
    const switchForm = h(
      'form',
      {
        class: 'who',
        onsubmit: async (event: Event) => {
          event.preventDefault();
          await signIn(api, sessions, 'shopper', who.value.trim() || undefined);
          void route();
        },
      },
      currency,
      who,
      h('button', { type: 'submit', class: 'secondary' }, 'Switch shopper'),
    );
    bar.replaceChildren(
      h('a', { class: 'brand', href: '/#/' }, 'paysaga shop'),
      h(
        'nav',
        { 'aria-label': 'Shop' },
        h(
          'ul',
          {},
          ...NAV.map(([href, label]) =>
            h('li', {}, h('a', { href: `/${href}`, 'aria-current': current === href ? 'page' : undefined }, label === 'Cart' && count > 0 ? `Cart (${count})` : label)),
          ),
        ),
      ),
      switchForm,
    );
  },
};

async function route(): Promise<void> {
  await renderPage(main, ready, pageAt, () => sessions.clear());
}

/** Signs in (demo mode) and learns the shop's currencies, once. */
async function ready(): Promise<void> {
  if (sessions.get()?.role !== 'shopper') await signIn(api, sessions, 'shopper');
  if (shop.currencies.length === 0 || shop.currency === '') {
    const catalog = await api.GET('/products', { params: { query: shop.currency ? { currency: shop.currency } : {} } });
    // A currency this shop no longer sells in falls back to its default.
    const known = catalog.data ?? (await api.GET('/products')).data;
    shop.currencies = known?.currencies ?? [];
    shop.currency = catalog.data ? shop.currency || catalog.data.currency : (known?.currency ?? 'NPR');
  }
  await shop.refreshBar();
}

/** The storefront's pages by the first part of the hash (`#/orders/ord_…`). */
const PAGES: Readonly<Record<string, (id?: string) => Promise<void>>> = {
  '': () => catalogPage(shop),
  cart: () => cartPage(shop),
  checkout: () => checkoutPage(shop),
  orders: (id) => (id ? orderPage(shop, id) : ordersPage(shop)),
  wallet: () => walletPage(shop),
  account: () => accountPage(shop),
};

function pageAt(): Promise<void> | undefined {
  if (location.pathname === '/return') return returnPage(shop, new URLSearchParams(location.search));
  const [page = '', id] = location.hash.replace(/^#\/?/, '').split('/');
  return PAGES[page]?.(id === undefined ? undefined : decodeURIComponent(id));
}

window.addEventListener('hashchange', () => void route());
void route();
