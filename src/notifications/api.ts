export type { MessageLine, ShopEvent, ShopEventType } from './domain/events.js';
export { eventKey, MARKETING_EVENTS, STAFF_COPY_EVENTS, STAFF_ONLY_EVENTS } from './domain/events.js';
export type { Audience, NotificationAudience, NotificationChannelId, OutboxMessage, ShopperNotificationSettings } from './domain/messages.js';
export { defaultSettings, messagesFor, withLatestContact } from './domain/messages.js';
export type { NotificationOutbox, NotificationPolicy } from './ports/outbox.js';
export { EVERY_CHANNEL } from './ports/outbox.js';
export { tell } from './application/tell.js';
export type { NotificationChannel, RenderedNotification } from './ports/channels.js';
export { ChannelError } from './ports/channels.js';
export type { NotificationToRender, RenderedMessage, ShopIdentity, WhatsAppTemplateSpec } from './domain/templates.js';
export { escapeHtml, formatMoney, renderNotification, WHATSAPP_LANGUAGE, WHATSAPP_TEMPLATE_PARAMETERS, WHATSAPP_TEMPLATES } from './domain/templates.js';
// The dispatcher's and operators' queue port, whole: its statuses, records, pages and errors.
export * from './ports/notification-queue.js';
export type { NotificationSettingsRepository } from './ports/notification-settings.js';
export type { DispatchEvent, DispatchSummary, NotificationDispatcher, NotificationDispatcherDeps } from './application/dispatcher.js';
export { backoffAfter, DEFAULT_BACKOFF_MS, makeNotificationDispatcher, notificationMessageId } from './application/dispatcher.js';
export type { SettingsError } from './domain/settings.js';
export { checkedSettings } from './domain/settings.js';
