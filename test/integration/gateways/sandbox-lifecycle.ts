/** How the gateway adapter tests share one sandbox (and the webhook receiver it posts to) across a file. */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { WebhookReceiver } from '../../support/webhook-receiver.js';

/** A gateway sandbox as the lifecycle sees it: reset between tests, closed after the last. */
export interface ResettableSandbox {
  readonly control: { reset(): void };
  close(): Promise<void>;
}

/** The wall clock shifted by `offsetMs`, which a test sets to move the sandbox's time forward. */
export interface TestClock {
  offsetMs: number;
  readonly now: () => Date;
}

/** A clock at the wall clock's time until a test sets `offsetMs`. */
export function testClock(): TestClock {
  const clock: TestClock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  return clock;
}

/** What a file's tests share: its sandbox, readable once the file's tests have begun. */
export interface SharedSandbox<S> {
  readonly sandbox: S;
}

/** The same, with the receiver the sandbox's webhooks go to. */
export interface SharedSandboxAndReceiver<S> extends SharedSandbox<S> {
  readonly receiver: WebhookReceiver;
}

interface Lifecycle<S> {
  /** Waits for what the sandbox still has in flight (webhooks) before a test resets it. */
  readonly settled?: (sandbox: S) => Promise<void>;
  /** Set back to the wall clock before each test. */
  readonly clock?: TestClock;
}

/**
 * Starts the sandbox once before the file's tests and closes it after them. Before each test:
 * waits until it has `settled`, sets `clock` back and resets the sandbox.
 */
export function useSandbox<S extends ResettableSandbox>(start: () => Promise<S>, lifecycle: Lifecycle<S> = {}): SharedSandbox<S> {
  let running: S | undefined;
  beforeAll(async () => {
    running = await start();
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(async () => {
    const sandbox = started(running);
    await lifecycle.settled?.(sandbox);
    if (lifecycle.clock !== undefined) lifecycle.clock.offsetMs = 0;
    sandbox.control.reset();
  });
  return {
    get sandbox() {
      return started(running);
    },
  };
}

/**
 * `useSandbox` for a sandbox that posts webhooks: starts the receiver first and gives it to
 * `start`, closes it after the sandbox, and before each test also empties it and has it answer 200.
 */
export function useSandboxAndReceiver<S extends ResettableSandbox>(
  startReceiver: () => Promise<WebhookReceiver>,
  start: (receiver: WebhookReceiver) => Promise<S>,
  lifecycle: Lifecycle<S> = {},
): SharedSandboxAndReceiver<S> {
  let receiver: WebhookReceiver | undefined;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });
  const shared = useSandbox(() => start(started(receiver)), lifecycle);
  beforeEach(() => {
    started(receiver).received.length = 0;
    started(receiver).answerWith(200);
  });
  return {
    get sandbox() {
      return shared.sandbox;
    },
    get receiver() {
      return started(receiver);
    },
  };
}

function started<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('read before the file’s tests began');
  return value;
}

/** What the reset test needs of a sandbox: its controls, and its reset over HTTP. */
export interface ResetSubject {
  readonly control: () => { failNext(count: number): void; requests(): readonly unknown[] };
  readonly reset: () => Promise<{ readonly status: number }>;
  /** Leaves a record in the sandbox; `records` lists what it holds. */
  readonly record: () => Promise<unknown>;
  readonly records: () => readonly unknown[];
  /** A call that succeeds unless a failure is pending. */
  readonly succeeds: () => Promise<{ readonly status: number }>;
}

/** The test each sandbox has for `POST /__sandbox/reset`: `what` (its records), the request log and pending failures are gone. */
export function itResets(what: string, subject: ResetSubject): void {
  it(`resets ${what}, the request log and pending failures`, async () => {
    await subject.record();
    subject.control().failNext(5);
    expect((await subject.reset()).status).toBe(200);
    expect(subject.records()).toEqual([]);
    expect(subject.control().requests()).toEqual([]);
    expect((await subject.succeeds()).status).toBe(200);
  });
}
