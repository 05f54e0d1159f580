import { type FailNext, found } from './controls.js';
import { type SandboxBaseOptions, sandboxSettings } from './server.js';

/** What every sandbox's state starts with, looking its records up, and the controls every sandbox shares. */

/** What every sandbox's state starts with. */
export interface SandboxState<Options, Request> {
  readonly options: Options;
  readonly now: () => Date;
  /** Without trailing slashes. */
  readonly publicBaseUrl: string;
  readonly mountPath: string;
  /** Emptied, not replaced, on reset. */
  readonly requestLog: Request[];
  readonly failures: FailNext;
}

/** The start of a sandbox's state: `options`, the settings {@link sandboxSettings} reads from them, an empty request log and `failures`. */
export function sandboxState<Options extends SandboxBaseOptions, Request>(options: Options, failures: FailNext): SandboxState<Options, Request> {
  return { options, ...sandboxSettings(options), requestLog: [], failures };
}

/**
 * Looks a sandbox's records up by id, bringing each up to date with `refresh` first (an unpaid one
 * past its time expires, say): `current` answers `undefined` for an unknown id, `existing` refuses
 * it with a 404 `unknown <what> <id>`.
 */
export function recordLookup<R>(
  records: ReadonlyMap<string, R>,
  what: string,
  refresh: (record: R) => void,
): { readonly current: (id: string) => R | undefined; readonly existing: (id: string) => R } {
  const current = (id: string): R | undefined => {
    const record = records.get(id);
    if (record !== undefined) refresh(record);
    return record;
  };
  return { current, existing: (id) => found(current(id), `${what} ${id}`) };
}

/** A {@link recordLookup} refresh: a record still `open` at or past its `expiresAt` reads as `expired` from then on. */
export function statusExpiry(now: () => Date, open: string, expired: string): (record: { status: string; readonly expiresAt: Date }) => void {
  return (record) => {
    if (record.status === open && now().getTime() >= record.expiresAt.getTime()) record.status = expired;
  };
}

/** The controls every sandbox has, in process. */
export interface CommonControls<Request> {
  failNext(count: number, httpStatus?: number): void;
  requests(): readonly Request[];
  reset(): void;
}

/** What a reset forgets besides the request log and the failures due: a map cleared, a countdown or outbox reset, a log emptied, or a function doing the rest. */
export type Forgettable = { clear(): void } | { reset(): void } | unknown[] | (() => void);

/**
 * A sandbox's {@link CommonControls}: `failNext` counts on `state.failures`, `requests` copies the
 * request log, and `reset` empties the log, drops the failures due and forgets each of `forget`.
 */
export function commonControls<Request>(state: Pick<SandboxState<unknown, Request>, 'requestLog' | 'failures'>, ...forget: Forgettable[]): CommonControls<Request> {
  const { requestLog, failures } = state;
  return {
    failNext: (count, httpStatus) => failures.set(count, httpStatus),
    requests: () => [...requestLog],
    reset: () => {
      for (const f of forget) {
        if (typeof f === 'function') f();
        else if (Array.isArray(f)) f.length = 0;
        else if ('clear' in f) f.clear();
        else f.reset();
      }
      requestLog.length = 0;
      failures.reset();
    },
  };
}
