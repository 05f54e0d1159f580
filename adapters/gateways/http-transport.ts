import type { z } from 'zod';
import { GatewayRejectedError, type GatewayId } from '../../src/payments/ports/payment-gateway.js';

/**
 * The HTTP exchange every fetch-based gateway client shares: one request with a timeout that
 * covers reading the body, redirects never followed, and the transport-level failures thrown as
 * plain (retryable) `Error`s named `<Gateway> <operation>: …`. What a refusal means is each
 * client's own: it answers with a `GatewayRejectedError` built from the gateway's error body.
 */

/** 4xx answers that mean "not now" rather than "no": request timeout, too early, throttled. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

/** One exchange as the process's metrics see it: the gateway, the operation, how it ended, how long it took. */
export interface GatewayCallReport {
  readonly gateway: string;
  readonly operation: string;
  /** `answered`: a status the client judges; the rest failed before an answer it could use. */
  readonly outcome: 'answered' | 'refused' | 'retryable' | 'timeout' | 'network_error' | 'bad_body';
  readonly status?: number;
  readonly seconds: number;
}

let callObserver: ((report: GatewayCallReport) => void) | undefined;

/**
 * Where every exchange of this process is reported (its metrics registry); the last one set wins.
 * A process has one registry, so one observer; an observer that throws never fails a call.
 */
export function observeGatewayCalls(observer: ((report: GatewayCallReport) => void) | undefined): void {
  callObserver = observer;
}

export interface HttpTransportOptions {
  /** The gateway's name as messages spell it: `Khalti`, `eSewa`, `PayPal`. */
  readonly gateway: string;
  readonly fetch?: typeof fetch | undefined;
  /** Per request, including reading the body. Default 10 s. */
  readonly timeoutMs?: number | undefined;
}

/** How an answer's body is read as JSON. */
export interface JsonReading {
  /** The refusal for an answer at or above `rejectNonJsonFrom` whose body is not JSON. */
  readonly rejection: (status: number) => Error;
  /** From which status a body that is not JSON is a refusal; below it, a retryable oddity. Default 400. */
  readonly rejectNonJsonFrom?: number;
  /** An empty body reads as no JSON at all (`absent`, the default) or as a body that is not JSON. */
  readonly emptyBody?: 'absent' | 'not_json';
}

export interface JsonAnswer {
  readonly status: number;
  /** `undefined` for an empty body (unless `emptyBody` is `not_json`). */
  readonly json: unknown;
}

export class HttpTransport {
  readonly #gateway: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: HttpTransportOptions) {
    this.#gateway = options.gateway;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /**
   * Sends one request and reads its JSON. Throws a plain `Error` on a network failure, a timeout,
   * a 5xx, 408, 425 or 429, and a body that is not JSON below `rejectNonJsonFrom`; throws the
   * reading's `rejection` for a body that is not JSON from there on. Any other answer is returned,
   * its status for the caller to judge.
   */
  async exchange(operation: string, url: URL | string, init: RequestInit, reading: JsonReading): Promise<JsonAnswer> {
    const started = performance.now();
    let outcome: GatewayCallReport['outcome'] = 'network_error';
    let status: number | undefined;
    try {
      const answer = await this.#exchange(operation, url, init, reading);
      status = answer.status;
      outcome = answer.status >= 400 ? 'refused' : 'answered';
      return answer;
    } catch (error) {
      outcome = classify(error);
      throw error;
    } finally {
      try {
        callObserver?.({ gateway: this.#gateway, operation, outcome, ...(status === undefined ? {} : { status }), seconds: (performance.now() - started) / 1000 });
      } catch {
        // Metrics are never a reason for a payment call to fail.
      }
    }
  }

  async #exchange(operation: string, url: URL | string, init: RequestInit, reading: JsonReading): Promise<JsonAnswer> {
    const what = `${this.#gateway} ${operation}`;
    const doFetch = this.#fetch;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(this.#timeoutMs) });
      text = await response.text();
    } catch (cause) {
      if (cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError')) {
        throw new Error(`${what}: timed out after ${this.#timeoutMs} ms`, { cause });
      }
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new Error(`${what}: network error: ${reason}`, { cause });
    }
    const { status } = response;
    if (status >= 500 || RETRYABLE_4XX.has(status)) {
      throw new Error(`${what}: HTTP ${status} (temporary, retry later)`);
    }
    let json: unknown;
    try {
      json = text === '' && reading.emptyBody !== 'not_json' ? undefined : JSON.parse(text);
    } catch {
      if (status >= (reading.rejectNonJsonFrom ?? 400)) throw reading.rejection(status);
      throw new Error(`${what}: HTTP ${status} with a body that is not JSON`);
    }
    return { status, json };
  }
}

/** The outcome of an exchange that threw, from the errors `exchange` throws. */
function classify(error: unknown): GatewayCallReport['outcome'] {
  if (!(error instanceof Error)) return 'network_error';
  if (/: timed out after /.test(error.message)) return 'timeout';
  if (/: network error: /.test(error.message)) return 'network_error';
  if (/\(temporary, retry later\)$/.test(error.message)) return 'retryable';
  if (/with a body that is not JSON$/.test(error.message)) return 'bad_body';
  return 'refused';
}

/** A 3xx is no part of any gateway's API: most likely a wrong base URL or a dropped trailing slash. */
export function redirectRejection(gateway: GatewayId, what: string, status: number, check = 'the base URL'): GatewayRejectedError {
  return new GatewayRejectedError(gateway, `http_${status}`, `${what}: unexpected redirect (HTTP ${status}); check ${check}`);
}

/** The answer parsed with `schema`, or a retryable `<what>: unexpected response shape (…)`. */
export function parseAnswer<S extends z.ZodType>(what: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw unexpectedShape(what, parsed.error);
}

export function unexpectedShape(what: string, error: z.ZodError): Error {
  return new Error(`${what}: unexpected response shape (${describeIssues(error)})`);
}

/** `path: message; path: message`, `(root)` for the whole value. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}
