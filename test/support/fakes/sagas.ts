/**
 * Stand-ins for the workflow engine's side of the ports: each records what it was asked and
 * answers with the state the test gave it, so a use case can be tested without Temporal.
 */
import type { CheckoutOrder } from '../../../src/checkout/application/checkout-steps.js';
import type { CheckoutState, SagaPaymentCallback } from '../../../src/checkout/domain/saga.js';
import type { CheckoutSagas } from '../../../src/checkout/ports/checkout-sagas.js';
import type { LatePaymentOwner } from '../../../src/payments/domain/late-payment.js';
import type { LatePaymentIntakeOutcome, LatePaymentReport, LatePayments, LatePaymentSagaInput, LatePaymentSagas } from '../../../src/payments/ports/late-payments.js';
import type { CallbackQuery, PaymentReturnParsers } from '../../../src/payments/ports/payment-callbacks.js';
import type { GatewayId, OrderReturnHint, PaymentCallback } from '../../../src/payments/ports/payment-gateway.js';
import { domainError, err, ok } from '../../../src/shared/result.js';
import type { TopUpState } from '../../../src/wallet/domain/top-up.js';
import type { TopUpPaymentCallback, TopUpRequest, TopUpSagas } from '../../../src/wallet/ports/top-up-sagas.js';

/** Saga states by id, with what each saga was told. A started saga's state is `onStart`'s, kept as its live state. */
class SagaBook<Start, State, Callback> {
  readonly started: Start[] = [];
  readonly callbacks: { readonly id: string; readonly callback: Callback }[] = [];
  readonly waits: { readonly id: string; readonly timeoutMs: number; readonly callback?: Callback }[] = [];
  readonly states = new Map<string, State>();

  constructor(
    private readonly idOf: (start: Start) => string,
    private readonly onStart: (start: Start) => State,
  ) {}

  start(start: Start): State {
    this.started.push(start);
    const state = this.onStart(start);
    this.states.set(this.idOf(start), state);
    return state;
  }
}

export class FakeCheckoutSagas implements CheckoutSagas {
  readonly book: SagaBook<CheckoutOrder, CheckoutState, SagaPaymentCallback>;

  /** `onStart` is the saga's state once the shopper can be sent to pay; it is kept as the live state. */
  constructor(
    onStart: (order: CheckoutOrder) => CheckoutState = () => {
      throw new Error('no checkout saga was expected to start');
    },
  ) {
    this.book = new SagaBook((order) => order.orderId, onStart);
  }

  async start(order: CheckoutOrder): Promise<CheckoutState> {
    return this.book.start(order);
  }
  /** Set: the engine cannot be reached, and asking a saga's state throws it. */
  unreachable?: Error;

  async state(orderId: string): Promise<CheckoutState | undefined> {
    if (this.unreachable !== undefined) throw this.unreachable;
    return this.book.states.get(orderId);
  }
  async reportCallback(orderId: string, callback: SagaPaymentCallback): Promise<void> {
    this.book.callbacks.push({ id: orderId, callback });
  }
  async awaitOutcome(orderId: string, timeoutMs: number, callback?: SagaPaymentCallback): Promise<CheckoutState | undefined> {
    this.book.waits.push({ id: orderId, timeoutMs, ...(callback === undefined ? {} : { callback }) });
    return this.book.states.get(orderId);
  }
  async needingAttention(): Promise<never[]> {
    return [];
  }
  async command(orderId: string) {
    return err(domainError('checkout.not_found', `no saga ${orderId}`));
  }
}

export class FakeTopUpSagas implements TopUpSagas {
  readonly book: SagaBook<TopUpRequest, TopUpState, TopUpPaymentCallback>;

  constructor(onStart: (request: TopUpRequest) => TopUpState) {
    this.book = new SagaBook((request) => request.topUpId, onStart);
  }

  async start(request: TopUpRequest): Promise<TopUpState> {
    return this.book.start(request);
  }
  async state(topUpId: string): Promise<TopUpState | undefined> {
    return this.book.states.get(topUpId);
  }
  async reportCallback(topUpId: string, callback: TopUpPaymentCallback): Promise<void> {
    this.book.callbacks.push({ id: topUpId, callback });
  }
  async awaitOutcome(topUpId: string, timeoutMs: number, callback?: TopUpPaymentCallback): Promise<TopUpState> {
    this.book.waits.push({ id: topUpId, timeoutMs, ...(callback === undefined ? {} : { callback }) });
    const state = this.book.states.get(topUpId);
    if (state === undefined) throw new Error(`no top-up saga ${topUpId}`);
    return state;
  }
}

/** The late-payment intake as the other use cases see it: every report kept, answered `outcome`. */
export class RecordingLatePayments implements LatePayments {
  readonly reports: LatePaymentReport[] = [];
  constructor(private readonly outcome: LatePaymentIntakeOutcome = 'not_late') {}
  async report(report: LatePaymentReport): Promise<LatePaymentIntakeOutcome> {
    this.reports.push(report);
    return this.outcome;
  }
}

export class FakeLatePaymentSagas implements LatePaymentSagas {
  readonly started: { readonly input: LatePaymentSagaInput; readonly owner: LatePaymentOwner }[] = [];
  async start(input: LatePaymentSagaInput, owner: LatePaymentOwner): Promise<void> {
    this.started.push({ input, owner });
  }
}

/**
 * Browser returns as the test's gateways put them: `?pidx=…&status=…` names the gateway payment,
 * `?order=…&status=…` only our reference; anything else is malformed.
 */
export const queryReturnParsers: PaymentReturnParsers = {
  parse(gateway: GatewayId, query: CallbackQuery) {
    const status = typeof query['status'] === 'string' ? query['status'] : 'unknown';
    if (typeof query['pidx'] === 'string') return ok<PaymentCallback>({ gateway, gatewayPaymentId: query['pidx'], claimedStatus: status });
    if (typeof query['order'] === 'string') return ok<OrderReturnHint>({ gateway, claimedOrderId: query['order'], claimedStatus: status });
    return err(domainError('payments.malformed_return', `a ${gateway} return names no payment`));
  },
};
