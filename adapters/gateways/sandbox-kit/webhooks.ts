import { Countdown } from './controls.js';

/**
 * Webhook deliveries, the same for every sandbox that sends them: POST the signed bytes, drop the
 * next few on request, log what became of each, and let tests wait for the ones under way. What a
 * gateway signs and how it logs a delivery stays with that gateway.
 */

/** One webhook POST. */
export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** How long the receiver has to answer. */
  readonly timeoutMs: number;
  /** Default `follow`, as `fetch`; `manual` records a redirect as the receiver's answer. */
  readonly redirect?: 'follow' | 'manual';
}

/** What became of a webhook: sent and answered with `status`, sent and failed with `error`, dropped on request, or not sent for want of a URL. */
export type WebhookAnswer = { readonly status: number } | { readonly error: string } | 'dropped' | 'unsent';

/** POSTs a webhook and reads the answer to its end; a receiver that cannot be reached (or answers too late) gives `{ error }`. */
export async function postWebhook(doFetch: typeof fetch, request: WebhookRequest): Promise<{ readonly status: number } | { readonly error: string }> {
  try {
    const response = await doFetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      ...(request.redirect !== undefined && { redirect: request.redirect }),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** How iKhokha's and Razorpay's sandboxes log what became of a delivery. */
export interface DeliveryOutcome {
  /** The receiver's HTTP status; `dropped` when `dropNextWebhooks` swallowed it; `error` when it could not be reached. */
  readonly outcome: number | 'dropped' | 'error';
  readonly error?: string;
}

/** How iKhokha's and Razorpay's sandboxes log a delivery: where and when it went, the exact bytes signed and sent, their signature, and its outcome. */
export interface SignedDelivery extends DeliveryOutcome {
  readonly url: string;
  readonly body: string;
  readonly signature: string;
  readonly at: string;
}

/** A delivery's {@link DeliveryOutcome}: the receiver's status, `dropped`, or `error` and why. */
export function deliveryOutcome(answer: Exclude<WebhookAnswer, 'unsent'>): DeliveryOutcome {
  if (answer === 'dropped') return { outcome: 'dropped' };
  return 'status' in answer ? { outcome: answer.status } : { outcome: 'error', error: answer.error };
}

/** A sandbox's outgoing webhooks and their log, `Delivery` being how that gateway records one. */
export class WebhookOutbox<Delivery> {
  /** `dropNextWebhooks`: the next deliveries are logged as dropped, not sent. */
  readonly drops: Countdown;
  private deliveries: Delivery[] = [];
  private inFlight = new Set<Promise<unknown>>();

  /** @param refusal - the status a malformed drop count is refused with. */
  constructor(
    private readonly doFetch: typeof fetch,
    refusal: 400 | 409 = 409,
  ) {
    this.drops = new Countdown(refusal);
  }

  /**
   * Sends `request` (`undefined` when there is nowhere to send it), unless a drop is due, and logs
   * what `record` makes of the answer. A dropped or unsent delivery is logged at once.
   */
  send(request: WebhookRequest, record: (answer: Exclude<WebhookAnswer, 'unsent'>) => Delivery): Promise<Delivery>;
  send(request: WebhookRequest | undefined, record: (answer: WebhookAnswer) => Delivery): Promise<Delivery>;
  send(request: WebhookRequest | undefined, record: (answer: Exclude<WebhookAnswer, 'unsent'>) => Delivery): Promise<Delivery> {
    if (this.drops.take()) return Promise.resolve(this.log(record('dropped')));
    // Only the second overload passes no request, and its `record` takes `unsent` too.
    if (request === undefined) return Promise.resolve(this.log((record as (answer: WebhookAnswer) => Delivery)('unsent')));
    const sending = postWebhook(this.doFetch, request).then((answer) => this.log(record(answer)));
    const flights = this.inFlight;
    flights.add(sending);
    void sending.finally(() => flights.delete(sending));
    return sending;
  }

  /** Every delivery so far, oldest first. */
  list(): Delivery[] {
    return [...this.deliveries];
  }

  /** Resolves once every delivery sent so far has been answered or has failed. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Forgets the log and any drops still due; deliveries under way are logged when they end. */
  reset(): void {
    this.deliveries = [];
    this.drops.reset();
  }

  /** Stops {@link settled} waiting for the deliveries under way. */
  forgetInFlight(): void {
    this.inFlight = new Set();
  }

  private log(delivery: Delivery): Delivery {
    this.deliveries.push(delivery);
    return delivery;
  }
}

/** The controls iKhokha's and Razorpay's sandboxes share: outages, the request log and a {@link WebhookOutbox}'s deliveries. */
export interface OutboxControls<Request, Delivery> {
  /** The next `count` API calls answer `httpStatus` (default 503) with an HTML body, like an outage behind a proxy. */
  failNext(count: number, httpStatus?: number): void;
  requests(): readonly Request[];
  /** Where webhooks go; `undefined` for the sandbox's default. */
  setWebhookUrl(url: string | undefined): void;
  webhooks(): readonly Delivery[];
  /** The next `count` webhooks are not delivered (logged as `dropped`). */
  dropNextWebhooks(count: number): void;
  /** Resolves once every webhook sent so far has been delivered or has failed. */
  webhooksSettled(): Promise<void>;
}
