import {
  makeGatewayPaymentSteps,
  requireAcceptedCurrency,
  type AcceptedCurrencies,
  type GatewayPaymentStepsDeps,
  type GatewayId,
  type InitiatedPayment,
  type LatePayments,
  type PaymentCallbackOwner,
  type PaymentStatusReport,
  type PaymentVerificationResult,
  type SubjectPaymentRecords,
} from '../../payments/api.js';
import type { CallbackQuery, PaymentReturnParsers } from '../../payments/api.js';
import type { Clock } from '../../shared/clock.js';
import { money, type Money } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { WalletError } from '../domain/wallet.js';
import { checkTopUpAmount, type TopUpFailureReason, type TopUpState, type WalletTopUp } from '../domain/top-up.js';
import type { TopUpRepositories, TopUpStore } from '../ports/top-up-store.js';
import type { TopUpRequest, TopUpSagas } from '../ports/top-up-sagas.js';
import { unitOfWorkOver } from '../../shared/unit-of-work.js';
import { tell } from '../../notifications/api.js';

/** The gateway steps' settings (return URL: after a top-up payment; capture key: one per top-up) over the top-ups' store. */
export type TopUpStepsDeps = Omit<GatewayPaymentStepsDeps, 'store'> & { readonly store: TopUpStore };

export type { VerifiedPayment as VerifiedTopUpPayment } from '../../payments/api.js';

const loadTopUp = async (repos: TopUpRepositories, topUpId: string): Promise<WalletTopUp> => {
  const topUp = await repos.topUps.byId(topUpId);
  if (topUp === undefined) throw new Error(`top-up ${topUpId} does not exist`);
  return topUp;
};

/**
 * The use cases behind each step of the top-up saga. Each is idempotent: retried or replayed
 * activities end as if they had run once.
 */
export function makeTopUpSteps(deps: TopUpStepsDeps) {
  const { store, clock } = deps;
  const now = () => clock.now().toISOString();

  /** A top-up's payment, as the shared gateway steps see it. */
  const topUpPayments = (repos: TopUpRepositories): SubjectPaymentRecords => ({
    verifications: repos.verifications,
    async payment(topUpId) {
      const topUp = await loadTopUp(repos, topUpId);
      return {
        subject: { kind: 'top_up', id: topUp.id },
        gateway: topUp.gateway as GatewayId,
        amount: topUp.amount,
        gatewayPaymentId: topUp.gatewayPaymentId,
        action: topUp.action,
        expiresAt: topUp.expiresAt,
      };
    },
    async recordInitiated(topUpId, initiated) {
      const topUp = await loadTopUp(repos, topUpId);
      await repos.topUps.save({ ...topUp, gatewayPaymentId: initiated.gatewayPaymentId, action: initiated.action, expiresAt: initiated.expiresAt });
    },
    async markPaid(topUpId, transactionId) {
      const topUp = await loadTopUp(repos, topUpId);
      if (topUp.status === 'pending') await repos.topUps.save({ ...topUp, status: 'paid', transactionId });
    },
  });
  const gatewaySteps = makeGatewayPaymentSteps({ ...deps, store: unitOfWorkOver(store, topUpPayments) });

  /** Stores the top-up (pending); a second call finds it and does nothing. */
  async function recordTopUp(input: TopUpRequest): Promise<void> {
    await store.transaction(async (repos) => {
      if ((await repos.topUps.byId(input.topUpId)) !== undefined) return;
      await repos.topUps.save({
        id: input.topUpId,
        customerId: input.customerId,
        gateway: input.gateway,
        amount: money(input.amount.amountMinor, input.amount.currency),
        status: 'pending',
        createdAt: input.requestedAt,
      });
    });
  }

  /** Creates the payment at the gateway once; a retried step returns what was stored. */
  async function initiatePayment(input: { readonly topUpId: string; readonly idempotencyKey: string }): Promise<InitiatedPayment> {
    return gatewaySteps.initiate(input.topUpId, { description: 'Wallet top-up', idempotencyKey: input.idempotencyKey });
  }

  /** Asks the gateway about the top-up's payment. Reads only. */
  async function syncPayment(input: { readonly topUpId: string }): Promise<PaymentStatusReport> {
    return gatewaySteps.sync(input.topUpId);
  }

  /**
   * Verifies the payment with the gateway's own API, checks the exact amount, and binds the
   * transaction to this top-up in the verification ledger shared with checkouts, then marks the
   * top-up paid — in one transaction.
   */
  async function verifyPayment(input: { readonly topUpId: string }): Promise<PaymentVerificationResult> {
    return gatewaySteps.verify(input.topUpId);
  }

  /** Credits the verified amount to the shopper's wallet, once per idempotency key. */
  async function creditWallet(input: {
    readonly topUpId: string;
    readonly idempotencyKey: string;
  }): Promise<Result<{ amount: Money; credited: boolean }, WalletError | DomainError<'payments.not_completed'>>> {
    return store.transaction(async (repos) => {
      const topUp = await loadTopUp(repos, input.topUpId);
      const verification = topUp.transactionId === undefined ? undefined : await repos.verifications.byTransaction(topUp.gateway, topUp.transactionId);
      if ((topUp.status !== 'paid' && topUp.status !== 'credited') || verification?.topUpId !== topUp.id) {
        return err(domainError('payments.not_completed', `top-up ${topUp.id} has no verified payment to credit`));
      }
      const appended = await repos.wallet.append({
        customerId: topUp.customerId,
        kind: 'top_up',
        amount: verification.amount,
        reason: `wallet top-up ${topUp.id}`,
        idempotencyKey: input.idempotencyKey,
      });
      if (!appended.ok) return appended;
      if (appended.value === 'appended') {
        await repos.topUps.linkWalletEntry(input.idempotencyKey, topUp.id);
        await tell(repos.notifications, { type: 'wallet_topped_up', topUpId: topUp.id, customerId: topUp.customerId, amount: verification.amount });
      }
      if (topUp.status !== 'credited') await repos.topUps.save({ ...topUp, status: 'credited', creditedAt: now() });
      return ok({ amount: verification.amount, credited: appended.value === 'appended' });
    });
  }

  /** The top-up will not be paid: it fails with a reason and nothing is credited. A credited top-up never fails. */
  async function failTopUp(input: { readonly topUpId: string; readonly reason: TopUpFailureReason }): Promise<void> {
    await store.transaction(async (repos) => {
      const topUp = await loadTopUp(repos, input.topUpId);
      if (topUp.status === 'failed') return;
      if (topUp.status === 'credited') throw new Error(`top-up ${topUp.id} was credited and cannot fail`);
      await repos.topUps.save({ ...topUp, status: 'failed', failureReason: input.reason });
    });
  }

  return { recordTopUp, initiatePayment, syncPayment, verifyPayment, creditWallet, failTopUp };
}

