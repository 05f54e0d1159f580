import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { OperatorDecision } from '../../src/shared/payment-saga.js';
import type { LatePaymentResolution, LatePaymentSource } from '../../src/payments/domain/late-payment.js';
import type { GatewayId } from '../../src/payments/ports/payment-gateway.js';

export type { OperatorDecision } from '../../src/shared/payment-saga.js';

export type LatePaymentSagaStatus = 'checking' | 'settling' | 'needs_attention' | 'resolved';

export interface LatePaymentState {
  gateway: GatewayId;
  gatewayPaymentId: string;
  source: LatePaymentSource;
  detectedAt: string;
  status: LatePaymentSagaStatus;
  owner?: { kind: 'order' | 'top_up'; orderId?: string; topUpId?: string; customerId: string };
  /** The gateway's last word about the payment. */
  gatewayStatus?: string;
  lookups: number;
  resolution?: LatePaymentResolution;
  /** Why it ended without a resolution: no checkout or top-up of ours owns it, or its saga had not given up on it. */
  note?: 'unmatched' | 'not_late';
  credited?: { amountMinor: number; currency: string };
  attention?: { code: string; message: string; since: string };
  decisions: { action: string; by: string; reason: string; at: string }[];
}

export const latePaymentStateQuery = defineQuery<LatePaymentState>('latePaymentState');
/** An operator's decision on a parked late payment: `retry` asks the gateway again; anything else dismisses it, recorded with who and why. */
export const latePaymentDecisionSignal = defineSignal<[OperatorDecision]>('operatorDecision');

export interface ReconciliationState {
  rounds: number;
  checked: number;
  started: number;
  lastRoundAt?: string;
}

export const reconciliationStateQuery = defineQuery<ReconciliationState>('reconciliationState');
