/**
 * The README's walkthrough, as a shopper would do it, against `npm start`'s stack: the real
 * command in a child process (embedded PostgreSQL, Temporal dev server, sandboxes, worker, API).
 */
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptingDataConverter } from '../../adapters/temporal/payload-codec.js';
import { loadConfig } from '../../src/config.js';
import { freeStackPorts, makeDataDir, stackEnv, type StackPorts } from '../../scripts/lib/local-stack.js';
import { startStack, stopStack, type DevStack } from '../support/dev-stack.js';

async function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

describe('npm start, walked through as a shopper', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let ports: StackPorts;
  let stack: DevStack;
  const api = (p: string) => `http://localhost:${ports.api}${p}`;

  beforeAll(async () => {
    dataDir = await makeDataDir('paysaga-e2e-');
    ports = await freeStackPorts();
    env = { ...process.env, ...stackEnv(dataDir, ports) };
    delete env['DATABASE_URL'];
    delete env['TEMPORAL_ADDRESS'];
    stack = await startStack(env);
  });

  afterAll(async () => {
    if (stack) await stopStack(stack);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('pays on the sandbox page, lands back, and finds the confirmed order here and in Temporal', async () => {
    expect((await fetch(api('/health'))).status).toBe(200);

    const token = (await (await fetch(api('/dev/token'), { method: 'POST' })).json()) as { token: string; customerId: string };
    const auth = { authorization: `Bearer ${token.token}` };

    const created = await fetch(api('/checkouts'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: 'TEA-ILAM-250', quantity: 2 }], gateway: 'khalti', customer: { name: 'Sita Sharma', email: 'sita@example.com' } }),
    });
    expect(created.status).toBe(201);
    const checkout = (await created.json()) as { orderId: string; redirectUrl: string };

    // The hosted page, as a browser sees it: read the Pay form and submit it.
    const page = await (await fetch(checkout.redirectUrl)).text();
    const form = /<form id="pay-form" method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(page);
    expect(form, 'the sandbox page has a Pay form').not.toBeNull();
    const fields = new URLSearchParams([...form![2]!.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!] as [string, string]));
    const paid = await fetch(form![1]!, { method: 'POST', body: fields, redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(paid.status).toBe(302);
    const back = paid.headers.get('location')!;
    expect(back.startsWith(api('/payments/khalti/return?'))).toBe(true);

    // A browser is sent on to the storefront `npm start` serves, its /return page; a client asking
    // for anything (curl) gets the verified outcome itself.
    const asJson = await fetch(back);
    expect(asJson.status).toBe(200);
    expect(((await asJson.json()) as { checkoutStatus: string }).checkoutStatus).toBe('confirmed');
    const landed = await fetch(back, { redirect: 'manual', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(landed.status).toBe(303);
    const storefront = new URL(landed.headers.get('location')!);
    expect(`${storefront.origin}${storefront.pathname}`).toBe(api('/return'));
    expect(Object.fromEntries(storefront.searchParams)).toEqual({ orderId: checkout.orderId, status: 'confirmed' });
    const returnPage = await fetch(storefront);
    expect(returnPage.status).toBe(200);
    expect(returnPage.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await returnPage.text()).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);

    const shown = (await (await fetch(api(`/checkouts/${checkout.orderId}`), { headers: auth })).json()) as { orderStatus: string; pointsAwarded: number };
    expect(shown.orderStatus).toBe('confirmed');
    expect(shown.pointsAwarded).toBe(90);

    const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
    try {
      // The stack encrypts workflow payloads (the memo too): a client of it needs its codec.
      const client = new Client({ connection, dataConverter: encryptingDataConverter(loadConfig({ DEMO_MODE: 'true' }).temporal.payloadKeys) });
      const found: string[] = [];
      for await (const execution of client.workflow.list({ query: `OrderId = "${checkout.orderId}"` })) found.push(execution.workflowId);
      expect(found).toEqual([`checkout-${checkout.orderId}`]);
    } finally {
      await connection.close();
    }
    expect((await fetch(`http://localhost:${ports.ui}/`)).status).toBe(200);

    // The dispatcher sent the confirmation over SMTP to the stack's mail catcher: the shopper's and the staff copy.
    type Caught = { id: string; to: string[]; subject: string; text: string; orderId?: string };
    let mail: Caught[] = [];
    for (let i = 0; i < 120; i += 1) {
      mail = ((await (await fetch(api('/dev/mail'))).json()) as { items: Caught[] }).items.filter((m) => m.orderId === checkout.orderId);
      if (mail.some((m) => m.to.includes('sita@example.com') && /confirm/i.test(m.subject)) && mail.some((m) => m.to.includes('staff@paysaga.localhost'))) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const confirmation = mail.find((m) => m.to.includes('sita@example.com') && /confirm/i.test(m.subject));
    expect(confirmation, `the shopper's confirmation among ${JSON.stringify(mail.map((m) => [m.to, m.subject]))}`).toBeDefined();
    expect(confirmation!.text).toContain(checkout.orderId);
    expect(confirmation!.text).toContain('NPR 900.00');
    expect(mail.find((m) => m.to.includes('staff@paysaga.localhost'))?.subject).toMatch(/new order/i);
    const rendered = await fetch(api(`/dev/mail/${confirmation!.id}`));
    expect(rendered.status).toBe(200);
    expect(rendered.headers.get('content-type')).toContain('text/html');
    expect(await rendered.text()).toContain(checkout.orderId);
  });

  it('stops everything on Ctrl-C, even pressed twice, and comes back with its data', async () => {
    const token = (await (
      await fetch(api('/dev/token'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId: 'cus_restart' }) })
    ).json()) as { token: string };
    const auth = { authorization: `Bearer ${token.token}` };
    const created = (await (
      await fetch(api('/checkouts'), {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ items: [{ sku: 'MUG-CLAY', quantity: 1 }], gateway: 'khalti' }),
      })
    ).json()) as { orderId: string };

    expect(await stopStack(stack, { presses: 2 })).toBe(0);
    for (const port of Object.values(ports)) expect(await isListening(port), `port ${port} released`).toBe(false);

    stack = await startStack(env);
    const again = await fetch(api(`/checkouts/${created.orderId}`), { headers: auth });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { checkoutStatus: string }).checkoutStatus).toBe('awaiting_payment');

    // Operators find it among the checkouts that have waited for payment too long.
    const operator = (await (
      await fetch(api('/dev/token'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'operator', customerId: 'ops_e2e' }) })
    ).json()) as { token: string };
    const waiting = (await (await fetch(api('/admin/checkouts?waitedLongerThanSeconds=1'), { headers: { authorization: `Bearer ${operator.token}` } })).json()) as {
      items: { orderId: string; status: string }[];
    };
    expect(waiting.items).toContainEqual(expect.objectContaining({ orderId: created.orderId, status: 'awaiting_payment' }));
  });
});
