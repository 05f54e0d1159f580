/** The notification queue's contract against MikroORM on a real PostgreSQL database of its own. */
import { MikroOrmCheckoutStore } from '../../../adapters/persistence/mikro-orm-checkout-store.js';
import { MikroOrmNotificationQueue } from '../../../adapters/persistence/mikro-orm-notification-queue.js';
import { MikroOrmNotificationSettings } from '../../../adapters/persistence/mikro-orm-notification-settings.js';
import { notificationQueueContract } from '../../contracts/notification-queue.contract.js';
import { useMigratedDatabase } from '../../support/database.js';

const orm = useMigratedDatabase();

notificationQueueContract({
  name: 'MikroORM on PostgreSQL',
  async open() {
    // A claim takes every due row of the table: each test starts with an empty outbox.
    await orm.em.fork().execute('delete from notification_resends; delete from notification_outbox');
    return { store: new MikroOrmCheckoutStore(orm), queue: new MikroOrmNotificationQueue(orm), settings: new MikroOrmNotificationSettings(orm) };
  },
});
