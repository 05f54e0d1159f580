import { apiFor, Sessions, signIn } from '../shared/api.js';
import { h, renderPage } from '../shared/dom.js';
import type { Console } from './console.js';
import { customerPage, gatewaysPage, notificationsPage, refundsPage } from './more-pages.js';
import { attentionPage, orderPage, paymentsPage } from './pages.js';

const sessions = new Sessions('paysaga.operator');
const api = apiFor(sessions);
const main = document.getElementById('content') as HTMLElement;
const bar = document.getElementById('bar') as HTMLElement;
const c: Console = { api, main, operator: () => sessions.get()?.customerId ?? '' };

const NAV = [
  ['#/', 'Needs attention'],
  ['#/payments', 'Payments'],
  ['#/refunds', 'Refunds'],
  ['#/notifications', 'Notifications'],
  ['#/gateways', 'Gateways'],
  ['#/customers', 'Customers'],
] as const;

function drawBar(): void {
  const current = location.hash.replace(/^#?\/?([a-z]*).*/, '#/$1');
  const lookup = h('input', { id: 'order-lookup', 'aria-label': 'Order id', placeholder: 'ord_…', size: 16 });
  bar.replaceChildren(
    h('a', { class: 'brand', href: '#/' }, 'paysaga console'),
    h('nav', { 'aria-label': 'Console' }, h('ul', {}, ...NAV.map(([href, label]) => h('li', {}, h('a', { href, 'aria-current': current === href ? 'page' : undefined }, label))))),
    h(
      'form',
      {
        class: 'who',
        onsubmit: (event: Event) => {
          event.preventDefault();
          if (lookup.value.trim()) location.hash = `#/orders/${encodeURIComponent(lookup.value.trim())}`;
        },
      },
      lookup,
      h('button', { type: 'submit', class: 'secondary' }, 'Find order'),
      h('span', {}, `operator ${c.operator()}`),
    ),
  );
}

async function route(): Promise<void> {
  await renderPage(main, ready, pageAt, () => sessions.clear());
}

async function ready(): Promise<void> {
  if (sessions.get()?.role !== 'operator') await signIn(api, sessions, 'operator', 'ops_console');
  drawBar();
}

/** The console's pages by the first part of the hash (`#/orders/ord_…`, `#/payments?gateway=…`). */
const PAGES: Readonly<Record<string, (id: string | undefined, search: URLSearchParams) => Promise<void>>> = {
  '': () => attentionPage(c),
  payments: (_, search) => paymentsPage(c, search),
  orders: (id) => (id ? orderPage(c, id) : attentionPage(c)),
  refunds: () => refundsPage(c),
  notifications: () => notificationsPage(c),
  gateways: () => gatewaysPage(c),
  customers: (id) => customerPage(c, id),
};

function pageAt(): Promise<void> | undefined {
  const [path = '', search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [page = '', id] = path.split('/');
  return PAGES[page]?.(id === undefined ? undefined : decodeURIComponent(id), new URLSearchParams(search));
}

window.addEventListener('hashchange', () => void route());
void route();
