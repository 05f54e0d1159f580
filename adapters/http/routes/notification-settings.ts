import Router from '@koa/router';
import { z } from 'zod';
import { checkedSettings, type NotificationSettingsRepository } from '../../../src/notifications/api.js';
import type { Authenticator } from '../auth.js';
import { readJsonBody } from '../body.js';
import { describeRoute } from '../openapi.js';
import { problemFromDomain, problemFromZod } from '../problem.js';

export const notificationSettingsBody = z.strictObject({
  email: z.string().trim().min(3).max(254).optional(),
  /** E.164: `+` and the digits. */
  phone: z.string().trim().min(8).max(16).optional(),
  whatsappOptIn: z.boolean(),
  marketingOptOut: z.boolean(),
});

/** How the shopper wants to be told: their email and phone, WhatsApp opt-in, marketing opt-out. */
export function notificationSettingsRoutes(deps: { auth: Authenticator; settings: NotificationSettingsRepository }): Router {
  const router = new Router();
  const shopper = deps.auth.requireShopper();
  const customerOf = (ctx: { state: Record<string, unknown> }) => ctx.state['customerId'] as string;

  router.get('/me/notification-settings', shopper, async (ctx) => {
    ctx.body = await deps.settings.settings(customerOf(ctx));
  });

  router.put('/me/notification-settings', shopper, async (ctx) => {
    const body = notificationSettingsBody.safeParse(await readJsonBody(ctx));
    if (!body.success) throw problemFromZod(body.error);
    const { email, phone, whatsappOptIn, marketingOptOut } = body.data;
    const checked = checkedSettings(customerOf(ctx), { ...(email === undefined ? {} : { email }), ...(phone === undefined ? {} : { phone }), whatsappOptIn, marketingOptOut });
    if (!checked.ok) throw problemFromDomain(checked.error);
    await deps.settings.saveSettings(checked.value);
    ctx.body = checked.value;
  });

  return router;
}

describeRoute({
  method: 'get',
  path: '/me/notification-settings',
  summary: "The shopper's notification settings (the defaults when they set none)",
  tags: ['account'],
  auth: 'shopper',
  responses: { 200: { description: '`customerId`, `email`, `phone`, `whatsappOptIn`, `marketingOptOut`' } },
});
describeRoute({
  method: 'put',
  path: '/me/notification-settings',
  summary: "Replace the shopper's notification settings",
  description:
    "Marketing-like messages (points earned) stop with `marketingOptOut`; order, payment and refund messages always go. WhatsApp messages go only with `whatsappOptIn` and a `phone` in E.164. An order's own contact wins over these.",
  tags: ['account'],
  auth: 'shopper',
  body: notificationSettingsBody,
  responses: {
    200: { description: 'the settings as saved' },
    400: { description: 'a body of the wrong shape' },
    422: {
      description:
        'a phone not in E.164 (`notifications.invalid_phone`), a bad email (`notifications.invalid_email`), or a WhatsApp opt-in without a phone (`notifications.phone_required`)',
    },
  },
});
