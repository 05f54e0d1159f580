/**
 * vitest globalSetup for the e2e project: builds the storefront and the console (as `npm start`
 * does) so the stack under test serves the pages of this checkout, not a stale build.
 */
import { build } from 'vite';
import { root } from '../../scripts/lib/local-stack.js';

export default async function setup(): Promise<void> {
  await build({ configFile: `${root}/adapters/web/vite.config.ts`, logLevel: 'error' });
}
