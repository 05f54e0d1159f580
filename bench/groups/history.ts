/** History event count and state transitions of one completed saga, from the stack's dev server. */
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';

const { temporal } = proto;
import type { BenchContext } from '../lib/context.js';

export interface HistoryResult {
  readonly workflowId: string;
  readonly events: number;
  readonly eventTypes: Record<string, number>;
  readonly activitiesScheduled: number;
  /** Local activities run (their `core_local_activity` markers). */
  readonly localActivities: number;
  readonly stateTransitions: number | null;
  readonly historySizeBytes: number | null;
}

export async function historyOf(ctx: BenchContext, workflowId: string): Promise<HistoryResult> {
  const connection = await Connection.connect({ address: ctx.stack.temporalAddress });
  try {
    const client = new Client({ connection });
    const handle = client.workflow.getHandle(workflowId);
    const history = await handle.fetchHistory();
    const eventTypes: Record<string, number> = {};
    for (const event of history.events ?? []) {
      const name = (temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? String(event.eventType)).replace(/^EVENT_TYPE_/, '');
      eventTypes[name] = (eventTypes[name] ?? 0) + 1;
    }
    const described = await handle.describe();
    const info = described.raw.workflowExecutionInfo;
    const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
    return {
      workflowId,
      events: history.events?.length ?? 0,
      eventTypes,
      activitiesScheduled: Object.entries(eventTypes).find(([k]) => /ACTIVITY_TASK_SCHEDULED/i.test(k))?.[1] ?? 0,
      localActivities: (history.events ?? []).filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity').length,
      stateTransitions: num(info?.stateTransitionCount),
      historySizeBytes: num(info?.historySizeBytes),
    };
  } finally {
    await connection.close();
  }
}