export type TopUpSteps = ReturnType<typeof makeTopUpSteps>;

/** What the shopper sees of a top-up: the stored top-up and its saga's live state. */
export interface TopUpView {
  readonly topUpId: string;
  readonly status: TopUpState['status'];
  readonly gateway: string;
  readonly amount: { amountMinor: number; currency: string };
  readonly paymentAction?: TopUpState['paymentAction'];
  readonly expiresAt?: string;
  readonly failureReason?: string;
  readonly credited?: { amountMinor: number; currency: string };
  readonly createdAt?: string;
  readonly creditedAt?: string;
  readonly attention?: { code: string };
}

function view(state: TopUpState, topUp: WalletTopUp | undefined): TopUpView {
  return {
    topUpId: state.topUpId,
    status: state.status,
    gateway: state.gateway,
    amount: state.amount,
    ...(state.paymentAction ? { paymentAction: state.paymentAction } : {}),
    ...(state.expiresAt && state.paymentAction ? { expiresAt: state.expiresAt } : {}),
    ...(state.failureReason ? { failureReason: state.failureReason } : {}),
    ...(state.credited ? { credited: state.credited } : {}),
    ...(topUp ? { createdAt: topUp.createdAt } : {}),
    ...(topUp?.creditedAt ? { creditedAt: topUp.creditedAt } : {}),
    ...(state.attention ? { attention: { code: state.attention.code } } : {}),
  };
}

export interface TopUpsDeps {
  readonly store: TopUpStore;
  readonly sagas: TopUpSagas;
  readonly returnParsers: PaymentReturnParsers;
  readonly clock: Clock;
  readonly newTopUpId: () => string;
  /** The shop's first currency: a top-up that names none is in it. */
  readonly currency: string;
  /** Every currency a wallet may be topped up in (the shop's); default only `currency`. */
  readonly currencies?: readonly string[];
  /** The currencies a gateway takes; absent: every gateway takes every currency. */
  readonly acceptedCurrencies?: (gateway: GatewayId) => AcceptedCurrencies;
  readonly returnWaitMs: number;
  /** Whether one more browser return for this gateway payment may drive its saga; when not, it is answered from the saga's state. */
  readonly returnBudget?: (paymentKey: string) => boolean;
  /** Whether new top-ups may use a gateway (configured, and not switched off). */
  readonly gatewayAvailable: (gateway: GatewayId) => boolean | Promise<boolean>;
  /** A payment for a top-up that failed: its own late-payment saga credits it if the money was taken. */
  readonly latePayments?: LatePayments;
}

const notFound = (topUpId: string) => domainError('wallet.top_up_not_found', `no top-up ${topUpId} for this shopper`);

