export { checkoutWorkflow } from './checkout/checkout.workflow.js';
export { refundWorkflow } from './refund/refund.workflow.js';
export { walletTopUpWorkflow } from './wallet-top-up/wallet-top-up.workflow.js';
