/** The notification channels' settings, read from the parsed environment (see `src/config.ts`). */

/** The demo's WhatsApp business number and token (the local sandbox accepts exactly these). */
export const DEMO_WHATSAPP = { phoneNumberId: '100200300400500', accessToken: 'paysaga-demo-whatsapp-token-not-secret' } as const;

/** Who is told what, and how: each channel is on only when configured. */
export interface NotificationSettings {
  readonly shopName: string;
  /** Email over SMTP; absent: no email is written to the outbox. */
  readonly email?: { readonly smtpUrl: string; readonly from: string };
  readonly staffEmail?: string;
  /** The WhatsApp Cloud API; absent: no WhatsApp message is written. */
  readonly whatsapp?: { readonly baseUrl: string; readonly apiVersion: string; readonly phoneNumberId: string; readonly accessToken: string };
  /** Demo mode's local SMTP server. */
  readonly mailCatcherPort: number;
  readonly maxAttempts: number;
  readonly pollMs: number;
}

/** The environment's notification entries, as `src/config.ts` parses them. */
export interface NotificationEnv {
  readonly SHOP_NAME: string;
  readonly SMTP_URL?: string | undefined;
  readonly NOTIFY_FROM?: string | undefined;
  readonly NOTIFY_STAFF_EMAIL?: string | undefined;
  readonly MAIL_CATCHER_PORT: number;
  readonly WHATSAPP_BASE_URL?: string | undefined;
  readonly WHATSAPP_API_VERSION: string;
  readonly WHATSAPP_PHONE_NUMBER_ID?: string | undefined;
  readonly WHATSAPP_ACCESS_TOKEN?: string | undefined;
  readonly NOTIFY_MAX_ATTEMPTS: number;
  readonly NOTIFY_POLL_MS: number;
}

/** Thrown for settings that contradict each other; `src/config.ts` reports it as a ConfigError. */
export class NotificationSettingsError extends Error {}

export function notificationSettings(e: NotificationEnv, demo: boolean, sandboxBaseUrl: string): NotificationSettings {
  const smtpUrl = e.SMTP_URL ?? (demo ? `smtp://127.0.0.1:${e.MAIL_CATCHER_PORT}` : undefined);
  const from = e.NOTIFY_FROM ?? (demo ? 'shop@paysaga.localhost' : undefined);
  if (smtpUrl !== undefined && from === undefined) throw new NotificationSettingsError('invalid environment:\n  NOTIFY_FROM: required with SMTP_URL');
  const staffEmail = e.NOTIFY_STAFF_EMAIL ?? (demo ? 'staff@paysaga.localhost' : undefined);
  const phoneNumberId = e.WHATSAPP_PHONE_NUMBER_ID ?? (demo ? DEMO_WHATSAPP.phoneNumberId : undefined);
  const accessToken = e.WHATSAPP_ACCESS_TOKEN ?? (demo ? DEMO_WHATSAPP.accessToken : undefined);
  if ((phoneNumberId === undefined) !== (accessToken === undefined)) {
    throw new NotificationSettingsError('invalid environment:\n  WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_ACCESS_TOKEN: set both or neither');
  }
  const whatsappBase = (e.WHATSAPP_BASE_URL ?? (demo ? `${sandboxBaseUrl}/whatsapp` : 'https://graph.facebook.com')).replace(/\/$/, '');
  return {
    shopName: e.SHOP_NAME,
    ...(smtpUrl !== undefined && from !== undefined ? { email: { smtpUrl, from } } : {}),
    ...(staffEmail === undefined ? {} : { staffEmail }),
    ...(phoneNumberId !== undefined && accessToken !== undefined ? { whatsapp: { baseUrl: whatsappBase, apiVersion: e.WHATSAPP_API_VERSION, phoneNumberId, accessToken } } : {}),
    mailCatcherPort: e.MAIL_CATCHER_PORT,
    maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
    pollMs: e.NOTIFY_POLL_MS,
  };
}
