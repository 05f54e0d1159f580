import { need, newIdempotencyKey } from '../shared/api.js';
import { field, h, notice, show, sleep } from '../shared/dom.js';
import { money, toMinor, words } from '../shared/format.js';
import { totals } from './catalog.js';
import { followPaymentAction, PAYMENT_CHOICES, type PaymentChoice, type Shop } from './shop.js';

const input = (id: string, attributes: Record<string, string | boolean> = {}) => h('input', { id, name: id, ...attributes });

/** Delivery details, the way to pay, points and wallet: then off to the gateway (or straight to the outcome). */
export async function checkoutPage(shop: Shop): Promise<void> {
  const delivery = (sessionStorage.getItem('paysaga.delivery') ?? 'standard') as 'standard' | 'express' | 'pickup';
  const [cart, wallet, loyalty, methods] = await Promise.all([
    shop.api.GET('/cart', { params: { query: { currency: shop.currency, delivery } } }).then(need),
    shop.api.GET('/wallet', { params: { query: { currency: shop.currency } } }).then(need),
    shop.api.GET('/loyalty').then(need),
    shop.api.GET('/me/payment-methods').then(need),
  ]);
  if (cart.lines.length === 0 || cart.quote === undefined) {
    show(shop.main, h('h1', {}, 'Checkout'), notice('Your cart is empty.'), h('a', { href: '#/', class: 'button' }, 'Browse the shop'));
    return;
  }
  const saved = sessionStorage.getItem('paysaga.contact');
  const contact = saved ? (JSON.parse(saved) as Record<string, string>) : {};
  const fields = {
    name: input('name', { autocomplete: 'name', required: true, value: contact['name'] ?? '' }),
    email: input('email', { type: 'email', autocomplete: 'email', required: true, value: contact['email'] ?? '' }),
    phone: input('phone', { type: 'tel', autocomplete: 'tel', value: contact['phone'] ?? '' }),
    line1: input('line1', { autocomplete: 'address-line1', required: delivery !== 'pickup', value: contact['line1'] ?? '' }),
    city: input('city', { autocomplete: 'address-level2', required: delivery !== 'pickup', value: contact['city'] ?? '' }),
    postalCode: input('postalCode', { autocomplete: 'postal-code', required: delivery !== 'pickup', value: contact['postalCode'] ?? '' }),
    country: input('country', { autocomplete: 'country', required: delivery !== 'pickup', maxlength: '2', value: contact['country'] ?? 'NP' }),
  };
  const choices = PAYMENT_CHOICES.map(([id, label], index) =>
    h('label', {}, h('input', { type: 'radio', name: 'gateway', value: id, checked: index === 0, required: true }), label),
  );
  const walletPart = input('walletPart', { inputmode: 'decimal', placeholder: '0' });
  const points = input('points', { type: 'number', min: '0', max: String(loyalty.points), inputmode: 'numeric', placeholder: '0' });
  const savedChoice = h(
    'select',
    { id: 'savedMethod', name: 'savedMethod' },
    h('option', { value: '' }, 'Enter card details on the payment page'),
    ...methods.items.map((m) => h('option', { value: m.id, 'data-gateway': m.gateway }, `${m.brand} •••• ${m.last4} (${m.gateway}${m.wallet ? `, ${words(m.wallet)}` : ''})`)),
  );
  const save = input('saveMethod', { type: 'checkbox' });
  const status = h('div', { 'aria-live': 'polite' });
  const pay = h('button', { type: 'submit' }, `Pay ${money(cart.quote.total.amountMinor, cart.quote.total.currency)}`);
  // One key per attempt: a double click or a retry after a lost answer starts one checkout, not two.
  let attemptKey = newIdempotencyKey();
  const form = h(
    'form',
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const gateway = (new FormData(form).get('gateway') ?? 'khalti') as PaymentChoice;
        const walletAmountMinor = walletPart.value.trim() === '' ? undefined : toMinor(walletPart.value, shop.currency);
        if (walletPart.value.trim() !== '' && walletAmountMinor === undefined) {
          status.replaceChildren(notice('The wallet amount is not an amount of money.', 'error'));
          walletPart.focus();
          return;
        }
        const remembered = Object.fromEntries(Object.entries(fields).map(([key, control]) => [key, control.value.trim()]));
        sessionStorage.setItem('paysaga.contact', JSON.stringify(remembered));
        pay.disabled = true;
        status.replaceChildren(notice('Starting your checkout…'));
        const chosenMethod = savedChoice.value === '' ? undefined : methods.items.find((m) => m.id === savedChoice.value && m.gateway === gateway);
        const started = await shop.api.POST('/checkouts', {
          headers: { 'Idempotency-Key': attemptKey },
          body: {
            fromCart: true,
            gateway,
            currency: shop.currency,
            delivery,
            customer: { name: remembered['name']!, email: remembered['email']!, ...(remembered['phone'] ? { phone: remembered['phone'] } : {}) },
            ...(delivery === 'pickup'
              ? {}
              : {
                  deliveryAddress: { line1: remembered['line1']!, city: remembered['city']!, postalCode: remembered['postalCode']!, country: remembered['country']!.toUpperCase() },
                }),
            ...(walletAmountMinor === undefined || gateway === 'wallet' ? {} : { walletAmountMinor }),
            ...(Number(points.value) > 0 ? { pointsToRedeem: Number(points.value) } : {}),
            ...(chosenMethod === undefined ? {} : { paymentMethodId: chosenMethod.id }),
            ...(save.checked && chosenMethod === undefined && (gateway === 'stripe' || gateway === 'razorpay') ? { savePaymentMethod: true } : {}),
          },
        });
        if (started.error) {
          pay.disabled = false;
          // A refused request created nothing: the next press is a new attempt.
          attemptKey = newIdempotencyKey();
          status.replaceChildren(notice(started.error.detail ?? started.error.title, 'error'));
          return;
        }
        const action = started.data.paymentAction;
        if (action !== undefined && action.type !== 'instructions') {
          status.replaceChildren(notice(`Taking you to ${words(gateway)} to pay…`));
          followPaymentAction(action);
          return;
        }
        location.assign(`/return?orderId=${encodeURIComponent(started.data.orderId)}`);
      },
    },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Contact'),
      h('div', { class: 'row' }, field('Full name', fields.name), field('Email', fields.email), field('Phone (optional)', fields.phone, 'e.g. +9779800000001')),
    ),
    delivery === 'pickup'
      ? h('p', {}, 'You pick the order up in store.')
      : h(
          'fieldset',
          {},
          h('legend', {}, `Delivery address (${delivery})`),
          h(
            'div',
            { class: 'row' },
            field('Address', fields.line1),
            field('City', fields.city),
            field('Postal code', fields.postalCode),
            field('Country', fields.country, 'two letters, e.g. NP'),
          ),
        ),
    h('fieldset', {}, h('legend', {}, 'Pay with'), h('div', { class: 'choices' }, ...choices)),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Saved cards, wallet and points'),
      h(
        'div',
        { class: 'row' },
        methods.items.length > 0 ? field('Saved card (Stripe or Razorpay)', savedChoice) : null,
        h('div', { class: 'field' }, h('label', { for: save.id }, save, ' Save my card for next time (Stripe, Razorpay)')),
        field(
          `Pay part from my wallet (${shop.currency})`,
          walletPart,
          `balance ${money(wallet.balance.amountMinor, wallet.balance.currency)}; the rest through the way chosen above`,
        ),
        field('Points to redeem', points, `you have ${loyalty.points} points`),
      ),
    ),
    totals(cart.quote),
    status,
    pay,
  );
  show(shop.main, h('h1', {}, 'Checkout'), form);
}

