/** Stand-ins for the network in gateway client tests: a recording `fetch`, JSON answers, and rejections as values. */

/** One request as a client handed it to `fetch`. */
export interface RecordedCall<Body> {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: Body;
}

/** The body parsed as JSON (clients that send JSON). */
export const jsonBody = (body: RequestInit['body']): unknown => (typeof body === 'string' ? JSON.parse(body) : undefined);
/** The body exactly as handed to fetch (clients that sign or form-encode it). */
export const rawBody = (body: RequestInit['body']): string | undefined => (typeof body === 'string' ? body : undefined);

/** A `fetch` that records every call (its body read by `readBody`) and answers with `respond`. */
export function recordingFetch<Body>(readBody: (body: RequestInit['body']) => Body, respond: (call: RecordedCall<Body>, init: RequestInit) => Response | Promise<Response>) {
  const calls: RecordedCall<Body>[] = [];
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const call: RecordedCall<Body> = { url: String(input), method: init.method ?? 'GET', headers: new Headers(init.headers), body: readBody(init.body) };
    calls.push(call);
    return respond(call, init);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

export const jsonResponse = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The error `promise` rejects with; fails the test when it resolves or rejects with something that is not an Error. */
export async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`threw a non-Error: ${String(e)}`);
  }
  throw new Error('expected a rejection');
}
