import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { awaitOutcomeSurvivingRaces } from './outcome-update.js';

/** The messages every payment saga (checkout, wallet top-up) answers to. */
export interface PaymentSagaMessages<S, C> {
  readonly state: QueryDefinition<S>;
  readonly callback: SignalDefinition<[C]>;
  readonly outcome: UpdateDefinition<S, [{ timeoutMs: number; callback?: C }]>;
}

/**
 * What the checkout and the top-up sagas share on the client side: one saga per subject id under
 * the workflow id `workflowId(id)`, started on `taskQueue`, its state, its callbacks and the return
 * handler's wait for its outcome. A saga just started answers within `startWaitMs`.
 */
export abstract class PaymentSagaClient<S, C> {
  constructor(
    protected readonly client: Client,
    protected readonly taskQueue: string,
    protected readonly startWaitMs: number,
    private readonly workflowId: (id: string) => string,
    private readonly messages: PaymentSagaMessages<S, C>,
  ) {}

  protected handle(id: string): WorkflowHandle {
    return this.client.workflow.getHandle(this.workflowId(id));
  }

  /** The live saga's state; `undefined` when there is no such saga. */
  async state(id: string): Promise<S | undefined> {
    try {
      return await this.handle(id).query(this.messages.state);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  async reportCallback(id: string, callback: C): Promise<void> {
    try {
      await this.handle(id).signal(this.messages.callback, callback);
    } catch (error) {
      // A callback replayed after the saga closed changes nothing: the outcome is already decided.
      if (error instanceof WorkflowNotFoundError && (await this.isClosed(id))) return;
      throw error;
    }
  }

  private async isClosed(id: string): Promise<boolean> {
    try {
      return (await this.handle(id).describe()).status.name !== 'RUNNING';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  /** The return handler's wait for the outcome (see `awaitOutcomeSurvivingRaces`); `undefined` when there is no such saga. */
  awaitOutcome(id: string, timeoutMs: number, callback?: C): Promise<S | undefined> {
    const { outcome, callback: signal, state } = this.messages;
    return awaitOutcomeSurvivingRaces(this.handle(id), { update: outcome, signal, query: state }, timeoutMs, callback);
  }

  /**
   * The first answer of a saga just started: the update that answers once the shopper can be sent
   * to pay, or past `startWaitMs` (or when the update failed because the saga closed first) the saga's
   * state as it is.
   */
  protected async firstAnswer(handle: WorkflowHandle, update: Promise<S>): Promise<S> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.startWaitMs);
    });
    try {
      const answered = await Promise.race([update.catch(() => undefined), timeout]);
      return answered ?? (await handle.query(this.messages.state));
    } finally {
      clearTimeout(timer);
    }
  }
}
