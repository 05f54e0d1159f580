import { FailNext, randomString, recordLookup, SandboxError, type SandboxState, sandboxState, statusExpiry } from '../../sandbox-kit/index.js';
import type { IkhokhaSandboxOptions, IkhokhaSandboxPaylink, IkhokhaSandboxRequest } from './types.js';

/** What the iKhokha sandbox remembers about paylinks, and the checks the API, the page and the controls share. */

export interface PaylinkRecord {
  paylinkID: string;
  status: string;
  amount: number;
  paidAmount: number | null;
  currency: string;
  entityID: string;
  mode: string;
  description: string | null;
  paymentReference: string | null;
  externalTransactionID: string;
  requesterUrl: string;
  urls: { callbackUrl: string; successPageUrl: string; failurePageUrl: string; cancelUrl: string };
  createdAt: Date;
  expiresAt: Date;
}

export interface IkhokhaState extends SandboxState<IkhokhaSandboxOptions, IkhokhaSandboxRequest> {
  readonly lifetimeSeconds: number;
  readonly paylinks: Map<string, PaylinkRecord>;
  paylinkUrl(id: string): string;
  /** A paylink as the controls report it. */
  view(p: PaylinkRecord): IkhokhaSandboxPaylink;
  current(id: string): PaylinkRecord | undefined;
  existing(id: string): PaylinkRecord;
  /** The paylink `id` (404 when unknown), refused (409) unless still PENDING and so open to `action`. */
  pending(id: string, action: string): PaylinkRecord;
}

export function createIkhokhaState(options: IkhokhaSandboxOptions): IkhokhaState {
  const base: SandboxState<IkhokhaSandboxOptions, IkhokhaSandboxRequest> = sandboxState(options, new FailNext(503));
  const paylinks = new Map<string, PaylinkRecord>();
  const paylinkUrl = (id: string) => `${base.publicBaseUrl}/paylink/${id}`;
  const view = (p: PaylinkRecord) => snapshot(p, paylinkUrl(p.paylinkID));
  /** An unpaid paylink past its lifetime reads as expired. */
  const { current, existing } = recordLookup(paylinks, 'paylink', statusExpiry(base.now, 'PENDING', 'EXPIRED'));
  function pending(id: string, action: string): PaylinkRecord {
    const p = existing(id);
    if (p.status !== 'PENDING') throw new SandboxError(`cannot ${action} a paylink that is ${p.status}`);
    return p;
  }
  return {
    ...base,
    lifetimeSeconds: options.paylinkLifetimeSeconds ?? 1800,
    paylinks,
    paylinkUrl,
    view,
    current,
    existing,
    pending,
  };
}

export const newId = (length: number): string => randomString(length);

function snapshot(p: PaylinkRecord, paylinkUrl: string): IkhokhaSandboxPaylink {
  return structuredClone({
    ...p,
    urls: { ...p.urls },
    paylinkUrl,
    createdAt: p.createdAt.toISOString(),
    expiresAt: p.expiresAt.toISOString(),
  });
}
