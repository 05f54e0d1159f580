import { randomBytes, randomUUID } from 'node:crypto';
import { Container, ContainerModule } from 'inversify';
import type { Client } from '@temporalio/client';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../../src/config.js';
import { TokenBuckets } from '../http/rate-limit.js';
import { codecRoutes } from '../http/routes/codec.js';
import { AesGcmPayloadCodec } from '../temporal/payload-codec.js';
import { SystemClock, type Clock } from '../../src/shared/clock.js';
import { makeCheckoutSteps } from '../../src/checkout/application/checkout-steps.js';
import { makeStorefront } from '../../src/checkout/application/storefront.js';
import { makeCart } from '../../src/checkout/application/cart.js';
import { checkoutTimeouts, workflowIds } from '../../temporal.config.js';
import { stepKey } from '../../src/shared/payment-saga.js';
import { MikroOrmCheckoutStore } from '../persistence/mikro-orm-checkout-store.js';
import { notificationPolicy, notificationsModule } from './notifications-module.js';
import { createGatewayAdapter, GATEWAY_CURRENCIES, GatewayRegistry } from '../gateways/registry.js';
import type { AcceptedCurrencies, GatewayId } from '../../src/payments/api.js';
import { createCheckoutActivities, createLatePaymentActivities, createRefundActivities } from '../temporal/activities.js';
import { TemporalRefundSagas } from '../temporal/temporal-refund-sagas.js';
import { makeRefunds } from '../../src/checkout/application/refunds.js';
import { TemporalCheckoutSagas } from '../temporal/temporal-checkout-sagas.js';
import { makeJwtAuth } from '../http/auth.js';
import { createHttpApp } from '../http/app.js';
import { checkoutRoutes } from '../http/routes/checkouts.js';
import { paymentReturnRoutes } from '../http/routes/payment-returns.js';
import { webhookRoutes } from '../http/routes/webhooks.js';
import { accountRoutes } from '../http/routes/account.js';
import { cartRoutes } from '../http/routes/cart.js';
import { adminRoutes } from '../http/routes/admin.js';
import { adminCatalogRoutes } from '../http/routes/admin-catalog.js';
import { makeCatalogAdmin } from '../../src/catalog/api.js';
import { openApiRoutes } from '../http/openapi.js';
import { storefrontPages } from '../http/storefront-pages.js';
import { MikroOrmAdminPayments, MikroOrmGatewaySwitches, MikroOrmVerificationFailures } from '../persistence/mikro-orm-operations.js';
import { MikroOrmIdempotencyKeys } from '../persistence/mikro-orm-idempotency-keys.js';
import { MikroOrmStorefrontQueries } from '../persistence/mikro-orm-storefront-queries.js';
import { makeWebhookIntake } from '../../src/payments/api.js';
import { makeFulfilment } from '../../src/orders/api.js';
import { makeCheckoutCallbacks } from '../../src/checkout/application/payment-callbacks.js';
import { MikroOrmGatewayEventLog } from '../persistence/mikro-orm-gateway-event-log.js';
import { adminStockRoutes, devRoutes, healthRoutes } from '../http/routes/operations.js';
import { devMailRoutes } from '../http/routes/dev-mail.js';
import type { MailCatcher } from '../notifications/mail-catcher.js';
import { TOKENS } from './tokens.js';
// Wallet top-ups
import { makeTopUps, makeTopUpSteps } from '../../src/wallet/application/top-ups.js';
import { createTopUpActivities } from '../temporal/top-up-activities.js';
import { TemporalTopUpSagas } from '../temporal/temporal-top-up-sagas.js';
import { MikroOrmTopUpStore } from '../persistence/mikro-orm-top-up-store.js';
import { topUpReturnPath, topUpRoutes } from '../http/routes/top-ups.js';
// Late payments
import { makeLatePaymentIntake, makeLatePaymentSteps } from '../../src/payments/application/late-payments.js';
import { MikroOrmLatePaymentStore } from '../persistence/mikro-orm-late-payments.js';
import { TemporalLatePaymentSagas } from '../temporal/temporal-late-payments.js';
import { notificationSettingsRoutes } from '../http/routes/notification-settings.js';
import { paymentMethodRoutes } from '../http/routes/payment-methods.js';
import { savedMethodsModule } from './saved-methods-module.js';
import { observabilityModule } from './observability-module.js';

