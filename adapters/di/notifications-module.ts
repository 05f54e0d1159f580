import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import type { Config } from '../../src/config.js';
import { makeNotificationDispatcher, renderNotification, type DispatchEvent, type NotificationPolicy } from '../../src/notifications/api.js';
import { configuredChannels } from '../notifications/channels.js';
import { MikroOrmNotificationQueue } from '../persistence/mikro-orm-notification-queue.js';
import { MikroOrmNotificationSettings } from '../persistence/mikro-orm-notification-settings.js';
import { TOKENS } from './tokens.js';

/** The channels this deployment writes messages for (those configured), and the staff address. */
export const notificationPolicy = (config: Config): NotificationPolicy => ({
  channels: [...(config.notifications.email ? (['email'] as const) : []), ...(config.notifications.whatsapp ? (['whatsapp'] as const) : [])],
  ...(config.notifications.staffEmail === undefined ? {} : { staffEmail: config.notifications.staffEmail }),
});

// Notifications: the outbox's queue (dispatcher and operators) and the shoppers' settings.
export const notificationsModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.notificationQueue).toDynamicValue((context) => new MikroOrmNotificationQueue(context.get(TOKENS.orm)));
  bind(TOKENS.notificationSettings).toDynamicValue((context) => new MikroOrmNotificationSettings(context.get(TOKENS.orm)));
  bind(TOKENS.notificationDispatch)
    .toDynamicValue((context) => {
      const config = context.get(TOKENS.config);
      const logger = context.get(TOKENS.logger).child({ component: 'notifications' });
      const configured = configuredChannels(config.notifications);
      const shop = { shopName: config.notifications.shopName, publicBaseUrl: config.http.publicBaseUrl };
      const dispatcher = makeNotificationDispatcher({
        queue: context.get(TOKENS.notificationQueue),
        channels: configured.channels,
        render: ({ id, message }) => renderNotification({ id, messageId: id, ...message }, shop),
        clock: context.get(TOKENS.clock),
        maxAttempts: config.notifications.maxAttempts,
        leaseMs: NOTIFICATION_LEASE_MS,
        onEvent: (event) => logDispatch(logger, event),
      });
      return { dispatcher, closeChannels: configured.close };
    })
    .inSingletonScope();
});

/** A send may take this long before another dispatcher may claim the row (SMTP and Graph time out well before). */
const NOTIFICATION_LEASE_MS = 60_000;

/** One log line per outcome: sent at info, retried at warn, parked and errors at error (an operator has to look). */
const DISPATCH_LOG: { readonly [T in DispatchEvent['type']]: readonly ['info' | 'warn' | 'error', string] } = {
  sent: ['info', 'notification sent'],
  overtaken: ['warn', 'notification mark refused: another dispatcher claimed it after this one took too long'],
  retry: ['warn', 'notification failed; retrying'],
  parked: ['error', 'notification parked: GET /admin/notifications?status=parked'],
  error: ['error', 'notification dispatch error'],
};

function logDispatch(logger: Logger, event: DispatchEvent): void {
  const [level, message] = DISPATCH_LOG[event.type];
  logger[level](event, message);
}
