import type Koa from 'koa';
import { z } from 'zod';
import { headersOf, type ParsedJson, parseJson, readBody, sendJson, sendOutagePage } from './http.js';

/** The test controls every sandbox offers: refusals, counted failures and drops, `/__sandbox/…` over HTTP. */

/**
 * A sandbox refusing a control command or a page action, with the HTTP status it answers:
 * 404 when the payment (order, session, event…) is unknown, 409 when its state forbids the
 * action (the default), 400 when the command itself is malformed.
 */
export class SandboxError extends Error {
  constructor(
    message: string,
    readonly httpStatus: 400 | 404 | 409 = 409,
  ) {
    super(message);
  }
}

/** `value`, or a 404 {@link SandboxError} `unknown <what>` when there is none. */
export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new SandboxError(`unknown ${what}`, 404);
  return value;
}

/**
 * Refuses (409 unless `httpStatus` says otherwise) a `value` that is not a non-negative safe
 * integer: `<name> must be a non-negative integer[ of <unit>], got <value>`. `undefined` passes.
 */
export function checkWholeNumber(value: number | undefined, name: string, options: { readonly unit?: string; readonly httpStatus?: 400 | 409 } = {}): void {
  if (value === undefined || (Number.isSafeInteger(value) && value >= 0)) return;
  const unit = options.unit === undefined ? '' : ` of ${options.unit}`;
  throw new SandboxError(`${name} must be a non-negative integer${unit}, got ${value}`, options.httpStatus);
}

/**
 * The two reads every sandbox's controls start with: all records (each brought up to date by
 * `existing`, e.g. expired) and one by id (`undefined` when unknown), as `view` shows them.
 */
export function recordReads<R, V>(
  ids: () => Iterable<string>,
  current: (id: string) => R | undefined,
  existing: (id: string) => R,
  view: (record: R) => V,
): { readonly all: () => V[]; readonly get: (id: string) => V | undefined } {
  return {
    all: () => [...ids()].map((id) => view(existing(id))),
    get: (id) => {
      const record = current(id);
      return record === undefined ? undefined : view(record);
    },
  };
}

/** How many of the next calls (or deliveries) a control singled out: `dropNextWebhooks`, `loseNextRefundAnswers`… */
export class Countdown {
  private remaining = 0;

  /** @param refusal - the status a malformed count is refused with. */
  constructor(private readonly refusal: 400 | 409 = 409) {}

  /** @throws {@link SandboxError} for a count that is not a non-negative integer. */
  set(count: number): void {
    checkWholeNumber(count, 'count', { httpStatus: this.refusal });
    this.remaining = count;
  }

  /** True, counting one off, while any remain. */
  take(): boolean {
    if (this.remaining === 0) return false;
    this.remaining -= 1;
    return true;
  }

  reset(): void {
    this.remaining = 0;
  }
}

/** `failNext(count, httpStatus)`: the next `count` API calls fail with `httpStatus`. */
export class FailNext {
  private readonly countdown: Countdown;
  private status: number;

  /**
   * @param defaultStatus - the status when none is given.
   * @param options.lowest - the lowest status accepted (default 400; the highest is 599).
   * @param options.refusal - the status a malformed command is refused with (default 409).
   */
  constructor(
    private readonly defaultStatus: number,
    private readonly options: { readonly lowest?: number; readonly refusal?: 400 | 409 } = {},
  ) {
    this.countdown = new Countdown(options.refusal);
    this.status = defaultStatus;
  }

  /** @throws {@link SandboxError} for a count that is not a non-negative integer or a status out of range. */
  set(count: number, httpStatus = this.defaultStatus): void {
    const lowest = this.options.lowest ?? 400;
    checkWholeNumber(count, 'count', this.options.refusal === undefined ? {} : { httpStatus: this.options.refusal });
    if (!Number.isInteger(httpStatus) || httpStatus < lowest || httpStatus > 599) {
      throw new SandboxError(`httpStatus must be ${lowest}–599, got ${httpStatus}`, this.options.refusal);
    }
    this.countdown.set(count);
    this.status = httpStatus;
  }

