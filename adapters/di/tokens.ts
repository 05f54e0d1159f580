import type { ServiceIdentifier } from 'inversify';
import type { Client } from '@temporalio/client';
import type { MikroORM } from '@mikro-orm/postgresql';
import type Koa from 'koa';
import type Router from '@koa/router';
import type { Logger } from 'pino';
import type { CatalogAdmin } from '../../src/catalog/api.js';
import type { Config } from '../../src/config.js';
import type { Clock } from '../../src/shared/clock.js';
import type { SavedPaymentMethods } from '../../src/checkout/ports/saved-payment-methods.js';
import type { MailCatcher } from '../notifications/mail-catcher.js';
import type { NotificationDispatcher } from '../../src/notifications/api.js';
import type { CheckoutStore } from '../../src/checkout/ports/checkout-store.js';
import type { CheckoutSagas } from '../../src/checkout/ports/checkout-sagas.js';
import type { CheckoutSteps } from '../../src/checkout/application/checkout-steps.js';
import type { Storefront } from '../../src/checkout/application/storefront.js';
import type { FulfilmentUseCases } from '../../src/orders/api.js';
import type { ShopperCart } from '../../src/checkout/application/cart.js';
import type { WebhookIntake } from '../../src/payments/api.js';
import type { GatewaySwitches } from '../../src/checkout/ports/operations.js';
import type { PaymentGateways } from '../../src/payments/api.js';
import type { PaymentReturnParsers } from '../../src/payments/ports/payment-callbacks.js';
import type { CheckoutActivities, LatePaymentActivities, RefundActivities } from '../temporal/activities.js';
// Wallet top-ups
import type { TopUpActivities } from '../temporal/top-up-activities.js';
import type { TopUpSteps, TopUps } from '../../src/wallet/application/top-ups.js';
import type { TopUpSagas } from '../../src/wallet/ports/top-up-sagas.js';
import type { GatewayRegistry } from '../gateways/registry.js';
import type { Refunds } from '../../src/checkout/application/refunds.js';
import type { RefundSagas } from '../../src/checkout/ports/refund-sagas.js';
import type { Authenticator, TokenIssuer } from '../http/auth.js';
// Late payments
import type { LatePaymentSteps } from '../../src/payments/application/late-payments.js';
import type { LatePayments, LatePaymentSagas, LatePaymentStore } from '../../src/payments/ports/late-payments.js';
// Notifications
import type { NotificationQueue, NotificationSettingsRepository } from '../../src/notifications/api.js';
// Saved payment methods
import type { GatewayId, SavedMethodGateway, SavedMethodRepository, SavedMethods } from '../../src/payments/api.js';
import type { Metrics } from '../observability/metrics.js';

