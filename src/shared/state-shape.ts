/**
 * One status' shape of a saga's state, for states written as discriminated unions by `status`:
 * what it carries in every status (`Base`), the fields of `Fields` it always has in `S` (`Has`),
 * those it may have (`May`), and every other field of `Fields` declared absent — so a reader of
 * any state may ask for a field (and gets `undefined` where the status has none), while no state
 * can hold one it must not.
 */
export type StateIn<Base, Fields, S extends string, Has extends keyof Fields = never, May extends keyof Fields = never> = Base & {
  readonly status: S;
} & { readonly [K in Has]: Fields[K] } & { readonly [K in May]?: Fields[K] } & {
  readonly [K in Exclude<keyof Fields, Has | May>]?: never;
};
