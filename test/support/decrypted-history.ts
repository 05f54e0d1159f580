import type { Payload } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { AesGcmPayloadCodec } from '../../adapters/temporal/payload-codec.js';
import { loadConfig } from '../../src/config.js';
import { cardNumbersIn, cardNumbersInText, type CardNumberHit } from './card-number-scan.js';

/** Every payload of a saga's history, decrypted as the Temporal UI's codec would (demo keys), with the history around them. */
export async function decryptedHistoryText(env: TestWorkflowEnvironment, workflowId: string): Promise<string> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const codec = new AesGcmPayloadCodec(loadConfig({ DEMO_MODE: 'true', LOG_LEVEL: 'silent' }).temporal.payloadKeys);
  const payloads: Payload[] = [];
  const collect = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if ('metadata' in value && 'data' in value && (value as Payload).data instanceof Uint8Array) payloads.push(value as Payload);
    else for (const child of Object.values(value)) collect(child);
  };
  collect(history);
  const decoded = await codec.decode(payloads);
  return [JSON.stringify(history), ...decoded.map((payload) => new TextDecoder().decode(payload.data ?? new Uint8Array()))].join('\n');
}

/** Where a checkout leaves its traces, searched for card numbers (masked), with each history's text to check it was read decrypted. */
export interface CardNumberTraces {
  readonly rows: CardNumberHit[];
  readonly logs: string[];
  readonly histories: { readonly text: string; readonly hits: string[] }[];
}

/** Card numbers in every row of the database, in the log lines and in the sagas' decrypted histories. */
export async function cardNumberTraces(
  h: { readonly env: TestWorkflowEnvironment; sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]> },
  logLines: readonly string[],
  workflowIds: readonly string[],
): Promise<CardNumberTraces> {
  const histories = await Promise.all(workflowIds.map((id) => decryptedHistoryText(h.env, id)));
  return {
    rows: await cardNumbersIn((query, params) => h.sql(query, params)),
    logs: cardNumbersInText(logLines.join('\n')),
    histories: histories.map((text) => ({ text, hits: cardNumbersInText(text) })),
  };
}
