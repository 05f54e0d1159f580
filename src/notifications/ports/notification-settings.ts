import type { ShopperNotificationSettings } from '../domain/messages.js';

/** The shoppers' notification settings, as they set them; the outbox reads the same ones. */
export interface NotificationSettingsRepository {
  /** The defaults when they have none. */
  settings(customerId: string): Promise<ShopperNotificationSettings>;
  /** Replaces the shopper's settings (a repeat with the same settings changes nothing). */
  saveSettings(settings: ShopperNotificationSettings): Promise<void>;
}
