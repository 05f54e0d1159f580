import Router from '@koa/router';
import { z } from 'zod';
import type { CaughtMail, MailCatcher } from '../../notifications/mail-catcher.js';
import { describeRoute } from '../openapi.js';
import { HttpProblem, problemFromZod } from '../problem.js';
import { escapeHtml } from '../../../src/notifications/api.js';

/**
 * Demo mode only: the mail the local catcher received, so a walkthrough can read the shop's
 * emails without a mailbox. A caught body is untrusted HTML: it is served with a policy that lets
 * no script run and nothing load from elsewhere.
 */

export const devMailQuery = z.strictObject({ to: z.string().trim().min(1).max(320).optional() });
const mailIdParam = z.string().min(1).max(100);

/** Scripts, frames, forms and remote loads all refused; the inline styles an email uses allowed. */
export const CAUGHT_MAIL_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'; sandbox";

const summary = (m: CaughtMail) => ({
  id: m.id,
  messageId: m.messageId,
  to: m.to,
  from: m.from,
  subject: m.subject,
  text: m.text,
  ...(m.orderId === undefined ? {} : { orderId: m.orderId }),
  receivedAt: m.receivedAt.toISOString(),
});

/** `GET /dev/mail` (newest first, `?to=` for one recipient) and `GET /dev/mail/:id` (the body as a page). */
export function devMailRoutes(deps: { mail: Pick<MailCatcher, 'messages' | 'byId'> }): Router {
  const router = new Router();
  router.get('/dev/mail', (ctx) => {
    const query = devMailQuery.safeParse(ctx.query);
    if (!query.success) throw problemFromZod(query.error, 'query');
    const to = query.data.to?.toLowerCase();
    const items = deps.mail.messages().filter((m) => to === undefined || m.to.includes(to));
    ctx.body = { items: items.map(summary) };
  });
  router.get('/dev/mail/:id', (ctx) => {
    const id = ctx.params['id'] ?? '';
    const mail = deps.mail.byId(id);
    if (mail === undefined) throw new HttpProblem(404, 'dev.mail_not_found', 'Not Found', `no caught mail ${id}`);
    ctx.set('Content-Security-Policy', CAUGHT_MAIL_POLICY);
    ctx.type = 'text/html; charset=utf-8';
    ctx.body =
      mail.html ??
      `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(mail.subject)}</title></head><body><pre style="white-space:pre-wrap;">${escapeHtml(mail.text)}</pre></body></html>`;
  });
  return router;
}

const caughtMail = z.object({
  id: z.string(),
  messageId: z.string(),
  to: z.array(z.string()),
  from: z.string(),
  subject: z.string(),
  text: z.string(),
  orderId: z.string().optional(),
  receivedAt: z.string(),
});

describeRoute({
  method: 'get',
  path: '/dev/mail',
  summary: 'Demo mode only: the emails the local mail catcher received, newest first',
  description: 'Each message once, however many times it was delivered. `to` keeps those sent to one address.',
  tags: ['operations'],
  auth: 'none',
  query: devMailQuery,
  responses: { 200: { description: 'the caught mail', schema: z.object({ items: z.array(caughtMail) }) } },
});
describeRoute({
  method: 'get',
  path: '/dev/mail/:id',
  summary: 'Demo mode only: one caught email, its HTML body as a page (its text when it has none)',
  description: 'Served with a Content-Security-Policy that runs no script and loads nothing from elsewhere.',
  tags: ['operations'],
  auth: 'none',
  params: { id: mailIdParam },
  responses: { 200: { description: 'the body', contentType: 'text/html' }, 404: { description: 'no such caught mail' } },
});
