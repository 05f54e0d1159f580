/** Waiting in tests for what a worker does in the background. */

/**
 * Reads `read` every 50 ms until `predicate` holds, 300 times at most (15 s); otherwise throws
 * that `subject` never reached `what`, with the last value read.
 */
export async function pollUntil<S>(read: () => Promise<S>, predicate: (value: S) => boolean, subject: string, what: string): Promise<S> {
  let last: S | undefined;
  for (let i = 0; i < 300; i += 1) {
    last = await read();
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${subject} never reached ${what}; last ${JSON.stringify(last)}`);
}

/**
 * A saga once it has ended or parked: reads `resting` (its state once it rests, settled or
 * awaiting) until the status is one of `settledStatuses`, running the test server's clock on a
 * minute between reads, an hour of test time at most.
 */
export async function settledWithinAnHour<S extends { readonly status: string }>(
  env: { sleep(ms: number): Promise<void> },
  resting: () => Promise<S>,
  settledStatuses: readonly string[],
  subject: string,
): Promise<S> {
  for (let i = 0; i < 60; i += 1) {
    const state = await resting();
    if (settledStatuses.includes(state.status)) return state;
    await env.sleep(60_000);
  }
  throw new Error(`${subject} did not settle within an hour of test time`);
}
