import { eventKey, MARKETING_EVENTS, STAFF_COPY_EVENTS, STAFF_ONLY_EVENTS, type ShopEvent } from './events.js';

export type NotificationChannelId = 'email' | 'whatsapp';

/** Who a message is for: the shopper, or the shop's staff. */
export type Audience = 'shopper' | 'staff';

/** How a shopper wants to be reached; a shopper with no settings has the defaults. */
export interface ShopperNotificationSettings {
  readonly customerId: string;
  readonly email?: string;
  /** E.164, `+` and digits. */
  readonly phone?: string;
  /** WhatsApp messages only go to shoppers who opted in (default false). */
  readonly whatsappOptIn: boolean;
  /** Marketing-like messages are not sent (default false); transactional ones always are. */
  readonly marketingOptOut: boolean;
}

export const defaultSettings = (customerId: string): ShopperNotificationSettings => ({ customerId, whatsappOptIn: false, marketingOptOut: false });

/** The settings, with the email and phone they lack taken from the shopper's latest order that gave them. */
export function withLatestContact(
  settings: ShopperNotificationSettings,
  latest: { readonly email?: string | null | undefined; readonly phone?: string | null | undefined } | undefined,
): ShopperNotificationSettings {
  return {
    ...settings,
    ...(settings.email === undefined && latest?.email ? { email: latest.email } : {}),
    ...(settings.phone === undefined && latest?.phone ? { phone: latest.phone } : {}),
  };
}

/** One message to write to the outbox: an event told to one recipient on one channel. */
export interface OutboxMessage {
  /** The event's key ({@link eventKey}); unique with channel and recipient. */
  readonly key: string;
  readonly channel: NotificationChannelId;
  readonly audience: Audience;
  /** An email address, or an E.164 phone number for WhatsApp. */
  readonly recipient: string;
  readonly customerId?: string;
  readonly orderId?: string;
  readonly event: ShopEvent;
}

/**
 * Whom an event is told to: the shopper by email (the order's contact first, else their
 * settings), by WhatsApp when they gave a phone and opted in, marketing-like events not at all
 * when they opted out; staff at their address for the events they hear about.
 */
export interface NotificationAudience {
  /** Absent for staff-only events. */
  readonly shopper?: ShopperNotificationSettings;
  /** The contact given with the order, which wins over the settings' email and phone. */
  readonly orderContact?: { readonly email?: string; readonly phone?: string };
  readonly staffEmail?: string;
}

/** The messages an event makes for its audience; pure. */
export function messagesFor(event: ShopEvent, audience: NotificationAudience): OutboxMessage[] {
  const key = eventKey(event);
  const orderId = 'orderId' in event ? event.orderId : undefined;
  const customerId = 'customerId' in event ? event.customerId : undefined;
  const base = { key, event, ...(orderId === undefined ? {} : { orderId }), ...(customerId === undefined ? {} : { customerId }) };
  const messages: OutboxMessage[] = [];
  const shopper = audience.shopper;
  const toShopper = !STAFF_ONLY_EVENTS.includes(event.type) && shopper !== undefined && !(MARKETING_EVENTS.includes(event.type) && shopper.marketingOptOut);
  if (toShopper) {
    const email = audience.orderContact?.email ?? shopper.email;
    const phone = audience.orderContact?.phone ?? shopper.phone;
    if (email !== undefined) messages.push({ ...base, channel: 'email', audience: 'shopper', recipient: email.toLowerCase() });
    if (phone !== undefined && shopper.whatsappOptIn) messages.push({ ...base, channel: 'whatsapp', audience: 'shopper', recipient: phone });
  }
  const toStaff = STAFF_ONLY_EVENTS.includes(event.type) || STAFF_COPY_EVENTS.includes(event.type);
  if (toStaff && audience.staffEmail !== undefined) messages.push({ ...base, channel: 'email', audience: 'staff', recipient: audience.staffEmail.toLowerCase() });
  return messages;
}
