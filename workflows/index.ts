export { checkoutWorkflow } from './checkout/checkout.workflow.js';
