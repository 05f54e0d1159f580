import type { NotificationSettings } from '../../src/config.js';
import type { NotificationChannel, NotificationChannelId } from '../../src/notifications/api.js';
import { SmtpNotificationChannel } from './smtp-channel.js';
import { WhatsAppNotificationChannel } from './whatsapp-channel.js';

export interface ConfiguredChannels {
  /** The channels the settings turn on, by id: email when SMTP is set, WhatsApp when its API is. */
  readonly channels: Partial<Readonly<Record<NotificationChannelId, NotificationChannel>>>;
  /** Closes the SMTP pool. */
  close(): void;
}

/** The notification channels `settings` configure, ready for the dispatcher. */
export function configuredChannels(settings: Pick<NotificationSettings, 'email' | 'whatsapp'>, options: { readonly fetch?: typeof fetch } = {}): ConfiguredChannels {
  const email = settings.email === undefined ? undefined : new SmtpNotificationChannel(settings.email);
  const whatsapp = settings.whatsapp === undefined ? undefined : new WhatsAppNotificationChannel({ ...settings.whatsapp, fetch: options.fetch });
  return {
    channels: { ...(email === undefined ? {} : { email }), ...(whatsapp === undefined ? {} : { whatsapp }) },
    close: () => email?.close(),
  };
}
