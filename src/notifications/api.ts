export type { MessageLine, ShopEvent, ShopEventType } from './domain/events.js';
export { eventKey, MARKETING_EVENTS, STAFF_COPY_EVENTS, STAFF_ONLY_EVENTS } from './domain/events.js';
export type { Audience, NotificationAudience, NotificationChannelId, OutboxMessage, ShopperNotificationSettings } from './domain/messages.js';
export { defaultSettings, messagesFor, withLatestContact } from './domain/messages.js';
export type { NotificationOutbox, NotificationPolicy } from './ports/outbox.js';
export { EVERY_CHANNEL } from './ports/outbox.js';
export { tell } from './application/tell.js';
export type { NotificationChannel, RenderedNotification } from './ports/channels.js';
export { ChannelError } from './ports/channels.js';