const FINAL = new Set(['confirmed', 'cancelled']);
const FINAL_TOP_UP = new Set(['credited', 'failed']);

/** Where gateways send the shopper back: the outcome the saga verified with the gateway, never what the URL claims. */
export async function returnPage(shop: Shop, query: URLSearchParams): Promise<void> {
  const orderId = query.get('orderId');
  const topUpId = query.get('topUpId');
  const heading = h('h1', {}, topUpId ? 'Your top-up' : 'Your order');
  const body = h('div', { 'aria-live': 'polite' }, notice('Checking your payment with the gateway…'));
  show(shop.main, heading, body);
  for (let attempt = 0; attempt < 90; attempt += 1) {
    if (orderId) {
      const found = await shop.api.GET('/checkouts/{orderId}', { params: { path: { orderId } } });
      if (found.error) {
        body.replaceChildren(notice(found.error.detail ?? found.error.title, 'error'));
        return;
      }
      const view = found.data;
      const waitingForStaff = view.paymentAction?.type === 'instructions';
      if (FINAL.has(view.checkoutStatus) || view.checkoutStatus === 'needs_attention' || waitingForStaff) {
        body.replaceChildren(outcome(view));
        await shop.refreshBar();
        return;
      }
    } else if (topUpId) {
      const found = await shop.api.GET('/wallet/top-ups/{topUpId}', { params: { path: { topUpId } } });
      if (found.error) {
        body.replaceChildren(notice(found.error.detail ?? found.error.title, 'error'));
        return;
      }
      if (FINAL_TOP_UP.has(found.data.status) || found.data.status === 'needs_attention') {
        const credited = found.data.credited;
        body.replaceChildren(
          found.data.status === 'credited' && credited
            ? notice(`${money(credited.amountMinor, credited.currency)} was added to your wallet.`, 'success')
            : notice(`The top-up did not go through (${words(found.data.failureReason ?? found.data.status)}). Nothing was taken.`, 'error'),
          h('p', {}, h('a', { href: '/#/wallet' }, 'See your wallet')),
        );
        return;
      }
    } else {
      body.replaceChildren(notice('This page is where the payment page sends you back; there is nothing to show without an order.', 'error'));
      return;
    }
    await sleep(attempt < 10 ? 500 : 2000);
  }
  body.replaceChildren(notice('The gateway has not confirmed the payment yet. We keep checking: your order page will show it when it does.'));
}

