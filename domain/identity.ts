/**
 * Who calls the API: a user with roles and the task queues they work.
 */
export const ROLES = ['agent', 'backoffice', 'supervisor', 'process-owner', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  /** Display name, for task lists ("claimed by"). */
  name: string;
  roles: Role[];
  /** Task queues the user works, e.g. `direktberatung`, `backoffice`, `filiale-F-01`. */
  queues: string[];
}
