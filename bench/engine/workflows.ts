/**
 * The engine's own ceiling: a workflow that runs N steps that do nothing, one after another, as
 * activities or (like the checkout saga's steps) as local activities.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';

export interface NoopActivities {
  noop(step: number): Promise<void>;
}

const remote = proxyActivities<NoopActivities>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<NoopActivities>({ startToCloseTimeout: '30 seconds' });

export async function noopSaga(steps: number, asLocalActivities = false): Promise<number> {
  const { noop } = asLocalActivities ? local : remote;
  for (let i = 0; i < steps; i++) await noop(i);
  return steps;
}
