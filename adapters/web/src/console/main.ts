import { ApiError, apiFor, Sessions, signIn } from '../shared/api.js';
import { h, notice, show } from '../shared/dom.js';
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
  try {
    if (sessions.get()?.role !== 'operator') await signIn(api, sessions, 'operator', 'ops_console');
    drawBar();
    const [path = '', search = ''] = location.hash.replace(/^#\/?/, '').split('?');
    const [page, id] = path.split('/');
    switch (page) {
      case '':
      case undefined:
        return await attentionPage(c);
      case 'payments':
        return await paymentsPage(c, new URLSearchParams(search));
      case 'orders':
        return await (id ? orderPage(c, decodeURIComponent(id)) : attentionPage(c));
      case 'refunds':
        return await refundsPage(c);
      case 'notifications':
        return await notificationsPage(c);
      case 'gateways':
        return await gatewaysPage(c);
      case 'customers':
        return await customerPage(c, id ? decodeURIComponent(id) : undefined);
      default:
        show(main, h('h1', {}, 'Not found'), notice('There is no such page.'));
    }
  } catch (error) {
    if (error instanceof ApiError && error.problem.status === 401) sessions.clear();
    show(main, h('h1', {}, 'Something went wrong'), notice((error as Error).message, 'error'));
  }
}

window.addEventListener('hashchange', () => void route());
void route();
