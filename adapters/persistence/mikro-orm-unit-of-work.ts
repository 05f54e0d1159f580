import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { UnitOfWork } from '../../src/shared/unit-of-work.js';

/**
 * Runs `work` in the caller's transaction, or in one of its own when there is none (`read`): a
 * write of several statements must commit whole, and a row lock only holds inside a transaction.
 */
export const atomically = <T>(em: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> =>
  em.isInTransaction() ? work(em) : em.transactional((inner) => work(inner));

/** A unit of work on MikroORM: one forked EntityManager each time; a transaction commits every repository's writes together. */
export class MikroOrmUnitOfWork<R> implements UnitOfWork<R> {
  constructor(
    private readonly orm: MikroORM,
    private readonly repositoriesFor: (em: EntityManager) => R,
  ) {}

  transaction<T>(work: (repositories: R) => Promise<T>): Promise<T> {
    return this.orm.em.fork().transactional((em) => work(this.repositoriesFor(em)));
  }

  read<T>(work: (repositories: R) => Promise<T>): Promise<T> {
    return work(this.repositoriesFor(this.orm.em.fork()));
  }
}
