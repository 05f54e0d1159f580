/**
 * A typed client for paysaga's HTTP API: every path, parameter, body and answer is checked by
 * the compiler against the API's OpenAPI document (`openapi.d.ts`, generated from it).
 *
 *   const api = createPaysagaClient({ baseUrl: 'https://pay.example.com', token: () => session.token });
 *   const { data, error } = await api.GET('/checkouts/{orderId}', { params: { path: { orderId } } });
 *
 * `error` is the problem+json body (`code`, `detail`, `errors`) when the answer is not a 2xx.
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './openapi.js';

export type { components, operations, paths } from './openapi.js';
export type Problem = components['schemas']['Problem'];
export type PaysagaClient = Client<paths>;

export interface PaysagaClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** The API's origin, e.g. `https://pay.example.com`; empty for the page's own origin. */
  readonly baseUrl: string;
  /** The bearer token to send, read before each request (a shopper's or an operator's JWT). */
  readonly token?: () => string | undefined;
}

export function createPaysagaClient(options: PaysagaClientOptions): PaysagaClient {
  const { token, ...rest } = options;
  const client = createClient<paths>(rest);
  if (token !== undefined) {
    client.use({
      onRequest({ request }) {
        const bearer = token();
        if (bearer !== undefined) request.headers.set('Authorization', `Bearer ${bearer}`);
        return request;
      },
    });
  }
  return client;
}
