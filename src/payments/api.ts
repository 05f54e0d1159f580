export type { Payment, PaymentStatus, PaymentVerification } from './domain/payment.js';
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
} from './ports/payment-gateway.js';
export { GATEWAY_IDS, GatewayRejectedError } from './ports/payment-gateway.js';
