import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { clientTypes } from '../../../clients/typescript/generate.js';

describe('the published client', () => {
  it('is generated from the OpenAPI document as it is now (run `npm run client` after changing a route)', async () => {
    const committed = await readFile(new URL('../../../clients/typescript/openapi.d.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await clientTypes());
  });

  it('types the answers of the storefront routes, not only their requests', async () => {
    const types = await clientTypes();
    const getCheckout = types.slice(types.indexOf('    getCheckoutsOrderId: {'));
    const ok = getCheckout.slice(getCheckout.indexOf('200: {'), getCheckout.indexOf('400: {'));
    expect(ok).toContain('checkoutStatus: string;');
    expect(ok).not.toContain('"application/json": unknown');
  });
});