type View = {
  orderId: string;
  checkoutStatus: string;
  gateway: string;
  amount: { amountMinor: number; currency: string };
  cancelReason?: string;
  pointsAwarded?: number;
  refundedToWallet?: { amountMinor: number; currency: string };
  paymentAction?: { type: string; text?: string; reference?: string };
};

export function outcome(view: View): HTMLElement {
  const paid = money(view.amount.amountMinor, view.amount.currency);
  const parts: HTMLElement[] = [];
  if (view.checkoutStatus === 'confirmed') {
    parts.push(h('p', { class: 'outcome notice success', role: 'status' }, `Payment confirmed: ${paid} with ${words(view.gateway)}. Thank you!`));
    if (view.pointsAwarded) parts.push(h('p', {}, `You earned ${view.pointsAwarded} loyalty points.`));
  } else if (view.checkoutStatus === 'cancelled') {
    parts.push(h('p', { class: 'outcome notice error', role: 'status' }, `The order was cancelled (${words(view.cancelReason ?? 'cancelled')}).`));
    if (view.refundedToWallet) parts.push(h('p', {}, `${money(view.refundedToWallet.amountMinor, view.refundedToWallet.currency)} was credited to your wallet.`));
  } else if (view.paymentAction?.type === 'instructions') {
    parts.push(h('p', { class: 'outcome notice', role: 'status' }, `Order placed: ${paid}, to pay by ${words(view.gateway)}.`), h('p', {}, view.paymentAction.text ?? ''));
  } else {
    parts.push(h('p', { class: 'outcome notice', role: 'status' }, 'We are looking into your payment; the shop will be in touch.'));
  }
  parts.push(h('p', {}, 'Order ', h('a', { href: `/#/orders/${view.orderId}` }, view.orderId)));
  return h('div', { class: 'card', 'data-status': view.checkoutStatus }, ...parts);
}
