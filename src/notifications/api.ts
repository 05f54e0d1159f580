export type { MessageLine, ShopEvent, ShopEventType } from './domain/events.js';
export { eventKey, MARKETING_EVENTS, STAFF_COPY_EVENTS, STAFF_ONLY_EVENTS } from './domain/events.js';
export type { Audience, NotificationAudience, NotificationChannelId, OutboxMessage, ShopperNotificationSettings } from './domain/messages.js';
export { defaultSettings, messagesFor } from './domain/messages.js';
export type { NotificationOutbox } from './ports/outbox.js';
export type { NotificationChannel, RenderedNotification } from './ports/channels.js';
export { ChannelError } from './ports/channels.js';
export type { NotificationToRender, RenderedMessage, ShopIdentity, WhatsAppTemplateSpec } from './domain/templates.js';
export { escapeHtml, formatMoney, renderNotification, WHATSAPP_LANGUAGE, WHATSAPP_TEMPLATE_PARAMETERS, WHATSAPP_TEMPLATES } from './domain/templates.js';
