import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs `work` in the caller's transaction, or in one of its own when there is none (`read`): a
 * write of several statements must commit whole, and a row lock only holds inside a transaction.
 */
export const atomically = <T>(em: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> =>
  em.isInTransaction() ? work(em) : em.transactional((inner) => work(inner));
