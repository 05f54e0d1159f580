import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './schemas.js';
import { Migration0001Checkout } from './migrations/migration-0001-checkout.js';
import { Migration0002MoneyRules } from './migrations/migration-0002-money-rules.js';
import { Migration0003GatewayEvents } from './migrations/migration-0003-gateway-events.js';
import { Migration0004IdempotencyKeys } from './migrations/migration-0004-idempotency-keys.js';
import { Migration0005WalletTopUps } from './migrations/migration-0005-wallet-top-ups.js';
import { Migration0006Operations } from './migrations/migration-0006-operations.js';
import { Migration0007LatePayments } from './migrations/migration-0007-late-payments.js';
import { Migration0008RefundOperations } from './migrations/migration-0008-refund-operations.js';
import { Migration0009IdempotencyLeases } from './migrations/migration-0009-idempotency-leases.js';
import { Migration0010VerificationFailures } from './migrations/migration-0010-verification-failures.js';
import { Migration0011WebhookRejects } from './migrations/migration-0011-webhook-rejects.js';
import { Migration0012Fulfilment } from './migrations/migration-0012-fulfilment.js';
import { Migration0013CartsAndDeliveryDetails } from './migrations/migration-0013-carts-and-delivery-details.js';
import { Migration0014PriceLists } from './migrations/migration-0014-price-lists.js';
import { Migration0015NotificationOutbox } from './migrations/migration-0015-notification-outbox.js';
import { Migration0016NotificationResends } from './migrations/migration-0016-notification-resends.js';
import { Migration0017SavedPaymentMethods } from './migrations/migration-0017-saved-payment-methods.js';
import { Migration0018OpenWorkIndexes } from './migrations/migration-0018-open-work-indexes.js';

/** Explicit entities and an explicit migration list: nothing is discovered from the file system. */
export function mikroOrmConfig(clientUrl: string, options: { poolMax?: number; debug?: boolean } = {}) {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true },
    pool: { min: 0, max: options.poolMax ?? 10 },
    debug: options.debug ?? false,
    allowGlobalContext: false,
    migrations: {
      tableName: 'schema_migrations',
      transactional: true,
      allOrNothing: true,
      migrationsList: [
        { name: '0001-checkout', class: Migration0001Checkout },
        { name: '0002-money-rules', class: Migration0002MoneyRules },
        { name: '0003-gateway-events', class: Migration0003GatewayEvents },
        { name: '0004-idempotency-keys', class: Migration0004IdempotencyKeys },
        { name: '0005-wallet-top-ups', class: Migration0005WalletTopUps },
        { name: '0006-operations', class: Migration0006Operations },
        { name: '0007-late-payments', class: Migration0007LatePayments },
        { name: '0008-refund-operations', class: Migration0008RefundOperations },
        { name: '0009-idempotency-leases', class: Migration0009IdempotencyLeases },
        { name: '0010-verification-failures', class: Migration0010VerificationFailures },
        { name: '0011-webhook-rejects', class: Migration0011WebhookRejects },
        { name: '0012-fulfilment', class: Migration0012Fulfilment },
        { name: '0013-carts-and-delivery-details', class: Migration0013CartsAndDeliveryDetails },
        { name: '0014-price-lists', class: Migration0014PriceLists },
        { name: '0015-notification-outbox', class: Migration0015NotificationOutbox },
        { name: '0016-notification-resends', class: Migration0016NotificationResends },
        { name: '0017-saved-payment-methods', class: Migration0017SavedPaymentMethods },
        { name: '0018-open-work-indexes', class: Migration0018OpenWorkIndexes },
      ],
    },
  });
}
