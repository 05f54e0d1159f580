/**
 * The unit of work of one use case over its repositories `R`: everything written inside
 * `transaction` commits together or not at all; `read` reads outside a transaction.
 */
export interface UnitOfWork<R> {
  transaction<T>(work: (repositories: R) => Promise<T>): Promise<T>;
  read<T>(work: (repositories: R) => Promise<T>): Promise<T>;
}
