import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Router from '@koa/router';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../../adapters/http/app.js';
import { gatewayReturnRoutes } from '../../../adapters/http/routes/payment-returns.js';
import { storefrontPages } from '../../../adapters/http/storefront-pages.js';
import { ok } from '../../../src/shared/result.js';
import { closeServer, listenOnLoopback } from '../../support/ports.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the served storefront', () => {
  let dir: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'paysaga-pages-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(
      path.join(dir, 'index.html'),
      '<meta name="temporal-ui" content="%TEMPORAL_UI_URL%"><meta name="ns" content="%TEMPORAL_NAMESPACE%"><script src="/assets/app-1a2b.js"></script>',
    );
    await writeFile(path.join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'secret.txt'), 'not served');
    const returns = gatewayReturnRoutes(new Router(), {
      path: '/payments/:gateway/return',
      returned: async (_gateway, fields) => ok({ orderId: String(fields['order'] ?? 'ord_x'), status: 'confirmed' }),
      redirectParams: (view) => ({ orderId: view.orderId, status: view.status }),
      body: (view) => view,
      storefrontReturnUrl: 'http://shop.test/return',
    });
    const pages = storefrontPages({ dir, formTargets: ['http://esewa.test'], temporalUi: { url: 'http://ui.test:8233', namespace: 'shop"s' } });
    server = createServer(createHttpApp({ logger: pino({ level: 'silent' }), routers: [pages, returns] }).callback());
    base = await listenOnLoopback(server);
  });

  afterAll(async () => {
    await closeServer(server);
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['/', '/return', '/console'])('serves the page at %s under a CSP that allows this origin and the payment forms only', async (page) => {
    const response = await fetch(`${base}${page}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("form-action 'self' http://esewa.test");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await response.text();
    if (page === '/console') {
      // Where the Temporal UI is, for the console's links, escaped as an attribute.
      expect(html).toContain('content="http://ui.test:8233"');
      expect(html).toContain('content="shop&#34;s"');
    } else {
      // The shop's copy of the page does not say where the operators' tools are.
      expect(html).not.toContain('ui.test');
      expect(html).toContain('<meta name="temporal-ui" content="">');
    }
  });

  it('serves the hashed assets for good, and nothing outside them', async () => {
    const asset = await fetch(`${base}/assets/app-1a2b.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log(1)');
    for (const wrong of ['/assets/..%2Fsecret.txt', '/assets/missing.js', '/assets/.hidden.js', '/secret.txt', '/assets/app-1a2b.exe']) {
      expect((await fetch(`${base}${wrong}`)).status, wrong).toBe(404);
    }
  });

  it('sends a browser back to the storefront with the verified outcome, and answers it as JSON to any other client', async () => {
    const browser = await fetch(`${base}/payments/khalti/return?order=ord_1`, { redirect: 'manual', headers: { accept: BROWSER } });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe('http://shop.test/return?orderId=ord_1&status=confirmed');
    const client = await fetch(`${base}/payments/khalti/return?order=ord_1`, { redirect: 'manual' });
    expect(client.status).toBe(200);
    expect(await client.json()).toEqual({ orderId: 'ord_1', status: 'confirmed' });
  });
});
