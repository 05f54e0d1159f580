export { checkoutWorkflow } from './checkout/checkout.workflow.js';
export { refundWorkflow } from './refund/refund.workflow.js';
export { walletTopUpWorkflow } from './wallet-top-up/wallet-top-up.workflow.js';
export { latePaymentWorkflow } from './late-payment/late-payment.workflow.js';
export { reconcileLatePaymentsWorkflow } from './reconciliation/reconcile-late-payments.workflow.js';
