/**
 * The storefront and the console as their users click through them, in real Chromium, against
 * `npm start`'s stack: every way to pay through its sandbox page, a cancel, the orders and the
 * points; an operator approving a bank transfer and refunding an order to the wallet.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackPorts } from '../../scripts/lib/local-stack.js';
import { launchChromium, screenshot, watchForErrors } from '../support/browser.js';
import { ownStack } from '../support/dev-stack.js';

const SHOPPER = 'cus_browser';

describe('the storefront and the console, in Chromium', () => {
  let close: () => Promise<void>;
  let ports: StackPorts;
  let browser: Browser;
  let shopperContext: BrowserContext;
  let shop: Page;
  let errors: string[];
  const site = (path: string) => `http://localhost:${ports.api}${path}`;

  beforeAll(async () => {
    const started = await ownStack('paysaga-browser-');
    close = started.close;
    ports = started.ports;
    browser = await launchChromium();
    shopperContext = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    shop = await shopperContext.newPage();
    errors = watchForErrors(shop);
    await shop.goto(site('/'));
    await shop.locator('#shopper').fill(SHOPPER);
    await shop.getByRole('button', { name: 'Switch shopper' }).click();
    // Page scripts as strings: this file is compiled without the DOM's types.
    await shop.waitForFunction(`JSON.parse(localStorage.getItem('paysaga.shopper') ?? '{}').customerId === '${SHOPPER}'`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  /** The shopper's own token, from the page's storage, for the few checks the pages do not show. */
  async function shopperApi(path: string, init: RequestInit = {}): Promise<Response> {
    const session = JSON.parse((await shop.evaluate<string | null>("localStorage.getItem('paysaga.shopper')")) ?? '{}') as { token: string };
    return fetch(site(path), { ...init, headers: { authorization: `Bearer ${session.token}`, ...init.headers } });
  }

  async function chooseCurrency(currency: string): Promise<void> {
    await shop.goto(site('/#/'));
    await shop.locator('article.card').first().waitFor();
    if ((await shop.locator('#currency').inputValue()) !== currency) {
      await shop.locator('#currency').selectOption(currency);
      await expect
        .poll(() => shop.locator('article.card .price').first().textContent())
        .toContain(currency === 'USD' ? '$' : currency === 'INR' ? '₹' : currency === 'ZAR' ? 'ZAR' : 'NPR');
    }
  }

  async function addToCart(sku: string, quantity = 1): Promise<void> {
    await shopperApi('/cart', { method: 'DELETE' });
    // A fresh shelf: no notice left from an earlier page may stand in for this one.
    await shop.goto('about:blank');
    await shop.goto(site('/#/'));
    const card = shop.locator(`article[data-sku="${sku}"]`);
    await card.locator('input').fill(String(quantity));
    await card.getByRole('button', { name: 'Add to cart' }).click();
    await shop.locator('.notice.success', { hasText: `Added ${quantity} ×` }).waitFor();
  }

  /** Fills the checkout as a shopper would and presses Pay. */
  async function checkOut(gateway: string, options: { walletPart?: string } = {}): Promise<void> {
    await shop.goto(site('/#/checkout'));
    await shop.locator('#name').fill('Sita Sharma');
    await shop.locator('#email').fill('sita@example.com');
    await shop.locator('#line1').fill('Jhamsikhel 4');
    await shop.locator('#city').fill('Lalitpur');
    await shop.locator('#postalCode').fill('44700');
    await shop.locator(`input[name="gateway"][value="${gateway}"]`).check();
    if (options.walletPart) await shop.locator('#walletPart').fill(options.walletPart);
    await shop.getByRole('button', { name: /^Pay / }).click();
  }

  /** On the gateway's sandbox page: press its Pay (or Cancel) button. */
  async function onSandboxPage(press: 'pay' | 'cancel'): Promise<void> {
    await shop.waitForURL((url) => url.port === String(ports.sandbox), { timeout: 30_000 });
    await shop
      .locator(press === 'pay' ? '#pay, #approve, #pay-form button' : '#cancel, #cancel-form button')
      .first()
      .click();
  }

  /** The return page's verified outcome: waits for the saga's answer, keeps a screenshot. */
  async function outcome(name: string): Promise<{ status: string; orderId: string; text: string }> {
    await shop.waitForURL((url) => url.pathname === '/return', { timeout: 30_000 });
    const card = shop.locator('[data-status]');
    await card.waitFor({ timeout: 60_000 });
    await screenshot(shop, name);
    const orderId = (await card.getByRole('link').textContent()) ?? '';
    return { status: (await card.getAttribute('data-status')) ?? '', orderId, text: (await card.textContent()) ?? '' };
  }

  const paidOrders: string[] = [];

  it.each([
    ['khalti', 'NPR'],
    ['esewa', 'NPR'],
    ['ikhokha', 'ZAR'],
    ['stripe', 'USD'],
    ['paypal', 'USD'],
    ['razorpay', 'INR'],
  ])('pays with %s (%s) on its sandbox page and comes back to the confirmed order', async (gateway, currency) => {
    await chooseCurrency(currency);
    await addToCart('TEA-ILAM-250', 2);
    await checkOut(gateway);
    await onSandboxPage('pay');
    const shown = await outcome(`paid-${gateway}`);
    expect(shown.status).toBe('confirmed');
    expect(shown.text).toMatch(/Payment confirmed: .* with /);
    expect(shown.text).toMatch(/You earned \d+ loyalty points/);
    paidOrders.push(shown.orderId);
    expect(errors).toEqual([]);
  });

  it('tops the wallet up, pays from it alone, then splits a payment between wallet and Khalti', async () => {
    await chooseCurrency('NPR');
    await shop.goto(site('/#/wallet'));
    await shop.locator('#topup-amount').fill('2000');
    await shop.locator('#topup-gateway').selectOption('khalti');
    await shop.getByRole('button', { name: 'Top up' }).click();
    await onSandboxPage('pay');
    await shop.waitForURL((url) => url.pathname === '/return');
    // Intl puts a no-break space between the currency and the amount.
    await expect
      .poll(async () => (await shop.locator('main .notice').first().textContent())?.replaceAll('\u00a0', ' '), { timeout: 60_000 })
      .toBe('NPR 2,000.00 was added to your wallet.');
    await screenshot(shop, 'wallet-topped-up');

    await addToCart('TEA-ILAM-250');
    await checkOut('wallet');
    const fromWallet = await outcome('paid-wallet');
    expect(fromWallet.status).toBe('confirmed');
    expect(fromWallet.text).toContain('with your wallet');

    await addToCart('MUG-CLAY');
    await checkOut('khalti', { walletPart: '100' });
    await onSandboxPage('pay');
    const split = await outcome('paid-split');
    expect(split.status).toBe('confirmed');
    const entries = (await (await shopperApi('/wallet/entries?currency=NPR')).json()) as { items: { amountMinor: number; orderId?: string }[] };
    expect(entries.items.find((entry) => entry.orderId === split.orderId)?.amountMinor).toBe(-10000);
    paidOrders.push(fromWallet.orderId, split.orderId);
  }, 150_000);

  it('saves the card paid with at Stripe, sees it under Account, pays with it again, then removes it', async () => {
    await chooseCurrency('USD');
    await addToCart('MUG-CLAY');
    await shop.goto(site('/#/checkout'));
    await shop.locator('#saveMethod').check();
    await checkOut('stripe');
    await onSandboxPage('pay');
    expect((await outcome('paid-stripe-saved')).status).toBe('confirmed');

    await shop.goto(site('/#/account'));
    const card = shop.locator('tbody tr', { hasText: '•••• 4242' });
    await card.waitFor();
    expect(await card.textContent()).toContain('stripe');
    await screenshot(shop, 'account-saved-card');

    // Paying with it again: chosen on the checkout page, confirmed off-session, no card typed.
    await addToCart('MUG-CLAY');
    await shop.goto(site('/#/checkout'));
    await shop.locator('#savedMethod').selectOption({ index: 1 });
    await checkOut('stripe');
    expect((await outcome('paid-stripe-with-saved-card')).status).toBe('confirmed');

    await shop.goto(site('/#/account'));
    await shop.getByRole('button', { name: /Remove .* ending 4242/ }).click();
    await shop.getByText('No saved cards.').waitFor();
    expect(((await (await shopperApi('/me/payment-methods')).json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('cancels on the gateway page and is told so; the order ends cancelled', async () => {
    await chooseCurrency('NPR');
    await addToCart('TEA-ILAM-250');
    await checkOut('khalti');
    await onSandboxPage('cancel');
    const shown = await outcome('cancelled-khalti');
    expect(shown.status).toBe('cancelled');
    expect(shown.text).toContain('The order was cancelled (payment cancelled)');
  });

  it('lists the orders with their payment and delivery, and shows the points and tier', async () => {
    await shop.goto(site('/#/orders'));
    const rows = shop.locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(paidOrders.length + 1);
    for (const orderId of paidOrders) await expect.poll(() => shop.locator('tbody tr', { hasText: orderId }).locator('.badge').first().textContent()).toBe('confirmed');
    await expect.poll(() => shop.locator('tbody tr .badge.cancelled').count()).toBe(1);
    await screenshot(shop, 'orders');

    await shop.goto(site('/#/account'));
    const points = (await shop.locator('#points').textContent()) ?? '';
    expect(points).toMatch(/^\d+ points · \w+ tier$/);
    expect(Number(points.split(' ')[0])).toBeGreaterThan(0);
    await screenshot(shop, 'account');
  });

  it('labels every control, fits a phone screen, and loads under 200 KB of script per page', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    try {
      const page = await phone.newPage();
      const scripts = new Map<string, number>();
      page.on('response', async (response) => {
        if (response.request().resourceType() === 'script') scripts.set(response.url(), (await response.body()).length);
      });
      for (const [path, ready] of [
        ['/#/', 'article.card'],
        ['/#/cart', 'h1'],
        ['/#/wallet', '#wallet-balance'],
        ['/#/account', '#points'],
        ['/#/orders', 'h1'],
        ['/console#/', 'h1'],
        ['/console#/payments', 'table'],
        ['/console#/gateways', 'table'],
        ['/console#/refunds', 'h1'],
        ['/console#/notifications', 'table'],
      ] as const) {
        scripts.clear();
        await page.goto('about:blank');
        await page.goto(site(path));
        await page.locator(ready).first().waitFor();
        await page.waitForLoadState('networkidle');
        // Every form control has a name a screen reader can read out (a label, aria-label or its text).
        const unnamed = await page.evaluate<string[]>(`[...document.querySelectorAll('input:not([type=hidden]), select, button, a[href]')]
          .filter((el) => !((el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.textContent.trim()))
          .map((el) => el.outerHTML.slice(0, 120))`);
        expect(unnamed, `${path}: controls without a name`).toEqual([]);
        // One column on a phone: nothing wider than the screen but the tables, which scroll inside their box.
        expect(await page.evaluate<number>('document.documentElement.scrollWidth'), `${path} fits 375 px`).toBeLessThanOrEqual(375);
        const bytes = [...scripts.values()].reduce((sum, size) => sum + size, 0);
        expect(bytes, `${path}: script bytes`).toBeGreaterThan(0);
        expect(bytes, `${path}: script bytes`).toBeLessThan(200 * 1024);
      }
      await page.goto(site('/#/'));
      await page.locator('article.card').first().waitFor();
      await screenshot(page, 'shop-on-a-phone');
    } finally {
      await phone.close();
    }
  });

  it('works from the keyboard: focus lands on the page heading, Tab reaches the shelf, Enter adds to the cart', async () => {
    await shopperApi('/cart', { method: 'DELETE' });
    await shop.goto('about:blank');
    await shop.goto(site('/#/'));
    await shop.locator('article.card').first().waitFor();
    expect(await shop.evaluate<string>('document.activeElement.textContent')).toBe('Shop');
    // The first product that can be bought: its quantity, then its button.
    const first = shop.locator('article.card', { has: shop.locator('button:not([disabled])') }).first();
    const sku = await first.getAttribute('data-sku');
    for (let presses = 0; presses < 12; presses += 1) {
      await shop.keyboard.press('Tab');
      if (await shop.evaluate<boolean>(`document.activeElement.id === 'qty-${sku}'`)) break;
    }
    await shop.keyboard.press('Control+A');
    await shop.keyboard.type('3');
    await shop.keyboard.press('Tab');
    expect(await shop.evaluate<string>('document.activeElement.textContent')).toBe('Add to cart');
    await shop.keyboard.press('Enter');
    await shop.locator('.notice.success').waitFor();
    const cart = (await (await shopperApi('/cart')).json()) as { lines: { sku: string; quantity: number }[] };
    expect(cart.lines).toEqual([expect.objectContaining({ sku, quantity: 3 })]);
    await shopperApi('/cart', { method: 'DELETE' });
  });

  describe('an operator in the console', () => {
    let consolePage: Page;
    let consoleErrors: string[];

    beforeAll(async () => {
      consolePage = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      consoleErrors = watchForErrors(consolePage);
    });

    it('approves a bank transfer the shopper placed, and the shopper sees it confirmed', async () => {
      await chooseCurrency('NPR');
      await addToCart('TEA-ILAM-250');
      await checkOut('bank_transfer');
      const placed = await outcome('bank-transfer-placed');
      expect(placed.text).toMatch(/to pay by bank transfer/);

      // Temporal's search (visibility) sees a new saga's status a moment after it is set: reload as an operator would.
      await consolePage.goto(site('/console'));
      const row = consolePage.locator('tbody tr', { hasText: placed.orderId });
      await expect
        .poll(
          async () => {
            await consolePage.reload();
            await consolePage.locator('main h1').waitFor();
            return row.count();
          },
          { timeout: 30_000 },
        )
        .toBe(1);
      expect(await row.getByRole('link', { name: 'Temporal UI' }).getAttribute('href')).toBe(
        `http://localhost:${ports.ui}/namespaces/default/workflows/checkout-${placed.orderId}`,
      );
      await screenshot(consolePage, 'console-attention');
      await row.getByRole('textbox').fill('transfer seen on the statement');
      await row.getByRole('button', { name: 'Approve' }).click();
      await consolePage.locator('.notice.success', { hasText: `${placed.orderId} — Approve: done.` }).waitFor();

      await shop.goto(site(`/#/orders/${placed.orderId}`));
      await expect
        .poll(
          async () => {
            await shop.reload();
            return shop.locator('[data-status]').getAttribute('data-status');
          },
          { timeout: 30_000 },
        )
        .toBe('confirmed');
      await screenshot(shop, 'bank-transfer-confirmed');
    });

    it('refunds an order to the wallet, and the shopper sees the credit', async () => {
      const orderId = paidOrders[0]!;
      const balance = async () => {
        await shop.goto(site('/#/wallet'));
        await shop.reload();
        return (await shop.locator('#wallet-balance').textContent()) ?? '';
      };
      await chooseCurrency('NPR');
      const before = await balance();

      await consolePage.goto(site(`/console#/orders/${orderId}`));
      await consolePage.locator(`#reason-refund-${orderId}`).fill('the tea arrived damaged');
      await consolePage.getByRole('button', { name: 'Refund to wallet' }).click();
      await consolePage.locator('.notice.success', { hasText: 'Refund to wallet: done.' }).waitFor();
      await screenshot(consolePage, 'console-refunded');

      await expect.poll(balance, { timeout: 60_000 }).not.toBe(before);
      const entry = shop.locator('tbody tr', { hasText: orderId }).first();
      expect(await entry.textContent()).toMatch(/refund/i);
      await screenshot(shop, 'wallet-refund-credited');

      await consolePage.goto(site('/console#/payments?gateway=khalti'));
      await expect.poll(() => consolePage.locator('tbody tr', { hasText: orderId }).count()).toBeGreaterThan(0);
      await screenshot(consolePage, 'console-payments');
      // The export of the same filter, as the operator's browser saves it.
      const [download] = await Promise.all([consolePage.waitForEvent('download'), consolePage.getByRole('button', { name: 'Export CSV' }).click()]);
      expect(download.suggestedFilename()).toBe('payments.csv');
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.split('\n')[0]).toContain('paid_with_wallet');
      expect(csv).toContain(orderId);
      expect(csv).not.toMatch(/,esewa,|,stripe,/);
      expect(consoleErrors).toEqual([]);
      expect(errors).toEqual([]);
    }, 150_000);
  });
});