/** Typed service identifiers: the only names the composition root binds. */
export const TOKENS = {
  config: Symbol('Config') as ServiceIdentifier<Config>,
  logger: Symbol('Logger') as ServiceIdentifier<Logger>,
  clock: Symbol('Clock') as ServiceIdentifier<Clock>,
  /** Demo mode's local mail catcher, when this process runs it (`GET /dev/mail`); null otherwise. */
  /** The outbox's dispatcher over the configured channels, and how to close those channels. */
  notificationDispatch: Symbol('NotificationDispatch') as ServiceIdentifier<{ readonly dispatcher: NotificationDispatcher; closeChannels(): Promise<void> | void }>,
  caughtMail: Symbol('CaughtMail') as ServiceIdentifier<Pick<MailCatcher, 'messages' | 'byId'> | null>,
  orm: Symbol('MikroORM') as ServiceIdentifier<MikroORM>,
  temporalClient: Symbol('TemporalClient') as ServiceIdentifier<Client>,
  checkoutStore: Symbol('CheckoutStore') as ServiceIdentifier<CheckoutStore>,
  gatewayRegistry: Symbol('GatewayRegistry') as ServiceIdentifier<GatewayRegistry>,
  paymentGateways: Symbol('PaymentGateways') as ServiceIdentifier<PaymentGateways>,
  paymentReturnParsers: Symbol('PaymentReturnParsers') as ServiceIdentifier<PaymentReturnParsers>,
  checkoutSteps: Symbol('CheckoutSteps') as ServiceIdentifier<CheckoutSteps>,
  checkoutActivities: Symbol('CheckoutActivities') as ServiceIdentifier<CheckoutActivities>,
  refunds: Symbol('Refunds') as ServiceIdentifier<Refunds>,
  refundActivities: Symbol('RefundActivities') as ServiceIdentifier<RefundActivities>,
  refundSagas: Symbol('RefundSagas') as ServiceIdentifier<RefundSagas>,
  /** Every activity the worker registers. */
  workerActivities: Symbol('WorkerActivities') as ServiceIdentifier<CheckoutActivities & RefundActivities & TopUpActivities & LatePaymentActivities>,
  checkoutSagas: Symbol('CheckoutSagas') as ServiceIdentifier<CheckoutSagas>,
  storefront: Symbol('Storefront') as ServiceIdentifier<Storefront>,
  catalogAdmin: Symbol('CatalogAdmin') as ServiceIdentifier<CatalogAdmin>,
  /** Operators' fulfilment of confirmed orders. */
  fulfilment: Symbol('Fulfilment') as ServiceIdentifier<FulfilmentUseCases>,
  cart: Symbol('ShopperCart') as ServiceIdentifier<ShopperCart>,
  webhookIntake: Symbol('WebhookIntake') as ServiceIdentifier<WebhookIntake>,
  gatewaySwitches: Symbol('GatewaySwitches') as ServiceIdentifier<GatewaySwitches>,
  // Wallet top-ups
  topUpSteps: Symbol('TopUpSteps') as ServiceIdentifier<TopUpSteps>,
  topUpActivities: Symbol('TopUpActivities') as ServiceIdentifier<TopUpActivities>,
  topUpSagas: Symbol('TopUpSagas') as ServiceIdentifier<TopUpSagas>,
  topUps: Symbol('TopUps') as ServiceIdentifier<TopUps>,
  // Late payments
  latePaymentStore: Symbol('LatePaymentStore') as ServiceIdentifier<LatePaymentStore>,
  latePaymentSteps: Symbol('LatePaymentSteps') as ServiceIdentifier<LatePaymentSteps>,
  latePaymentActivities: Symbol('LatePaymentActivities') as ServiceIdentifier<LatePaymentActivities>,
  latePaymentSagas: Symbol('LatePaymentSagas') as ServiceIdentifier<LatePaymentSagas>,
  /** The intake every callback path and the reconciliation report late payments to. */
  latePayments: Symbol('LatePayments') as ServiceIdentifier<LatePayments>,
  /** The dispatcher's and operators' side of the notification outbox. */
  notificationQueue: Symbol('NotificationQueue') as ServiceIdentifier<NotificationQueue>,
  notificationSettings: Symbol('NotificationSettings') as ServiceIdentifier<NotificationSettingsRepository>,
  savedMethodRepository: Symbol('SavedMethodRepository') as ServiceIdentifier<SavedMethodRepository>,
  /** The gateway's store of saved methods, for each gateway that has one. */
  savedMethodGateways: Symbol('SavedMethodGateways') as ServiceIdentifier<(id: GatewayId) => SavedMethodGateway | undefined>,
  savedMethods: Symbol('SavedMethods') as ServiceIdentifier<SavedMethods>,
  /** The saved methods as the checkout uses them. */
  checkoutSavedMethods: Symbol('CheckoutSavedMethods') as ServiceIdentifier<SavedPaymentMethods>,
  auth: Symbol('Auth') as ServiceIdentifier<Authenticator & TokenIssuer>,
  httpApp: Symbol('HttpApp') as ServiceIdentifier<Koa>,
  /** The process's metrics registry (`GET /metrics`). */
  metrics: Symbol('Metrics') as ServiceIdentifier<Metrics>,
  /** `GET /metrics`, with the shop-wide gauges registered (the API's container only). */
  metricsRouter: Symbol('MetricsRouter') as ServiceIdentifier<Router>,
  /** Every request's trace span and metrics. */
  httpObserver: Symbol('HttpObserver') as ServiceIdentifier<Koa.Middleware>,
} as const;
