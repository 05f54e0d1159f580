import { ActivityFailure, ApplicationFailure, TimeoutFailure, allHandlersFinished, condition } from '@temporalio/workflow';

/** An operator told a saga parked on a failing step to stop instead of retrying it. */
export class OperatorStopped extends Error {
  override readonly name = 'OperatorStopped';
  constructor(readonly action: string) {
    super(`an operator chose ${action}`);
  }
}

/** What a step's failure says: the activity's own message, not Temporal's wrapper. */
export function failureMessage(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** A business outcome (a typed, non-retryable failure): the step worked and said no. */
function isBusinessFailure(error: unknown): boolean {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure && cause.nonRetryable === true && cause.type?.includes('.') === true;
}

const isStepFailure = (error: unknown): boolean => error instanceof ActivityFailure || error instanceof ApplicationFailure || error instanceof TimeoutFailure;

/**
 * Steps with a retry budget: a step that still fails when its budget is spent (the database down
 * for longer than its retries, or a bug that throws every time) parks the saga for an operator,
 * instead of failing the workflow or retrying forever. `retry` runs the step again; any other
 * decision throws `OperatorStopped`, which the saga answers by cancelling. Business outcomes
 * (typed non-retryable failures such as `inventory.out_of_stock`) pass through untouched.
 */
export function parkWhenExhausted<T extends object>(steps: T, park: (code: string, message: string) => Promise<{ readonly action: string }>): T {
  return new Proxy(steps, {
    get(target, property, receiver) {
      const step = Reflect.get(target, property, receiver) as unknown;
      if (typeof step !== 'function') return step;
      return async (...args: unknown[]) => {
        for (;;) {
          try {
            return await (step as (...a: unknown[]) => Promise<unknown>)(...args);
          } catch (error) {
            if (!isStepFailure(error) || isBusinessFailure(error)) throw error;
            const decision = await park('steps.retries_exhausted', `step ${String(property)} kept failing past its retry budget: ${failureMessage(error)}`);
            if (decision.action !== 'retry') throw new OperatorStopped(decision.action);
          }
        }
      };
    },
  });
}

/**
 * Runs a saga's body to its end: when an operator stopped a parked step, `stop` (cancel, fail)
 * runs instead — asking again if one of its own steps parks and is stopped. Every update still
 * being handled (an operator's command, a return waiting for the outcome) answers before the saga closes.
 */
export async function runToTheEnd<S>(run: () => Promise<S>, stop: () => Promise<S>): Promise<S> {
  let final: S | undefined;
  try {
    final = await run();
  } catch (error) {
    if (!(error instanceof OperatorStopped)) throw error;
    while (final === undefined) {
      try {
        final = await stop();
      } catch (stopped) {
        if (!(stopped instanceof OperatorStopped)) throw stopped;
      }
    }
  }
  await condition(allHandlersFinished);
  return final;
}
