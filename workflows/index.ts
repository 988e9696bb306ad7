/** Every workflow the Drehscheibe worker runs. */
export { contactBlockWorkflow } from './contact-block.workflow';
export { callbackWorkflow } from './callback.workflow';
export { consentCheckWorkflow } from './consent-check.workflow';
export { consentWithdrawalWorkflow } from './consent-withdrawal.workflow';
export { repairWorkflow } from './repair.workflow';
export { taskReconcilerWorkflow } from './task-reconciler.workflow';
export { careCallWorkflow } from './care-call.workflow';
export { appointmentWorkflow } from './appointment.workflow';
export { contactDataUpdateWorkflow } from './contact-data-update.workflow';
export { campaignRunWorkflow } from './campaign-run.workflow';
export { campaignContactWorkflow } from './campaign-contact.workflow';
export { chatRouterWorkflow } from './chat-router.workflow';
export { conversationWorkflow } from './conversation.workflow';
export { socialReactionWorkflow } from './social-reaction.workflow';