  /** The status this call fails with, counting it off; `undefined` when no failure is due. */
  take(): number | undefined {
    return this.countdown.take() ? this.status : undefined;
  }

  reset(): void {
    this.countdown.reset();
    this.status = this.defaultStatus;
  }
}

/** An API call as the request logs record it. */
export interface LoggedCall {
  readonly at: string;
  readonly method: string;
  /** Path as received, including any mount prefix; query not included. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON, or the raw text when it is not JSON. */
  readonly body: unknown;
  /** HTTP status the sandbox answered. */
  readonly status: number;
}

/** A JSON API call's body: the text as received and its parse. */
export interface ApiCall {
  readonly text: string;
  readonly body: ParsedJson;
}

/**
 * One call to a sandbox's JSON API: reads the body, answers the outage page while `failures` has a
 * failure due and `handle` otherwise, and hands `log` the call with the status answered, whatever
 * happened.
 *
 * @throws {@link BodyTooLargeError} from {@link readBody}, before anything is logged.
 */
export async function serveJsonApi(
  ctx: Koa.Context,
  options: { readonly now: () => Date; readonly failures: FailNext; readonly log: (call: LoggedCall, raw: ApiCall) => void },
  handle: (call: ApiCall) => Promise<void> | void,
): Promise<void> {
  const text = await readBody(ctx.req);
  const body = parseJson(text);
  try {
    const failure = options.failures.take();
    if (failure !== undefined) return sendOutagePage(ctx, failure);
    await handle({ text, body });
  } finally {
    const at = options.now().toISOString();
    options.log({ at, method: ctx.method, path: ctx.path, headers: headersOf(ctx.req), body: body.ok ? body.value : text, status: ctx.status }, { text, body });
  }
}

/** Writes a JSON answer: {@link sendJson}, or a sandbox's own writer where its JSON is laid out differently. */
export type JsonResponder = (ctx: Koa.Context, status: number, body: unknown) => void;

/**
 * One `/__sandbox/…` POST command: checks the posted body and, when it passes, gives what carries
 * the command out (its result is answered with 200); otherwise gives zod's error.
 */
export type ControlCommand = (body: unknown) => { readonly run: () => unknown } | { readonly error: z.ZodError };

/** A {@link ControlCommand} whose body must pass `schema`. */
export function controlCommand<S extends z.ZodType>(schema: S, run: (input: z.output<S>) => unknown): ControlCommand {
  return (body) => {
    const input = schema.safeParse(body);
    return input.success ? { run: () => run(input.data) } : { error: input.error };
  };
}

/** `/__sandbox/reset`: `{}` in, `{}` out. */
export const resetCommand = (reset: () => void): ControlCommand =>
  controlCommand(z.object({}), () => {
    reset();
    return {};
  });

/** `/__sandbox/fail-next`: `{ count, httpStatus? }` (`lowest`–599), answered with the status that will be used. */
export const failNextCommand = (failNext: (count: number, httpStatus?: number) => void, defaultStatus: number, lowest = 400): ControlCommand =>
  controlCommand(z.object({ count: z.number().int().nonnegative(), httpStatus: z.number().int().min(lowest).max(599).optional() }), (c) => {
    failNext(c.count, c.httpStatus);
    return { count: c.count, httpStatus: c.httpStatus ?? defaultStatus };
  });

/** `dropNextWebhooks` over HTTP: `{ count }`, or `{ count? }` where the sandbox has a `defaultCount`. */
export function dropNextCommand(drop: (count: number) => void, defaultCount?: number): ControlCommand {
  const count = z.number().int().nonnegative();
  return controlCommand(z.object({ count: defaultCount === undefined ? count : count.optional() }), (c) => {
    const n = c.count ?? defaultCount ?? 0;
    drop(n);
    return { count: n };
  });
}

