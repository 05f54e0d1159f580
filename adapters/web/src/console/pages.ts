import { need } from '../shared/api.js';
import { field, h, notice, select, show, table } from '../shared/dom.js';
import { money, when, words } from '../shared/format.js';
import { badge, type Console, commandBar, sagaLink, statusLine } from './console.js';

/** Checkouts an operator must look at: parked sagas, and cash-on-delivery or bank-transfer payments to approve. */
export async function attentionPage(c: Console, message?: string): Promise<void> {
  const { items } = need(await c.api.GET('/admin/checkouts', { params: { query: { manual: 'true', limit: 100 } } }));
  const line = statusLine(message);
  const rows = items.map((item) => {
    const path = { params: { path: { orderId: item.orderId } } };
    const manual = item.status === 'awaiting_payment';
    const command = (name: 'approve' | 'reject' | 'retry' | 'cancel' | 'refund-to-wallet') => (reason: string) =>
      c.api.POST(`/admin/checkouts/{orderId}/${name}`, { ...path, body: { reason } });
    const commands = manual
      ? ([
          ['Approve', command('approve')],
          ['Reject', command('reject'), true],
        ] as const)
      : ([
          ['Retry', command('retry')],
          ['Approve', command('approve')],
          ['Refund to wallet', command('refund-to-wallet')],
          ['Reject', command('reject'), true],
          ['Cancel', command('cancel'), true],
        ] as const);
    return [
      h('a', { href: `#/orders/${item.orderId}` }, item.orderId),
      item.customerId ?? '',
      words(item.gateway ?? ''),
      badge(manual ? 'awaiting_approval' : (item.status ?? '')),
      when(item.startedAt),
      sagaLink(`checkout-${item.orderId}`),
      commandBar(item.orderId, commands, line, (done) => attentionPage(c, `${item.orderId} — ${done}`)),
    ];
  });
  show(
    c.main,
    h('h1', {}, 'Needs attention'),
    line,
    items.length === 0
      ? notice('Nothing needs an operator right now.', 'success')
      : table(['Order', 'Customer', 'Gateway', 'Status', 'Started', 'Saga', 'Commands'], rows, 'Checkouts waiting for an operator'),
  );
}

/** Payments with filters, and the CSV export of the same filter. */
export async function paymentsPage(c: Console, query: URLSearchParams): Promise<void> {
  const gateway = query.get('gateway') ?? '';
  const state = query.get('status') ?? '';
  const filter = { ...(gateway ? { gateway } : {}), ...(state ? { status: state } : {}) };
  const page = need(await c.api.GET('/admin/payments', { params: { query: { ...filter, limit: 100 } } }));
  const gatewayChoice = select(
    'filter-gateway',
    [['', 'every gateway'], ...['khalti', 'esewa', 'ikhokha', 'stripe', 'paypal', 'razorpay', 'wallet', 'cash_on_delivery', 'bank_transfer'].map((g) => [g, words(g)] as const)],
    gateway,
  );
  const statusChoice = select(
    'filter-status',
    [['', 'every status'], ...['pending', 'completed', 'failed', 'refunded', 'partially_refunded'].map((s) => [s, words(s)] as const)],
    state,
  );
  const line = statusLine();
  const exportCsv = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        // The export needs the operator's token, so it is fetched and handed to the browser as a file.
        const answer = await c.api.GET('/admin/payments.csv', { params: { query: filter }, parseAs: 'blob' });
        if (answer.error || !(answer.data instanceof Blob)) {
          line.replaceChildren(notice('The export failed.', 'error'));
          return;
        }
        const link = h('a', { href: URL.createObjectURL(answer.data), download: 'payments.csv' });
        document.body.appendChild(link);
        link.click();
        link.remove();
        line.replaceChildren(notice('payments.csv downloaded.', 'success'));
      },
    },
    'Export CSV',
  );
  const form = h(
    'form',
    {
      class: 'row',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const next = new URLSearchParams({ ...(gatewayChoice.value ? { gateway: gatewayChoice.value } : {}), ...(statusChoice.value ? { status: statusChoice.value } : {}) });
        location.hash = `#/payments?${next}`;
      },
    },
    field('Gateway', gatewayChoice),
    field('Status', statusChoice),
    h('button', { type: 'submit' }, 'Filter'),
    exportCsv,
  );
  show(
    c.main,
    h('h1', {}, 'Payments'),
    form,
    line,
    table(
      ['Order', 'Customer', 'Gateway', 'Amount', 'Status', 'Transaction', 'Created'],
      page.items.map((p) => [
        h('a', { href: `#/orders/${p.orderId}` }, p.orderId),
        h('a', { href: `#/customers/${p.customerId}` }, p.customerId),
        `${words(p.gateway)}${p.paidWithWallet ? ` (${words(p.paidWithWallet)})` : ''}`,
        money(p.amountMinor, p.currency),
        badge(p.status),
        p.gatewayTransactionId ?? '',
        when(p.createdAt),
      ]),
      `${page.items.length} payments, oldest first${page.nextCursor ? ' (more on the next page)' : ''}`,
    ),
  );
}

/** One order as staff see it, with the refund and fulfilment commands. */
export async function orderPage(c: Console, orderId: string, message?: string): Promise<void> {
  const order = need(await c.api.GET('/admin/orders/{orderId}', { params: { path: { orderId } } }));
  const line = statusLine(message);
  const path = { params: { path: { orderId } } };
  const again = (done: string) => orderPage(c, orderId, done);
  const refund = (destination: 'wallet' | 'gateway') => (reason: string) =>
    c.api.POST('/admin/orders/{orderId}/refunds', { ...path, headers: { 'Idempotency-Key': crypto.randomUUID() }, body: { destination, reason } });
  const move = (name: 'start-processing' | 'deliver') => (reason: string) => c.api.POST(`/admin/orders/{orderId}/fulfilment/${name}`, { ...path, body: { reason } });
  show(
    c.main,
    h('h1', {}, `Order ${order.id}`),
    line,
    h(
      'p',
      {},
      'Order ',
      badge(order.status),
      order.saga ? h('span', {}, ' · saga ', badge(order.saga.status)) : '',
      ' · customer ',
      h('a', { href: `#/customers/${order.customerId}` }, order.customerId),
      ' · ',
      sagaLink(`checkout-${order.id}`),
    ),
    table(
      ['Product', 'Quantity', 'Total'],
      order.lines.map((l) => [l.name, l.quantity, money(l.lineTotal.amountMinor, l.lineTotal.currency)]),
      `Paid with ${words(order.gateway)}, ${money(order.total.amountMinor, order.total.currency)}${order.refunded ? `, refunded ${money(order.refunded.amountMinor, order.refunded.currency)}` : ''}`,
    ),
    h('h2', {}, 'Refund'),
    commandBar(
      `refund-${order.id}`,
      [
        ['Refund to wallet', refund('wallet')],
        ['Refund to the gateway', refund('gateway'), true],
      ],
      line,
      again,
    ),
    h('h2', {}, 'Fulfilment'),
    commandBar(
      `fulfil-${order.id}`,
      [
        ['Start processing', move('start-processing')],
        ['Mark delivered', move('deliver')],
      ],
      line,
      again,
    ),
  );
}
