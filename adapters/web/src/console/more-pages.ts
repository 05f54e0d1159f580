import { need } from '../shared/api.js';
import { h, notice, show, table } from '../shared/dom.js';
import { money, when, words } from '../shared/format.js';
import { badge, type Console, commandBar, sagaLink, statusLine } from './console.js';

/** Refunds whose saga parked, with the commands a parked refund takes. */
export async function refundsPage(c: Console, message?: string): Promise<void> {
  const { items } = need(await c.api.GET('/admin/refunds', { params: { query: { limit: 100 } } }));
  const line = statusLine(message);
  const rows = items.map((refund) => {
    const path = { params: { path: { refundId: refund.id } } };
    const command = (name: 'retry' | 'mark-failed' | 'credit-wallet') => (reason: string) => c.api.POST(`/admin/refunds/{refundId}/${name}`, { ...path, body: { reason } });
    return [
      refund.id,
      h('a', { href: `#/orders/${refund.orderId}` }, refund.orderId),
      money(refund.amount.amountMinor, refund.amount.currency),
      words(refund.destination),
      badge(refund.status),
      refund.attention?.code ?? '',
      sagaLink(`refund-${refund.id}`),
      commandBar(
        refund.id,
        [
          ['Retry', command('retry')],
          ['Credit the wallet instead', command('credit-wallet')],
          ['Mark failed', command('mark-failed'), true],
        ],
        line,
        (done) => refundsPage(c, `${refund.id} — ${done}`),
      ),
    ];
  });
  show(
    c.main,
    h('h1', {}, 'Refunds'),
    line,
    items.length === 0
      ? notice('No refund is waiting for an operator.', 'success')
      : table(['Refund', 'Order', 'Amount', 'To', 'Status', 'Why parked', 'Saga', 'Commands'], rows, 'Refunds that need an operator'),
  );
}

/** The notification outbox: what was sent, what is parked, resend. */
export async function notificationsPage(c: Console, message?: string): Promise<void> {
  const page = need(await c.api.GET('/admin/notifications', { params: { query: { limit: 50 } } }));
  const line = statusLine(message);
  show(
    c.main,
    h('h1', {}, 'Notifications'),
    line,
    table(
      ['When', 'What', 'Channel', 'To', 'Order', 'Status', ''],
      page.items.map((n) => [
        when(n.createdAt),
        words(n.kind),
        n.channel,
        n.recipient,
        n.orderId ?? '',
        h('span', {}, badge(n.status), n.lastError ? ` ${n.lastError}` : ''),
        n.status === 'sent' || n.status === 'parked'
          ? commandBar(n.id, [['Resend', (reason) => c.api.POST('/admin/notifications/{id}/resend', { params: { path: { id: n.id } }, body: { reason } })]], line, (done) =>
              notificationsPage(c, done),
            )
          : '',
      ]),
      'Newest first',
    ),
  );
}

/** Each gateway's kill switch: off, new checkouts and top-ups through it are refused; running ones go on. */
export async function gatewaysPage(c: Console, message?: string): Promise<void> {
  const { items } = need(await c.api.GET('/admin/gateways'));
  const line = statusLine(message);
  show(
    c.main,
    h('h1', {}, 'Gateways'),
    line,
    table(
      ['Gateway', 'New checkouts', ''],
      items.map((g) => [
        words(g.gateway),
        badge(g.enabled ? 'enabled' : 'disabled'),
        commandBar(
          g.gateway,
          [
            g.enabled
              ? [
                  `Turn ${words(g.gateway)} off`,
                  (reason) => c.api.PUT('/admin/gateways/{gateway}', { params: { path: { gateway: g.gateway as 'khalti' } }, body: { enabled: false, reason } }),
                  true,
                ]
              : [
                  `Turn ${words(g.gateway)} on`,
                  (reason) => c.api.PUT('/admin/gateways/{gateway}', { params: { path: { gateway: g.gateway as 'khalti' } }, body: { enabled: true, reason } }),
                ],
          ],
          line,
          (done) => gatewaysPage(c, done),
        ),
      ]),
      'Kill switches',
    ),
  );
}

/** Look a customer up: orders, wallet, points, open checkouts. */
export async function customerPage(c: Console, customerId: string | undefined): Promise<void> {
  const id = h('input', { id: 'customer-id', name: 'customerId', required: true, value: customerId ?? '', placeholder: 'cus_…' });
  const form = h(
    'form',
    {
      class: 'row',
      onsubmit: (event: Event) => {
        event.preventDefault();
        location.hash = `#/customers/${encodeURIComponent(id.value.trim())}`;
      },
    },
    h('div', { class: 'field' }, h('label', { for: id.id }, 'Customer id'), id),
    h('button', { type: 'submit' }, 'Look up'),
  );
  if (!customerId) {
    show(c.main, h('h1', {}, 'Customers'), form);
    return;
  }
  const customer = need(await c.api.GET('/admin/customers/{customerId}', { params: { path: { customerId } } }));
  show(
    c.main,
    h('h1', {}, `Customer ${customer.customerId}`),
    form,
    h(
      'p',
      { class: 'price' },
      `${customer.loyalty.points} points · ${customer.loyalty.tier} · wallet `,
      customer.wallet.balances.map((b) => money(b.amountMinor, b.currency)).join(', '),
    ),
    table(
      ['Order', 'Placed', 'Gateway', 'Total', 'Payment', 'Delivery'],
      customer.orders.items.map((o) => [
        h('a', { href: `#/orders/${o.orderId}` }, o.orderId),
        when(o.placedAt),
        words(o.gateway),
        money(o.totalMinor, o.currency),
        badge(o.status),
        badge(o.fulfilmentStatus),
      ]),
      'Orders, newest first',
    ),
  );
}
