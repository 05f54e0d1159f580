import type Koa from 'koa';
import { escapeHtml, pageRoutes, readBody, redirect, sendHtml } from '../../sandbox-kit/index.js';
import { PAGES, formatStripeAmount } from './hosted-page.js';
import type { IntentRecord } from './records.js';
import { paymentMethodJson } from './rendering.js';
import type { StripeState } from './state.js';

/**
 * The bank's authentication page at `next_action.redirect_to_url.url` (`/3ds/{pi}`): Complete
 * charges the card (`payment_intent.succeeded`), Fail leaves the PaymentIntent unpaid
 * (`payment_intent.payment_failed`); both send the browser to the `return_url` with
 * `payment_intent`, `payment_intent_client_secret` and `redirect_status`, as Stripe does.
 */
export function stripeThreeDsPage(state: StripeState) {
  const { intents, publicBaseUrl, emit, rendering, chargeIntent } = state;

  function waiting(ctx: Koa.Context, id: string): IntentRecord | undefined {
    const pi = intents.get(id)?.intent ?? null;
    if (pi === null || pi.status !== 'requires_action' || pi.returnUrl == null) {
      PAGES.errorPage(ctx, 404, 'Nothing to authenticate', 'This payment does not wait for authentication.');
      return undefined;
    }
    return pi;
  }

  function page(ctx: Koa.Context, id: string): void {
    const pi = waiting(ctx, id);
    if (pi === undefined) return;
    const action = `${publicBaseUrl}/3ds/${pi.id}`;
    const amount = escapeHtml(formatStripeAmount(pi.amount, pi.currency));
    sendHtml(
      ctx,
      200,
      PAGES.layout(
        '3D Secure authentication',
        `<p class="badge">Stripe sandbox · test mode</p>
<h1>Authenticate ${amount}</h1>
<p>Card ending ${escapeHtml(pi.paymentMethod?.last4 ?? '????')}</p>
<form id="complete-form" method="post" action="${escapeHtml(`${action}/complete`)}"><button type="submit" id="complete">Complete authentication</button></form>
<form id="fail-form" method="post" action="${escapeHtml(`${action}/fail`)}"><button type="submit" id="fail" class="secondary">Fail authentication</button></form>`,
      ),
    );
  }

  function back(ctx: Koa.Context, pi: IntentRecord, status: 'succeeded' | 'failed'): void {
    const target = new URL(pi.returnUrl as string);
    target.searchParams.set('payment_intent', pi.id);
    target.searchParams.set('payment_intent_client_secret', pi.clientSecret ?? '');
    target.searchParams.set('redirect_status', status);
    redirect(ctx, target.toString(), 303);
  }

  async function complete(ctx: Koa.Context, id: string): Promise<void> {
    await readBody(ctx.req);
    const pi = waiting(ctx, id);
    if (pi === undefined) return;
    const charge = chargeIntent(pi);
    emit('charge.succeeded', rendering.chargeJson(charge));
    emit('payment_intent.succeeded', rendering.intentJson(pi, false));
    back(ctx, pi, 'succeeded');
  }

  async function fail(ctx: Koa.Context, id: string): Promise<void> {
    await readBody(ctx.req);
    const pi = waiting(ctx, id);
    if (pi === undefined) return;
    pi.status = 'requires_payment_method';
    pi.nextActionUrl = null;
    const pm = pi.paymentMethod;
    pi.lastPaymentError = {
      type: 'card_error',
      code: 'payment_intent_authentication_failure',
      message: 'We are unable to authenticate your payment method.',
      ...(pm != null && { payment_method: paymentMethodJson(pm) }),
    };
    emit('payment_intent.payment_failed', rendering.intentJson(pi, false));
    back(ctx, pi, 'failed');
  }

  return pageRoutes('/3ds/:id', page, { complete, fail });
}
