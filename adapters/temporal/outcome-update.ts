import {
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type WorkflowHandle,
} from '@temporalio/client';
import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';

/** How often the return handler's update is sent before it settles for the saga's state as it is. */
export const OUTCOME_UPDATE_ATTEMPTS = 6;

/**
 * An update that did not reach a decision for a reason of the engine's, not the saga's: the
 * workflow task it rode on failed (`FAILED_PRECONDITION … unexpected workflow task failure`), the
 * server aborted it (`UNAVAILABLE … workflow update was aborted`), or the call timed out. Sending
 * it again is safe: the outcome update only waits, and its callback is a hint.
 */
export function isLostUpdate(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const cause = error instanceof ServiceError ? error.cause : error;
  if (!isGrpcServiceError(cause)) return false;
  if (cause.code === GRPC_FAILED_PRECONDITION) return /workflow task failure/i.test(cause.details ?? cause.message);
  return cause.code === GRPC_UNAVAILABLE && /update was aborted/i.test(cause.details ?? cause.message);
}

const GRPC_FAILED_PRECONDITION = 9;
const GRPC_UNAVAILABLE = 14;

/**
 * Sagas whose validator refused an outcome update because they have taken all they take
 * (`sagaLimits.outcomeUpdates`): their returns are answered with a query from then on, so each
 * API process sends such a saga at most one refused update. (A refused update writes nothing to
 * the history on the server, but still costs a workflow task, and the time-skipping test server
 * records that task.) Bounded: the oldest are forgotten first.
 */
const exhausted = new Set<string>();
const MAX_EXHAUSTED = 10_000;
function rememberExhausted(workflowId: string): void {
  exhausted.add(workflowId);
  if (exhausted.size > MAX_EXHAUSTED) exhausted.delete(exhausted.values().next().value!);
}

async function executionStatus(handle: WorkflowHandle): Promise<string> {
  try {
    return (await handle.describe()).status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'not_found';
    throw error;
  }
}

/**
 * The return handler's update, made to survive what the saga's other messages do to it. An
 * update rides on a workflow task; when a signal (a webhook's callback) lands while that task
 * runs and the task would close the saga, Temporal fails the task (`UnhandledCommand`) and
 * aborts every update delivered in it with `FAILED_PRECONDITION … unexpected workflow task
 * failure`. The saga recovers on its next task; the update is sent again (the callback with it:
 * the failed task's state is gone), a bounded number of times within the wait. Past the bound,
 * the callback goes as a signal and the answer is the saga's state as it is: the shopper sees
 * "pending", never an error, for a payment the saga is verifying. Checkouts and top-ups alike.
 * Undefined when the saga no longer exists (removed by retention, or never started).
 */
export async function awaitOutcomeSurvivingRaces<State, Callback>(
  handle: WorkflowHandle,
  messages: {
    readonly update: UpdateDefinition<State, [{ timeoutMs: number; callback?: Callback }]>;
    readonly signal: SignalDefinition<[Callback]>;
    readonly query: QueryDefinition<State>;
  },
  timeoutMs: number,
  callback?: Callback,
): Promise<State | undefined> {
  if (exhausted.has(handle.workflowId)) return handle.query(messages.query);
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt += 1) {
    const waitMs = Math.max(0, Math.min(timeoutMs, deadline - Date.now()));
    try {
      return await handle.executeUpdate(messages.update, { args: [{ timeoutMs: waitMs, ...(callback === undefined ? {} : { callback }) }] });
    } catch (error) {
      const status = await executionStatus(handle);
      if (status === 'not_found') return undefined;
      // A closed saga takes no updates; its final state is still queryable.
      if (status !== 'RUNNING') return handle.query(messages.query);
      // Refused by the saga's validator: it has taken as many outcome updates as it takes
      // (`sagaLimits`); the return is answered from its state, and the saga's own syncs go on.
      if (error instanceof WorkflowUpdateFailedError) {
        rememberExhausted(handle.workflowId);
        return handle.query(messages.query);
      }
      if (!isLostUpdate(error)) throw error;
      if (attempt < OUTCOME_UPDATE_ATTEMPTS && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** (attempt - 1), 400)));
        continue;
      }
      // The update never got through: the callback still reaches the saga, as a signal.
      if (callback !== undefined) await handle.signal(messages.signal, callback).catch(() => undefined);
      return handle.query(messages.query);
    }
  }
}
