/**
 * Every activity the Drehscheibe worker runs, built from injected ports.
 */
import { createContactBlockActivities, type ContactBlockActivityDeps } from './contact-block.activities';

export type ActivityDeps = ContactBlockActivityDeps;

export function createActivities(deps: ActivityDeps) {
  return {
    ...createContactBlockActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
