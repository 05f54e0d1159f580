import type { MikroORM } from '@mikro-orm/postgresql';
import type { NotificationSettingsRepository, ShopperNotificationSettings } from '../../src/notifications/api.js';
import { MikroOrmNotificationOutbox } from './mikro-orm-notification-outbox.js';

/** The shoppers' settings in `notification_settings`, the rows the outbox reads when it writes messages. */
export class MikroOrmNotificationSettings implements NotificationSettingsRepository {
  constructor(private readonly orm: MikroORM) {}

  settings(customerId: string): Promise<ShopperNotificationSettings> {
    return new MikroOrmNotificationOutbox(this.orm.em.fork()).settings(customerId);
  }

  async saveSettings(settings: ShopperNotificationSettings): Promise<void> {
    await this.orm.em.fork().execute(
      `insert into notification_settings (customer_id, email, phone, whatsapp_opt_in, marketing_opt_out, updated_at) values (?, ?, ?, ?, ?, now())
       on conflict (customer_id) do update set email = excluded.email, phone = excluded.phone, whatsapp_opt_in = excluded.whatsapp_opt_in,
         marketing_opt_out = excluded.marketing_opt_out, updated_at = excluded.updated_at`,
      [settings.customerId, settings.email ?? null, settings.phone ?? null, settings.whatsappOptIn, settings.marketingOptOut],
    );
  }
}
