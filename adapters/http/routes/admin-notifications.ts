import type Router from '@koa/router';
import { z } from 'zod';
import { NOTIFICATION_STATUSES, type NotificationQueue } from '../../../src/notifications/api.js';
import type { Clock } from '../../../src/shared/clock.js';
import { readJsonBody } from '../body.js';
import { paged } from '../paging.js';
import { HttpProblem, problemFromDomain } from '../problem.js';
import { describeOperatorRoute, commandBody, customerIdParam, type OperatorKit } from './admin-kit.js';
import { orderIdParam } from './checkouts.js';
import { notificationView } from './admin-views.js';
import { pageOf } from './views.js';

export const notificationIdParam = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a notification id (a UUID)');
export const notificationsQuery = z.strictObject({
  status: z.enum(NOTIFICATION_STATUSES).optional(),
  orderId: orderIdParam.optional(),
  customerId: customerIdParam.optional(),
  channel: z.enum(['email', 'whatsapp']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(1000).optional(),
});

/** Operators' view of the outbox: what went out, what is waiting, what is parked, and a resend. */
export function addNotificationRoutes(router: Router, kit: OperatorKit, deps: { notifications: NotificationQueue; clock: Clock }): void {
  const { operator, operatorOf, parse } = kit;
  const idOf = (ctx: { params: Record<string, string | undefined> }) => parse(notificationIdParam, ctx.params['id'], 'params').toLowerCase();

  router.get('/notifications', operator, async (ctx) => {
    const query = parse(notificationsQuery, ctx.query, 'query');
    ctx.body = await paged(() => deps.notifications.list(query));
  });

  router.get('/notifications/:id', operator, async (ctx) => {
    const id = idOf(ctx);
    const found = await deps.notifications.byId(id);
    if (found === undefined) throw new HttpProblem(404, 'notifications.not_found', 'Not Found', `no notification ${id}`);
    ctx.body = found;
  });

  router.post('/notifications/:id/resend', operator, async (ctx) => {
    const id = idOf(ctx);
    const body = parse(commandBody, await readJsonBody(ctx));
    const resent = await deps.notifications.resend(id, { operatorId: operatorOf(ctx), reason: body.reason }, deps.clock.now());
    if (!resent.ok) throw problemFromDomain(resent.error);
    ctx.body = resent.value;
  });
}

const record =
  'Each row: `id`, `kind` (the event), `channel`, `audience`, `recipient`, `orderId`, `customerId`, `status` (`pending`, `sending`, `sent`, `parked`), `attempts`, `resends`, `nextAttemptAt`, `lastError`, `providerMessageId`, `createdAt`, `sentAt`, `parkedAt`.';
describeOperatorRoute({
  method: 'get',
  path: '/admin/notifications',
  summary: 'The notification outbox, newest first, in keyset pages',
  description: `Filter by \`status\`, \`orderId\`, \`customerId\`, \`channel\`; \`limit\` and \`cursor\` (→ \`nextCursor\`) page. ${record}`,
  query: notificationsQuery,
  responses: {
    200: { description: 'a page: `items` and the `nextCursor`, if any', schema: pageOf(notificationView) },
    400: { description: 'a bad filter or a cursor this service did not issue' },
  },
});
describeOperatorRoute({
  method: 'get',
  path: '/admin/notifications/:id',
  summary: 'One notification, with the facts it tells (`event`) and every resend (`resentBy`)',
  params: { id: notificationIdParam },
  responses: { 200: { description: 'the notification' }, 404: { description: 'no such notification (`notifications.not_found`)' } },
});
describeOperatorRoute({
  method: 'post',
  path: '/admin/notifications/:id/resend',
  summary: 'Send a sent or parked notification again, under a new Message-ID',
  description:
    'Puts the row back to `pending`, due now, attempts 0, one more resend, recorded with the operator (the token) and the reason (the body). A row still `pending` or `sending` is going out anyway: 409 `notifications.not_resendable`, so a repeated resend does not send twice.',
  params: { id: notificationIdParam },
  body: commandBody,
  responses: {
    200: { description: 'the notification, pending again', schema: notificationView },
    404: { description: 'no such notification (`notifications.not_found`)' },
    409: { description: 'the notification is pending or sending (`notifications.not_resendable`)' },
  },
});
