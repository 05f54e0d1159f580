/**
 * The unit of work of one use case over its repositories `R`: everything written inside
 * `transaction` commits together or not at all; `read` reads outside a transaction.
 */
export interface UnitOfWork<R> {
  transaction<T>(work: (repositories: R) => Promise<T>): Promise<T>;
  read<T>(work: (repositories: R) => Promise<T>): Promise<T>;
}

/** `store`'s unit of work seen through `view`: the same transactions, over the repositories `view` picks from `R`. */
export function unitOfWorkOver<R, V>(store: UnitOfWork<R>, view: (repositories: R) => V): UnitOfWork<V> {
  return {
    transaction: (work) => store.transaction((repositories) => work(view(repositories))),
    read: (work) => store.read((repositories) => work(view(repositories))),
  };
}
