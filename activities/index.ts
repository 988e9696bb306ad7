/**
 * Every activity the Drehscheibe worker runs, built from injected ports.
 */
import { createAppointmentActivities, type AppointmentActivityDeps } from './appointment.activities';
import { createCallbackActivities, type CallbackActivityDeps } from './callback.activities';
import { createCampaignRunActivities, type CampaignRunActivityDeps } from './campaign-run.activities';
import { createChatActivities, type ChatActivityDeps } from './chat.activities';
import { createCareCallActivities } from './care-call.activities';
import { createConsentActivities } from './consent.activities';
import { createContactDataActivities } from './contact-data.activities';
import { createContactBlockActivities, type ContactBlockActivityDeps } from './contact-block.activities';
import { createEmailActivities } from './email.activities';
import type { ConsentEvidenceStore, ConsentScriptStore, TaskStore } from './ports';
import { createOperationsActivities, type OperationsActivityDeps } from './operations.activities';
import { createTaskActivities } from './task.activities';
import { createSocialActivities, type SocialActivityDeps } from './social.activities';

export type ActivityDeps = ContactBlockActivityDeps &
  CallbackActivityDeps &
  OperationsActivityDeps &
  AppointmentActivityDeps &
  CampaignRunActivityDeps &
  ChatActivityDeps &
  SocialActivityDeps & { tasks: TaskStore; evidence: ConsentEvidenceStore; scripts: ConsentScriptStore };

export function createActivities(deps: ActivityDeps) {
  return {
    ...createContactBlockActivities(deps),
    ...createTaskActivities(deps),
    ...createEmailActivities(deps),
    ...createCallbackActivities(deps),
    ...createConsentActivities(deps),
    ...createContactDataActivities(deps),
    ...createOperationsActivities(deps),
    ...createCareCallActivities(deps),
    ...createAppointmentActivities(deps),
    ...createCampaignRunActivities(deps),
    ...createChatActivities(deps),
    ...createSocialActivities(deps),
  };
}
