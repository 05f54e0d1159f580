export { checkoutWorkflow } from './checkout/checkout.workflow.js';
export { refundWorkflow } from './refund/refund.workflow.js';