/** The shopper's top-up use cases, and the intake of gateway returns and callbacks for top-ups. */
export function makeTopUps(deps: TopUpsDeps) {
  const { store, sagas } = deps;

  async function requestTopUp(command: {
    readonly customerId: string;
    readonly amountMinor: number;
    readonly gateway: GatewayId;
    /** Default the shop's first currency. */
    readonly currency?: string;
  }): Promise<Result<TopUpView, DomainError>> {
    if (!(await deps.gatewayAvailable(command.gateway))) {
      return err(domainError('payments.gateway_unavailable', `${command.gateway} is not available for top-ups`, { gateway: command.gateway }));
    }
    const offered = deps.currencies ?? [deps.currency];
    const currency = command.currency ?? deps.currency;
    if (!offered.includes(currency)) {
      return err(domainError('wallet.unsupported_currency', `the shop does not sell in ${currency}; it sells in ${offered.join(', ')}`, { currency, offered }));
    }
    // Refused before the top-up or its saga exists.
    if (deps.acceptedCurrencies !== undefined) {
      const accepted = requireAcceptedCurrency('wallet.currency_not_accepted', command.gateway, deps.acceptedCurrencies(command.gateway), currency);
      if (!accepted.ok) return accepted;
    }
    const amount = checkTopUpAmount(command.amountMinor);
    if (!amount.ok) return amount;
    const request: TopUpRequest = {
      topUpId: deps.newTopUpId(),
      customerId: command.customerId,
      gateway: command.gateway,
      amount: { amountMinor: amount.value, currency },
      requestedAt: deps.clock.now().toISOString(),
    };
    const state = await sagas.start(request);
    return ok(view(state, await store.read((repos) => repos.topUps.byId(request.topUpId))));
  }

  async function getTopUp(customerId: string, topUpId: string): Promise<Result<TopUpView, DomainError>> {
    const topUp = await store.read((repos) => repos.topUps.byId(topUpId));
    // Another shopper's top-up is answered exactly like a missing one.
    if (topUp === undefined || topUp.customerId !== customerId) return err(notFound(topUpId));
    const state = await sagas.state(topUpId);
    if (state === undefined) return err(notFound(topUpId));
    return ok(view(state, topUp));
  }

  /**
   * The shopper's browser came back from the gateway after a top-up payment. The return proves
   * nothing: the saga is told to ask the gateway now, and the answer is the verified outcome (or
   * the state as it is after a short wait).
   */
  async function paymentReturned(gateway: GatewayId, query: CallbackQuery): Promise<Result<TopUpView, DomainError>> {
    const parsed = deps.returnParsers.parse(gateway, query);
    if (!parsed.ok) return parsed;
    const hint = parsed.value;
    const topUp = await store.read(async (repos) => {
      if (hint.gatewayPaymentId !== undefined) return repos.topUps.byGatewayPaymentId(gateway, hint.gatewayPaymentId);
      // Only our reference is named (iKhokha): the top-up's payment through this gateway, if any.
      const named = await repos.topUps.byId(hint.claimedOrderId);
      return named?.gateway === gateway && named.gatewayPaymentId !== undefined ? named : undefined;
    });
    if (topUp === undefined || topUp.gatewayPaymentId === undefined) {
      return err(domainError('payments.unknown_payment', `no ${gateway} top-up payment ${hint.gatewayPaymentId ?? `for ${hint.claimedOrderId}`}`));
    }
    const receivedAt = deps.clock.now().toISOString();
    const drives = deps.returnBudget?.(`${gateway}:${topUp.gatewayPaymentId}`) ?? true;
    const callback = { gateway, gatewayPaymentId: topUp.gatewayPaymentId, claimedStatus: hint.claimedStatus, receivedAt };
    const state = (drives ? undefined : await sagas.state(topUp.id)) ?? (await sagas.awaitOutcome(topUp.id, deps.returnWaitMs, callback));
    // The shopper paid a top-up that had failed already: the late-payment saga credits it.
    if (state.status === 'failed') await deps.latePayments?.report({ gateway, gatewayPaymentId: topUp.gatewayPaymentId, source: 'return', receivedAt });
    return ok(view(state, await store.read((repos) => repos.topUps.byId(topUp.id))));
  }

  /** The top-ups as owners of gateway payments, for the webhook intake: signals the owning top-up saga, if a top-up owns the payment. */
  const callbacks: PaymentCallbackOwner = {
    async deliver(callback) {
      const topUp = await store.read((repos) => repos.topUps.byGatewayPaymentId(callback.gateway, callback.gatewayPaymentId));
      if (topUp === undefined) return undefined;
      // A failed top-up's saga has closed (or is closing): the money, if any, came late.
      if (topUp.status !== 'failed') await sagas.reportCallback(topUp.id, callback);
      // Starts the late-payment saga only if the top-up has failed, now or while the callback was on its way.
      await deps.latePayments?.report({ gateway: callback.gateway, gatewayPaymentId: callback.gatewayPaymentId, source: 'webhook', receivedAt: callback.receivedAt });
      return {};
    },
  };

  return { requestTopUp, getTopUp, paymentReturned, callbacks };
}

export type TopUps = ReturnType<typeof makeTopUps>;
