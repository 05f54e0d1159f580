/**
 * A stand-in for what a hook makes anew for every test (a harness, a store): reads and calls go
 * to whatever `current()` answers when they happen, so a suite can take the handle once, at the
 * top, and use it inside its tests and hooks.
 */
export function liveHandle<T extends object>(current: () => T | undefined, what: string): T {
  const running = (): T => {
    const value = current();
    if (value === undefined) throw new Error(`no ${what} is open: use it inside a test or a hook`);
    return value;
  };
  return new Proxy({} as T, {
    get: (_, key) => {
      const target = running();
      const value: unknown = Reflect.get(target, key);
      // Methods run on the real object: a class's private fields are not on the handle.
      return typeof value === 'function' ? value.bind(target) : value;
    },
    has: (_, key) => Reflect.has(running(), key),
  });
}
