import { createServer, type Server } from 'node:http';
import { Validator } from '@seriousme/openapi-schema-validator';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../../adapters/http/app.js';
import { buildOpenApiDocument, routesOf } from '../../../adapters/http/openapi.js';
import { CAUGHT_MAIL_POLICY, devMailRoutes } from '../../../adapters/http/routes/dev-mail.js';
import { type MailCatcher, startMailCatcher } from '../../../adapters/notifications/mail-catcher.js';
import { SmtpNotificationChannel } from '../../../adapters/notifications/smtp-channel.js';
import { renderNotification } from '../../../src/notifications/domain/templates.js';
import type { ShopEvent } from '../../../src/notifications/api.js';
import { closeServer, listenOnLoopback } from '../../support/ports.js';

let catcher: MailCatcher;
let channel: SmtpNotificationChannel;
let server: Server;
let url: string;

beforeAll(async () => {
  catcher = await startMailCatcher({ port: 0 });
  channel = new SmtpNotificationChannel({ smtpUrl: `smtp://127.0.0.1:${catcher.port}`, from: 'shop@paysaga.localhost' });
  server = createServer(createHttpApp({ logger: pino({ level: 'silent' }), routers: [devMailRoutes({ mail: catcher })] }).callback());
  url = await listenOnLoopback(server);
});
afterAll(async () => {
  channel.close();
  await closeServer(server);
  await catcher.close();
});
beforeEach(() => catcher.clear());

async function deliver(id: string, recipient: string, event: ShopEvent): Promise<void> {
  const rendered = renderNotification(
    { id, messageId: `<${id}@paysaga.localhost>`, channel: 'email', recipient, audience: 'shopper', orderId: 'ord_7', event },
    { shopName: 'Himal Tea' },
  );
  await channel.send(rendered);
}

const delivered: ShopEvent = { type: 'order_delivered', orderId: 'ord_7', customerId: 'cus_1' };

describe('GET /dev/mail', () => {
  it('lists the caught mail newest first, and one recipient with ?to=', async () => {
    await deliver('ntf_a', 'ann@example.com', delivered);
    await deliver('ntf_b', 'bob@example.com', { type: 'order_shipped', orderId: 'ord_7', customerId: 'cus_1', carrier: 'Nepal Post', trackingNumber: 'NP1' });

    const all = await fetch(`${url}/dev/mail`);
    expect(all.status).toBe(200);
    const body = (await all.json()) as { items: { id: string; to: string[]; from: string; subject: string; text: string; orderId?: string; receivedAt: string }[] };
    expect(body.items.map((m) => m.to)).toEqual([['bob@example.com'], ['ann@example.com']]);
    expect(body.items[0]).toMatchObject({ from: 'shop@paysaga.localhost', subject: 'Order ord_7 has shipped', orderId: 'ord_7' });
    expect(body.items[0]!.text).toContain('NP1');
    expect(Number.isNaN(Date.parse(body.items[0]!.receivedAt))).toBe(false);

    const ann = (await (await fetch(`${url}/dev/mail?to=ANN@example.com`)).json()) as { items: { subject: string }[] };
    expect(ann.items.map((m) => m.subject)).toEqual(['Order ord_7 delivered']);
  });

  it('refuses an unknown query parameter with a problem', async () => {
    const response = await fetch(`${url}/dev/mail?from=x`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('GET /dev/mail/:id', () => {
  it('serves the HTML body under a policy that runs no script', async () => {
    await deliver('ntf_c', 'ann@example.com', delivered);
    const [mail] = catcher.messages();
    const response = await fetch(`${url}/dev/mail/${mail!.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CAUGHT_MAIL_POLICY);
    expect(CAUGHT_MAIL_POLICY).toContain("default-src 'none'");
    expect(CAUGHT_MAIL_POLICY).not.toMatch(/script-src/);
    const html = await response.text();
    expect(html).toContain('Your order was delivered');
  });

  it('shows a text-only message in <pre>, escaped', async () => {
    const textOnly = { id: 'mail_text', messageId: '<t@x>', from: 'a@x', to: ['b@x'], subject: 'plain', text: 'a <b> & c', receivedAt: new Date() };
    const bare = createServer(
      createHttpApp({
        logger: pino({ level: 'silent' }),
        routers: [devMailRoutes({ mail: { messages: () => [textOnly], byId: (id) => (id === textOnly.id ? textOnly : undefined) } })],
      }).callback(),
    );
    const bareUrl = await listenOnLoopback(bare);
    try {
      const html = await (await fetch(`${bareUrl}/dev/mail/mail_text`)).text();
      expect(html).toContain('<pre style="white-space:pre-wrap;">a &#60;b&#62; &#38; c</pre>');
    } finally {
      await closeServer(bare);
    }
  });

  it('answers 404 problem+json for an unknown id', async () => {
    const response = await fetch(`${url}/dev/mail/mail_nope`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 404, code: 'dev.mail_not_found' });
  });
});

describe('the /dev/mail routes in OpenAPI', () => {
  it('documents both routes once mounted, in a valid document', async () => {
    const document = buildOpenApiDocument({ routes: routesOf([devMailRoutes({ mail: catcher })]) }) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths).sort()).toEqual(['/dev/mail', '/dev/mail/{id}']);
    expect(Object.keys(document.paths['/dev/mail']!)).toEqual(['get']);
    const result = await new Validator().validate(document as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
  });
});
