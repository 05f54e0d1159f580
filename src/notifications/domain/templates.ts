import { contentFor } from './content.js';
import type { ShopEvent } from './events.js';
import { layoutHtml, layoutText, type ShopIdentity } from './layout.js';
import type { Audience, NotificationChannelId } from './messages.js';
import { WHATSAPP_TEMPLATES, whatsAppParameter } from './whatsapp-templates.js';

export { escapeHtml } from '../../shared/html.js';
export type { ShopIdentity } from './layout.js';
export { formatMoney } from './format-money.js';
export { WHATSAPP_LANGUAGE, WHATSAPP_TEMPLATE_PARAMETERS, WHATSAPP_TEMPLATES, type WhatsAppTemplateSpec } from './whatsapp-templates.js';

/** One outbox message as the dispatcher hands it over for rendering. */
export interface NotificationToRender {
  /** The outbox row's id. */
  readonly id: string;
  /** Stable across retries of one send (an email's `Message-ID`). */
  readonly messageId: string;
  readonly channel: NotificationChannelId;
  readonly recipient: string;
  readonly audience: Audience;
  readonly orderId?: string;
  readonly event: ShopEvent;
}

/**
 * Renders one message for its channel: the subject, plain text and HTML an email carries (every
 * value escaped in the HTML), and the WhatsApp template named after the event with its body
 * parameters. Pure: the same message renders the same on every attempt.
 */
export function renderNotification(message: NotificationToRender, shop: ShopIdentity) {
  const content = contentFor(message.event, message.audience, shop.shopName);
  const template = WHATSAPP_TEMPLATES[message.event.type];
  return {
    id: message.id,
    channel: message.channel,
    recipient: message.recipient,
    messageId: message.messageId,
    subject: content.subject,
    text: layoutText(content, shop),
    html: layoutHtml(content, shop),
    whatsapp: { template: message.event.type, language: template.language, parameters: content.whatsappParameters.map(whatsAppParameter) },
    ...(message.orderId === undefined ? {} : { orderId: message.orderId }),
  };
}

/**
 * A rendered message: the shape of the channel port's `RenderedNotification`, which the domain may
 * not import; the compiler checks the two agree where a channel is handed one.
 */
export type RenderedMessage = ReturnType<typeof renderNotification>;
