export type { Payment, PaymentStatus, PaymentVerification, VerificationFailure } from './domain/payment.js';
export type { PaymentRepository, PaymentVerificationLedger } from './ports/payment-repository.js';
export type {
  GatewayId,
  PaymentAction,
  PaymentCallback,
  PaymentGateway,
  PaymentGateways,
  PaymentStatusReport,
  InitiatedPayment,
  InitiatePaymentRequest,
  RefundReport,
  RefundRequest,
  RefundStatusQuery,
  RefundStatusReport,
  GatewayEvent,
  WebhookVerifier,
  ReturnParser,
} from './ports/payment-gateway.js';
export type { Refund, RefundDestination, RefundStatus } from './domain/refund.js';
export type { RefundRepository } from './ports/refund-repository.js';
export { GATEWAY_IDS, GatewayRejectedError } from './ports/payment-gateway.js';
export type { LatePaymentReport, LatePayments, LatePaymentIntakeOutcome } from './ports/late-payments.js';
export type { LatePaymentResolution, LatePaymentSource } from './domain/late-payment.js';
export { GAVE_UP_PAYMENT_STATUSES, LATE_PAYMENT_RESOLUTIONS } from './domain/late-payment.js';
export type { PaymentSubject, ExpectedPayment, OrderVerification, VerificationError } from './domain/payment.js';
export { bindVerification, isOpenPayment, isTakenPayment, paymentIn, subjectOf, verificationFor } from './domain/payment.js';
export type { EndedPayment, OpenPayment, TakenPayment } from './domain/payment.js';
export type {
  GatewayPaymentSteps,
  GatewayPaymentStepsDeps,
  SubjectPayment,
  SubjectPaymentRecords,
  SubjectPaymentStore,
  VerifiedPayment,
  PaymentVerificationResult,
} from './application/gateway-payment-steps.js';
export { makeGatewayPaymentSteps } from './application/gateway-payment-steps.js';
export type { PaymentCallbackHint, PaymentCallbackOwner, WebhookIntake, WebhookOutcome } from './application/webhooks.js';
export { makeWebhookIntake } from './application/webhooks.js';
export type { CallbackQuery, PaymentReturnParsers } from './ports/payment-callbacks.js';
export { decidePayment, type PaymentCommand } from './domain/payment-lifecycle.js';
export { decideRefund, settleRefund, type RefundError, type RefundLeg, type RefundOutcome } from './domain/refund.js';
export type { RefundAttention, RefundDecision, RefundDecisionAction } from './ports/refund-repository.js';
export { requireAcceptedCurrency, takesCurrency, type AcceptedCurrencies } from './domain/gateway-currency.js';
export type { PaidWith, SavedMethod, SavedMethodError } from './domain/saved-method.js';
export { KNOWN_BRANDS, checkedMethodDetails, checkedPaidWith, findCardNumbers, refuseCardNumbers } from './domain/saved-method.js';
export type { SavedMethodDetails, SavedMethodGateway } from './ports/payment-gateway.js';
export type { SavedMethodRepository } from './ports/saved-methods.js';
export type { SavedMethods, SavedMethodsDeps, SavedMethodsError } from './application/saved-methods.js';
export { makeSavedMethods } from './application/saved-methods.js';
