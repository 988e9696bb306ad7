/** Every workflow the Drehscheibe worker runs. */
export { contactBlockWorkflow } from './contact-block.workflow';
export { callbackWorkflow } from './callback.workflow';