/** Ids: 24 random base62-ish characters behind a type prefix. */
export const newId = (prefix: string): string => `${prefix}_${randomBytes(18).toString('base64url').replace(/[-_]/g, '0').slice(0, 24)}`;

export interface Resources {
  readonly config: Config;
  readonly logger: Logger;
  readonly orm: MikroORM;
  /** Absent in a worker-only process, which never starts sagas. */
  readonly temporalClient?: Client;
  readonly clock?: Clock;
  /** Demo mode's local mail catcher, when this process runs it: `GET /dev/mail` lists what it caught. */
  readonly mail?: Pick<MailCatcher, 'messages' | 'byId'>;
}

/** The currencies each gateway takes, as its module declares them. */
const acceptedCurrencies = (gateway: GatewayId): AcceptedCurrencies => GATEWAY_CURRENCIES[gateway];

/** Browser returns per gateway payment that may drive its saga, in this process. */
const returnBudget = (config: Config): ((paymentKey: string) => boolean) => {
  const buckets = new TokenBuckets(config.rateLimits.returnsPerPaymentPerMinute, 60_000);
  return (paymentKey) => buckets.take(paymentKey).ok;
};

const infrastructureModule = (resources: Resources) =>
  new ContainerModule(({ bind }) => {
    bind(TOKENS.config).toConstantValue(resources.config);
    bind(TOKENS.logger).toConstantValue(resources.logger);
    bind(TOKENS.orm).toConstantValue(resources.orm);
    bind(TOKENS.caughtMail).toConstantValue(resources.mail ?? null);
    bind(TOKENS.clock).toConstantValue(resources.clock ?? new SystemClock());
    bind(TOKENS.temporalClient).toDynamicValue(() => {
      if (resources.temporalClient === undefined) throw new Error('this process has no Temporal client');
      return resources.temporalClient;
    });
  });

const paymentsModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.gatewayRegistry)
    .toDynamicValue((context) => {
      const config = context.get(TOKENS.config);
      const adapterContext = { publicBaseUrl: config.http.publicBaseUrl };
      return new GatewayRegistry(config.enabledGateways.map((id) => createGatewayAdapter(id, config, adapterContext)));
    })
    .inSingletonScope();
  bind(TOKENS.paymentGateways).toDynamicValue((context) => context.get(TOKENS.gatewayRegistry));
  bind(TOKENS.paymentReturnParsers).toDynamicValue((context) => context.get(TOKENS.gatewayRegistry));
});

const checkoutModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.checkoutStore)
    .toDynamicValue((context) => new MikroOrmCheckoutStore(context.get(TOKENS.orm), notificationPolicy(context.get(TOKENS.config))))
    .inSingletonScope();
  bind(TOKENS.checkoutSteps)
    .toDynamicValue((context) => {
      const config = context.get(TOKENS.config);
      return makeCheckoutSteps({
        store: context.get(TOKENS.checkoutStore),
        gateways: context.get(TOKENS.paymentGateways),
        clock: context.get(TOKENS.clock),
        returnUrl: (gateway) => `${config.http.publicBaseUrl}/payments/${gateway}/return`,
        websiteUrl: config.http.storefrontReturnUrl ?? config.http.publicBaseUrl,
        newPaymentId: () => newId('pay'),
        earnRules: config.loyalty.earnRules,
        captureKey: (orderId) => stepKey(workflowIds.checkout(orderId), 'capture'),
        savedMethods: context.get(TOKENS.checkoutSavedMethods),
      });
    })
    .inSingletonScope();
  bind(TOKENS.checkoutActivities)
    .toDynamicValue((context) => createCheckoutActivities(context.get(TOKENS.checkoutSteps)))
    .inSingletonScope();
  bind(TOKENS.refunds)
    .toDynamicValue((context) =>
      makeRefunds({ store: context.get(TOKENS.checkoutStore), gateways: context.get(TOKENS.paymentGateways), clock: context.get(TOKENS.clock), newRefundId: () => newId('ref') }),
    )
    .inSingletonScope();
  bind(TOKENS.refundActivities)
    .toDynamicValue((context) => createRefundActivities(context.get(TOKENS.refunds)))
    .inSingletonScope();
  bind(TOKENS.workerActivities)
    .toDynamicValue((context) => ({
      ...context.get(TOKENS.checkoutActivities),
      ...context.get(TOKENS.refundActivities),
      ...context.get(TOKENS.topUpActivities),
      ...context.get(TOKENS.latePaymentActivities),
    }))
    .inSingletonScope();
  bind(TOKENS.refundSagas)
    .toDynamicValue((context) => new TemporalRefundSagas(context.get(TOKENS.temporalClient), context.get(TOKENS.config).temporal.taskQueue))
    .inSingletonScope();
  bind(TOKENS.checkoutSagas)
    .toDynamicValue((context) => new TemporalCheckoutSagas(context.get(TOKENS.temporalClient), context.get(TOKENS.config).temporal.taskQueue))
    .inSingletonScope();
  bind(TOKENS.gatewaySwitches)
    .toDynamicValue((context) => new MikroOrmGatewaySwitches(context.get(TOKENS.orm)))
    .inSingletonScope();
  bind(TOKENS.webhookIntake)
    .toDynamicValue((context) =>
      makeWebhookIntake({
        verifierFor: (gateway) => context.get(TOKENS.gatewayRegistry).webhookVerifier(gateway),
        events: new MikroOrmGatewayEventLog(context.get(TOKENS.orm)),
        clock: context.get(TOKENS.clock),
        // An order's payment first, then a wallet top-up's.
        owners: [
          makeCheckoutCallbacks({ store: context.get(TOKENS.checkoutStore), sagas: context.get(TOKENS.checkoutSagas), latePayments: context.get(TOKENS.latePayments) }),
          context.get(TOKENS.topUps).callbacks,
        ],
      }),
    )
    .inSingletonScope();
  bind(TOKENS.catalogAdmin)
    .toDynamicValue((context) =>
      makeCatalogAdmin({ store: context.get(TOKENS.checkoutStore), clock: context.get(TOKENS.clock), currencies: context.get(TOKENS.config).currencies }),
    )
    .inSingletonScope();
  bind(TOKENS.storefront)
    .toDynamicValue((context) =>
      makeStorefront({
        store: context.get(TOKENS.checkoutStore),
        sagas: context.get(TOKENS.checkoutSagas),
        records: new MikroOrmStorefrontQueries(context.get(TOKENS.orm)),
        returnParsers: context.get(TOKENS.paymentReturnParsers),
        clock: context.get(TOKENS.clock),
        newOrderId: () => newId('ord'),
        returnWaitMs: checkoutTimeouts.returnWaitMs,
        returnBudget: returnBudget(context.get(TOKENS.config)),
        latePayments: context.get(TOKENS.latePayments),
        pricing: context.get(TOKENS.config).pricing,
        acceptedCurrencies,
        delivery: context.get(TOKENS.config).delivery,
        gatewayAvailable: async (gateway) => context.get(TOKENS.gatewayRegistry).has(gateway) && (await context.get(TOKENS.gatewaySwitches).isEnabled(gateway)),
        savedMethods: context.get(TOKENS.checkoutSavedMethods),
      }),
    )
    .inSingletonScope();
  bind(TOKENS.cart)
    .toDynamicValue((context) =>
      makeCart({
        store: context.get(TOKENS.checkoutStore),
        quote: context.get(TOKENS.storefront).quote,
        priceList: context.get(TOKENS.storefront).priceList,
        currencyOf: context.get(TOKENS.storefront).currencyOf,
      }),
    )
    .inSingletonScope();
});

