import { sqlMigration } from './sql-migration.js';

/**
 * What `/metrics` reads at every scrape: open orders by age and pending refunds. Partial indexes
 * over the few rows still open, so a scrape stays cheap however many orders have closed.
 */
export const Migration0018OpenWorkIndexes = sqlMigration({
  up: [
    `create index orders_open_idx on orders (placed_at) include (status, gateway) where status in ('pending_payment', 'paid');`,
    `create index refunds_pending_idx on refunds (destination) where status = 'pending';`,
  ],
  down: [`drop index if exists refunds_pending_idx;`, `drop index if exists orders_open_idx;`],
});
