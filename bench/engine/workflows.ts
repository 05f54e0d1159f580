/** The engine's own ceiling: a workflow that runs N activities that do nothing, one after another. */
import { proxyActivities } from '@temporalio/workflow';

export interface NoopActivities {
  noop(step: number): Promise<void>;
}

const { noop } = proxyActivities<NoopActivities>({ startToCloseTimeout: '30 seconds' });

export async function noopSaga(activities: number): Promise<number> {
  for (let i = 0; i < activities; i++) await noop(i);
  return activities;
}