/**
 * Reads the command posted to a `/__sandbox/…` control route, checked by the command `commands`
 * names for `route` (a blank body counts as `{}`). Answers, and returns `undefined`, with 405 for a
 * method other than POST, 404 for a route without a command, and 400 with zod's message for a body
 * the command refuses.
 *
 * @throws {@link BodyTooLargeError} from {@link readBody}.
 */
export async function readControlCommand(
  ctx: Koa.Context,
  route: string,
  commands: Readonly<Record<string, ControlCommand>>,
  respond: JsonResponder = sendJson,
): Promise<(() => unknown) | undefined> {
  if (ctx.method !== 'POST') {
    respond(ctx, 405, { error: 'use GET to read and POST to change' });
    return undefined;
  }
  const parsed = parseJson(await readBody(ctx.req));
  const command = Object.hasOwn(commands, route) ? commands[route] : undefined;
  if (command === undefined) {
    respond(ctx, 404, { error: 'unknown control' });
    return undefined;
  }
  const checked = command(parsed.ok ? (parsed.value ?? {}) : undefined);
  if ('error' in checked) {
    respond(ctx, 400, { error: z.prettifyError(checked.error) });
    return undefined;
  }
  return checked.run;
}

/** A GET route `<prefix><id>` answering one record, or 404 `{ error: unknown }` when `get` finds none. */
export interface ControlItemRoute {
  readonly prefix: string;
  readonly get: (id: string) => unknown;
  readonly unknown: string;
}

/** A sandbox's own `/__sandbox/…` routes. */
export interface ControlRoutes {
  /** The sandbox's main records: all of them at `path`, one at `path/<id>` (404 `{ error: unknown }` when none). */
  readonly records: { readonly path: string; readonly all: () => unknown; readonly get: (id: string) => unknown; readonly unknown: string };
  /** Other GET routes by their exact path. */
  readonly reads?: Readonly<Record<string, () => unknown>>;
  /** Other GET routes by prefix. */
  readonly items?: readonly ControlItemRoute[];
  /** The POST routes by their exact path: see {@link readControlCommand}. */
  readonly commands: Readonly<Record<string, ControlCommand>>;
  readonly respond?: JsonResponder;
}

/**
 * The handler of a sandbox's `/__sandbox/…` requests: a GET from `records`, `reads` or `items`, or
 * `/__sandbox/requests` (the request log); a POST through `commands`, or `/__sandbox/reset`. A
 * {@link SandboxError} becomes `{ error }` with its status.
 */
export function serveControls(
  control: { readonly requests: () => unknown; readonly reset: () => void },
  routes: ControlRoutes,
): (ctx: Koa.Context, route: string) => Promise<void> {
  const respond = routes.respond ?? sendJson;
  const { records } = routes;
  const reads: Readonly<Record<string, () => unknown>> = { [records.path]: records.all, '/__sandbox/requests': control.requests, ...routes.reads };
  const commands: Readonly<Record<string, ControlCommand>> = { ...routes.commands, '/__sandbox/reset': resetCommand(control.reset) };
  const items: readonly ControlItemRoute[] = [{ prefix: `${records.path}/`, get: records.get, unknown: records.unknown }, ...(routes.items ?? [])];
  return async (ctx, route) => {
    try {
      if (ctx.method === 'GET') {
        const read = Object.hasOwn(reads, route) ? reads[route] : undefined;
        if (read !== undefined) return respond(ctx, 200, read());
        for (const item of items) {
          const id = route.startsWith(item.prefix) ? route.slice(item.prefix.length) : '';
          if (id === '' || id.includes('/')) continue;
          const record = item.get(decodeURIComponent(id));
          return record === undefined ? respond(ctx, 404, { error: item.unknown }) : respond(ctx, 200, record);
        }
        return respond(ctx, 404, { error: 'unknown control' });
      }
      const run = await readControlCommand(ctx, route, commands, respond);
      if (run === undefined) return;
      respond(ctx, 200, await run());
    } catch (e) {
      if (e instanceof SandboxError) return respond(ctx, e.httpStatus, { error: e.message });
      throw e;
    }
  };
}
