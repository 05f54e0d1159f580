import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * The storefront and the operator console (one page, `index.html`, loading either), built into
 * `.web-dist/`, which the API serves under `npm start` (adapters/http/storefront-pages.ts).
 * `npx vite --config adapters/web/vite.config.ts` serves them with reloading, calling the API on :3000.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: here('../../.web-dist'),
    emptyOutDir: true,
    // Every script inline-free and every style a file, for the pages' strict CSP.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: Object.fromEntries(
      ['/dev', '/products', '/cart', '/checkouts', '/orders', '/wallet', '/loyalty', '/me', '/admin', '/payments', '/openapi.json'].map((prefix) => [
        prefix,
        'http://localhost:3000',
      ]),
    ),
  },
});