// Wallet top-ups: their own saga, `wallet-top-up-<topUpId>`, verified in the checkouts' ledger.
const topUpModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.topUpSteps)
    .toDynamicValue((context) => {
      const config = context.get(TOKENS.config);
      return makeTopUpSteps({
        store: new MikroOrmTopUpStore(context.get(TOKENS.orm), notificationPolicy(context.get(TOKENS.config))),
        gateways: context.get(TOKENS.paymentGateways),
        clock: context.get(TOKENS.clock),
        returnUrl: (gateway) => `${config.http.publicBaseUrl}${topUpReturnPath(gateway)}`,
        websiteUrl: config.http.storefrontReturnUrl ?? config.http.publicBaseUrl,
        captureKey: (topUpId) => stepKey(workflowIds.topUp(topUpId), 'capture'),
      });
    })
    .inSingletonScope();
  bind(TOKENS.topUpActivities)
    .toDynamicValue((context) => createTopUpActivities(context.get(TOKENS.topUpSteps)))
    .inSingletonScope();
  bind(TOKENS.topUpSagas)
    .toDynamicValue((context) => new TemporalTopUpSagas(context.get(TOKENS.temporalClient), context.get(TOKENS.config).temporal.taskQueue))
    .inSingletonScope();
  bind(TOKENS.topUps)
    .toDynamicValue((context) =>
      makeTopUps({
        store: new MikroOrmTopUpStore(context.get(TOKENS.orm), notificationPolicy(context.get(TOKENS.config))),
        sagas: context.get(TOKENS.topUpSagas),
        returnParsers: context.get(TOKENS.paymentReturnParsers),
        clock: context.get(TOKENS.clock),
        newTopUpId: () => newId('top'),
        currency: context.get(TOKENS.config).currencies[0]!,
        currencies: context.get(TOKENS.config).currencies,
        acceptedCurrencies: acceptedCurrencies,
        returnWaitMs: checkoutTimeouts.returnWaitMs,
        returnBudget: returnBudget(context.get(TOKENS.config)),
        gatewayAvailable: async (gateway) => context.get(TOKENS.gatewayRegistry).has(gateway) && (await context.get(TOKENS.gatewaySwitches).isEnabled(gateway)),
        latePayments: context.get(TOKENS.latePayments),
      }),
    )
    .inSingletonScope();
});

// Late payments: money taken after its checkout or top-up gave up, each settled by a saga of its
// own (`late-payment-<gateway>-<gatewayPaymentId>`), and the reconciliation that finds them.
const latePaymentModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.latePaymentStore)
    .toDynamicValue((context) => new MikroOrmLatePaymentStore(context.get(TOKENS.orm)))
    .inSingletonScope();
  bind(TOKENS.latePaymentSteps)
    .toDynamicValue((context) =>
      makeLatePaymentSteps({ store: context.get(TOKENS.latePaymentStore), gateways: context.get(TOKENS.paymentGateways), clock: context.get(TOKENS.clock) }),
    )
    .inSingletonScope();
  bind(TOKENS.latePaymentActivities)
    .toDynamicValue((context) => createLatePaymentActivities(context.get(TOKENS.latePaymentSteps)))
    .inSingletonScope();
  bind(TOKENS.latePaymentSagas)
    .toDynamicValue((context) => new TemporalLatePaymentSagas(context.get(TOKENS.temporalClient), context.get(TOKENS.config).temporal.taskQueue))
    .inSingletonScope();
  bind(TOKENS.latePayments)
    .toDynamicValue((context) => makeLatePaymentIntake({ store: context.get(TOKENS.latePaymentStore), sagas: context.get(TOKENS.latePaymentSagas) }))
    .inSingletonScope();
});

// Orders: fulfilment after confirmation, over the checkout store's orders and fulfilment events.
const ordersModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.fulfilment)
    .toDynamicValue((context) => makeFulfilment({ store: context.get(TOKENS.checkoutStore), clock: context.get(TOKENS.clock) }))
    .inSingletonScope();
});

const httpModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.auth)
    .toDynamicValue((context) => {
      const { auth } = context.get(TOKENS.config);
      return makeJwtAuth({
        ...(auth.jwtSecret ? { secret: auth.jwtSecret } : {}),
        ...(auth.jwtOperatorSecret ? { operatorSecret: auth.jwtOperatorSecret } : {}),
        ...(auth.jwksUrl ? { jwksUrl: auth.jwksUrl } : {}),
        issuer: auth.issuer,
        audiences: auth.audiences,
        rolesClaim: auth.rolesClaim,
        maxLifetimeSeconds: auth.maxLifetimeSeconds,
      });
    })
    .inSingletonScope();
  bind(TOKENS.httpApp)
    .toDynamicValue((context) => {
      const config = context.get(TOKENS.config);
      const storefront = context.get(TOKENS.storefront);
      const auth = context.get(TOKENS.auth);
      const orm = context.get(TOKENS.orm);
      const client = context.get(TOKENS.temporalClient);
      const mail = context.get(TOKENS.caughtMail);
      const routers = [
        healthRoutes({
          database: async () => void (await orm.em.fork().execute('select 1')),
          temporal: async () => void (await client.workflowService.getSystemInfo({})),
        }),
        checkoutRoutes({ storefront, auth, idempotencyKeys: new MikroOrmIdempotencyKeys(orm) }),
        cartRoutes({ cart: context.get(TOKENS.cart), auth }),
        adminRoutes({
          auth,
          refunds: context.get(TOKENS.refunds),
          refundSagas: context.get(TOKENS.refundSagas),
          sagas: context.get(TOKENS.checkoutSagas),
          store: context.get(TOKENS.checkoutStore),
          switches: context.get(TOKENS.gatewaySwitches),
          gateways: config.enabledGateways,
          payments: new MikroOrmAdminPayments(orm),
          verificationFailures: new MikroOrmVerificationFailures(orm),
          idempotencyKeys: new MikroOrmIdempotencyKeys(orm),
          currencies: config.currencies,
          latePayments: context.get(TOKENS.latePaymentSteps),
          fulfilment: context.get(TOKENS.fulfilment),
          queries: new MikroOrmStorefrontQueries(orm),
          tiers: config.loyalty.tiers,
          notifications: context.get(TOKENS.notificationQueue),
          clock: context.get(TOKENS.clock),
        }),
        notificationSettingsRoutes({ auth, settings: context.get(TOKENS.notificationSettings) }),
        paymentMethodRoutes({ auth, savedMethods: context.get(TOKENS.savedMethods) }),
        accountRoutes({
          auth,
          storefront,
          queries: new MikroOrmStorefrontQueries(orm),
          store: context.get(TOKENS.checkoutStore),
          currencies: config.currencies,
          tiers: config.loyalty.tiers,
        }),
        webhookRoutes({ intake: context.get(TOKENS.webhookIntake), logger: context.get(TOKENS.logger) }),
        topUpRoutes({
          topUps: context.get(TOKENS.topUps),
          auth,
          idempotencyKeys: new MikroOrmIdempotencyKeys(orm),
          ...(config.http.storefrontReturnUrl ? { storefrontReturnUrl: config.http.storefrontReturnUrl } : {}),
        }),
        adminCatalogRoutes({ auth, idempotencyKeys: new MikroOrmIdempotencyKeys(orm), catalog: context.get(TOKENS.catalogAdmin) }),
        adminStockRoutes({ auth, lowStock: () => context.get(TOKENS.checkoutStore).read((repos) => repos.stock.lowStock()) }),
        paymentReturnRoutes({ storefront, ...(config.http.storefrontReturnUrl ? { storefrontReturnUrl: config.http.storefrontReturnUrl } : {}) }),
        codecRoutes({
          codec: new AesGcmPayloadCodec(config.temporal.payloadKeys),
          auth,
          ...(config.demo ? { demoUiOrigins: config.temporal.uiOrigins } : {}),
        }),
        ...(config.demo ? [devRoutes({ tokens: auth, newCustomerId: () => `cus_${randomUUID().slice(0, 8)}` })] : []),
        ...(config.demo && mail !== null ? [devMailRoutes({ mail })] : []),
      ];
      routers.push(context.get(TOKENS.metricsRouter));
      routers.push(openApiRoutes({ routers: () => routers }));
      if (config.http.storefrontDir !== undefined) {
        routers.push(
          storefrontPages({
            dir: config.http.storefrontDir,
            formTargets: config.enabledGateways.includes('esewa') ? [new URL(config.esewa.formUrl).origin] : [],
            ...(config.temporal.uiOrigins[0] === undefined ? {} : { temporalUi: { url: config.temporal.uiOrigins[0], namespace: config.temporal.namespace } }),
          }),
        );
      }
      return createHttpApp({
        logger: context.get(TOKENS.logger),
        routers,
        cors: config.cors,
        rateLimits: config.rateLimits,
        temporalUiOrigins: config.temporal.uiOrigins,
        observe: context.get(TOKENS.httpObserver),
      });
    })
    .inSingletonScope();
});

/** The composition root: the only place that knows every concrete class. */
export function buildContainer(resources: Resources): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(
    infrastructureModule(resources),
    paymentsModule,
    checkoutModule,
    ordersModule,
    topUpModule,
    latePaymentModule,
    notificationsModule,
    savedMethodsModule(newId),
    observabilityModule,
    httpModule,
  );
  return container;
}
