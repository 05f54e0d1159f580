/** Calls to the service's HTTP API as a browser or an operator's script makes them, for API tests. */

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
