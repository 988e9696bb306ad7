/**
 * The entry point the worker bundles (WORKFLOWS_PATH): every workflow of `./index`, each module
 * loaded only when a workflow of its type is created.
 *
 * Why: the SDK gives every workflow fresh module state and then evaluates the bundle's entry for
 * it. With `./index` as the entry, every workflow evaluated every workflow module and, through
 * them, every domain module's zod schemas: about 8 ms of CPU per new workflow, 40 % of the
 * workflow thread's time while blocks were started at 8 clients (a --cpu-prof of
 * bench/engine-ceiling.ts's block start). The SDK looks a workflow up as a property of the entry
 * (`mod[workflowType]`), so a getter per type loads just the module that type needs.
 *
 * CommonJS on purpose (the one place here): ES module re-exports are evaluated eagerly, a
 * getter calling `require` is not. The module state is the workflow's own, so loading it on first
 * use changes nothing for replay (test/replay.test.ts bundles this entry).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading is the point of this file */
/* eslint-disable @typescript-eslint/consistent-type-imports -- an `import type` line would make the bundler's compiler mark the file an ES module (and refuse module.exports) */
/** The module of each workflow type; the mapped type makes a workflow added to `./index` fail to compile here until it is added. */
const MODULES: { readonly [Name in keyof typeof import('./index')]: () => unknown } = {
  contactBlockWorkflow: () => require('./contact-block.workflow'),
  callbackWorkflow: () => require('./callback.workflow'),
  consentCheckWorkflow: () => require('./consent-check.workflow'),
  consentWithdrawalWorkflow: () => require('./consent-withdrawal.workflow'),
  repairWorkflow: () => require('./repair.workflow'),
  taskReconcilerWorkflow: () => require('./task-reconciler.workflow'),
  careCallWorkflow: () => require('./care-call.workflow'),
  appointmentWorkflow: () => require('./appointment.workflow'),
  contactDataUpdateWorkflow: () => require('./contact-data-update.workflow'),
  campaignRunWorkflow: () => require('./campaign-run.workflow'),
  campaignContactWorkflow: () => require('./campaign-contact.workflow'),
  chatRouterWorkflow: () => require('./chat-router.workflow'),
  conversationWorkflow: () => require('./conversation.workflow'),
  socialReactionWorkflow: () => require('./social-reaction.workflow'),
};

const workflows: Record<string, unknown> = {};
for (const [name, load] of Object.entries(MODULES)) {
  Object.defineProperty(workflows, name, { enumerable: true, get: () => (load() as Record<string, unknown>)[name] });
}
module.exports = workflows;
