import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import Router from '@koa/router';
import { escapeHtml } from '../../src/shared/html.js';
import type Koa from 'koa';

/** The pages of a built storefront, and what the console must know that the API does not say. */
export interface StorefrontPagesOptions {
  /** The build: `index.html` (the storefront, or the console at `/console`) and `assets/`. */
  readonly dir: string;
  /** Origins the pages may post a payment form to (eSewa's signed form goes to the gateway). */
  readonly formTargets: readonly string[];
  /** The Temporal UI, for the console's links to each saga; none when it is not known. */
  readonly temporalUi?: { readonly url: string; readonly namespace: string };
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Serves the storefront at `/` (and its `/return` page, where gateways send shoppers back) and
 * the operator console at `/console`. The pages are static and talk to the API with the typed
 * client, under a CSP that allows nothing but this origin (and the payment forms' targets).
 * Assets carry content hashes in their names, so they are cached for good; pages never are.
 */
export function storefrontPages(options: StorefrontPagesOptions): Router {
  const router = new Router();
  const root = path.resolve(options.dir);
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    `form-action 'self' ${options.formTargets.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
  // One page; only the console's copy says where the Temporal UI is (shoppers need not know).
  const pages = new Map<'shop' | 'console', Promise<string>>();
  const page = (audience: 'shop' | 'console') => {
    let html = pages.get(audience);
    if (html === undefined) {
      const ui = audience === 'console' ? options.temporalUi : undefined;
      html = readFile(path.join(root, 'index.html'), 'utf8').then((text) =>
        text.replace('%TEMPORAL_UI_URL%', escapeHtml(ui?.url ?? '')).replace('%TEMPORAL_NAMESPACE%', escapeHtml(ui?.namespace ?? '')),
      );
      // A build made while the server runs is picked up on the next start; a failed read is retried.
      html.catch(() => pages.delete(audience));
      pages.set(audience, html);
    }
    return html;
  };
  const servePage = (audience: 'shop' | 'console') => async (ctx: Koa.Context) => {
    ctx.set('Content-Security-Policy', csp);
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = await page(audience);
  };
  router.get('/', servePage('shop'));
  router.get('/return', servePage('shop'));
  router.get('/console', servePage('console'));
  router.get('/assets/:file', async (ctx, next) => {
    const file = ctx.params['file'] ?? '';
    const type = TYPES[path.extname(file)];
    // One flat folder of generated names: nothing with a separator or a dot-dot ever resolves.
    if (type === undefined || !/^[A-Za-z0-9._-]+$/.test(file) || file.startsWith('.')) return next();
    const full = path.join(root, 'assets', file);
    const found = await stat(full).catch(() => undefined);
    if (found === undefined || !found.isFile()) return next();
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.type = type;
    ctx.body = await readFile(full);
  });
  return router;
}
