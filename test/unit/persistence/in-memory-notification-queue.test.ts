import { InMemoryCheckoutStore } from '../../../adapters/persistence/in-memory/in-memory-checkout-store.js';
import { InMemoryNotificationQueue, InMemoryNotificationSettings } from '../../../adapters/persistence/in-memory/in-memory-notification-queue.js';
import { notificationQueueContract } from '../../contracts/notification-queue.contract.js';

notificationQueueContract({
  name: 'InMemoryNotificationQueue',
  async open() {
    const store = new InMemoryCheckoutStore();
    return { store, queue: new InMemoryNotificationQueue(store.tables), settings: new InMemoryNotificationSettings(store.tables) };
  },
});
