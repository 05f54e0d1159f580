import { randomUUID } from 'node:crypto';
import { FailNext, recordLookup, SandboxError, type SandboxState, sandboxState, WebhookOutbox } from '../../sandbox-kit/index.js';
import { createSandboxSigningIdentity } from '../sandbox-certificate.js';
import { type CaptureRecord, newId, OPEN, type OrderRecord, type RefundRecord } from './records.js';
import { PAYPAL_SANDBOX_BUYER, type PayPalSandboxOptions, type PayPalSandboxRequest, type PayPalSandboxWebhookDelivery } from './types.js';

/** What the PayPal sandbox remembers, and the changes of an order's state the API, the page and the controls share. */
export type PayPalState = ReturnType<typeof createPayPalState>;

export function createPayPalState(options: PayPalSandboxOptions) {
  const base: SandboxState<PayPalSandboxOptions, PayPalSandboxRequest> = sandboxState(options, new FailNext(503, { refusal: 400 }));
  const { now, publicBaseUrl } = base;
  const approvalWindowMs = (options.approvalWindowSeconds ?? 6 * 3600) * 1000;
  const webhookId = options.webhookId ?? `${newId(17)}`;
  const identity = createSandboxSigningIdentity({ now: now() });
  const certId = `CERT-360caa42-fca2a594-${randomUUID().slice(0, 8)}`;
  const certUrl = `${publicBaseUrl}/v1/notifications/certs/${certId}`;

  const orders = new Map<string, OrderRecord>();
  const captureOwners = new Map<string, string>();
  const idempotency = new Map<string, string>();
  const tokens = new Map<string, number>();
  const outbox = new WebhookOutbox<PayPalSandboxWebhookDelivery>(options.fetch ?? globalThis.fetch, 400);

  /** An order left open or approved past its approval window is voided. */
  const { current, existing } = recordLookup(orders, 'order', (o) => {
    if ((OPEN.has(o.status) || o.status === 'APPROVED') && now().getTime() >= o.expiresAt.getTime()) {
      o.status = 'VOIDED';
      o.updatedAt = o.expiresAt;
    }
  });

  function markApproved(o: OrderRecord, payerId?: string): boolean {
    if (o.status === 'APPROVED') return false;
    if (!OPEN.has(o.status)) throw new SandboxError(`cannot approve an order that is ${o.status}`);
    o.status = 'APPROVED';
    o.payer = { payerId: payerId ?? newId(13), email: PAYPAL_SANDBOX_BUYER.email };
    o.updatedAt = now();
    return true;
  }

  function refundById(refundId: string): { order: OrderRecord; capture: CaptureRecord; refund: RefundRecord } | undefined {
    for (const o of orders.values()) {
      const r = o.capture?.refunds.find((x) => x.id === refundId);
      if (r !== undefined && o.capture !== undefined) return { order: o, capture: o.capture, refund: r };
    }
    return undefined;
  }

  return {
    ...base,
    approvalWindowMs,
    webhookId,
    identity,
    certId,
    certUrl,
    orders,
    captureOwners,
    idempotency,
    tokens,
    outbox,
    /** The status the next refund is created with. */
    nextRefundStatus: 'COMPLETED' as 'COMPLETED' | 'PENDING' | 'FAILED',
    current,
    existing,
    markApproved,
    refundById,
  };
}
