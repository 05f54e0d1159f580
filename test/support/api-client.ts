/** Calls to the service's HTTP API as a browser or an operator's script makes them, for API tests. */
import { expect } from 'vitest';

/** One request: a string body is sent as it is (malformed JSON, say), anything else as JSON. */
export type ApiCall = (method: string, path: string, token?: string, body?: unknown, headers?: Readonly<Record<string, string>>) => Promise<Response>;

export interface ApiClient {
  readonly call: ApiCall;
  readonly get: (path: string, token?: string) => Promise<Response>;
  readonly post: (path: string, body: unknown, token?: string, headers?: Readonly<Record<string, string>>) => Promise<Response>;
}

export interface ApiClientOptions {
  /** `manual` shows a redirect as the answer instead of following it. */
  readonly redirect?: RequestInit['redirect'];
}

/**
 * A client of the API at `api.apiUrl`, read on every call: a harness made in a `beforeEach` (or
 * the live handle of `useHarness`) serves every test. A body comes with a JSON content type unless
 * `headers` name another; a token comes as its bearer authorization.
 */
export function apiClient(api: { readonly apiUrl: string }, options: ApiClientOptions = {}): ApiClient {
  const call: ApiCall = (method, path, token, body, headers = {}) =>
    fetch(`${api.apiUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      ...(options.redirect === undefined ? {} : { redirect: options.redirect }),
    });
  return { call, get: (path, token) => call('GET', path, token), post: (path, body, token, headers) => call('POST', path, token, body, headers) };
}

/** A route as `[method, path]`, or `[method, path, body]` when it takes one. */
export type Route = readonly [method: string, path: string, body?: unknown];

/** Each of `routes`, called with `token` (none: `undefined`), answers `status`; a failure names the route. */
export async function expectEachRouteAnswers(call: ApiCall, routes: readonly Route[], token: string | undefined, status: number): Promise<void> {
  for (const [method, path, body] of routes) expect((await call(method, path, token, body)).status, `${method} ${path}`).toBe(status);
}
