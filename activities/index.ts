/**
 * Every activity the Drehscheibe worker runs, built from injected ports.
 */
import { createCallbackActivities, type CallbackActivityDeps } from './callback.activities';
import { createContactBlockActivities, type ContactBlockActivityDeps } from './contact-block.activities';
import { createEmailActivities } from './email.activities';
import type { TaskStore } from './ports';
import { createTaskActivities } from './task.activities';

export type ActivityDeps = ContactBlockActivityDeps & CallbackActivityDeps & { tasks: TaskStore };

export function createActivities(deps: ActivityDeps) {
  return {
    ...createContactBlockActivities(deps),
    ...createTaskActivities(deps),
    ...createEmailActivities(deps),
    ...createCallbackActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
