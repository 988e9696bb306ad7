/**
 * Test users with known tokens, one per role (only hashes reach the registry, as in production).
 */
import type { Role } from '../../domain/identity';
import { hashToken, UserRegistry } from '../../platform/users';

export const TEST_USERS = {
  agent: { id: 'agent.test', name: 'Agent', roles: ['agent'] as Role[], queues: ['ksc'] },
  agent2: { id: 'agent2.test', name: 'Agentin', roles: ['agent'] as Role[], queues: ['ksc'] },
  /** An agent of the external service center (its queue, CHAT_EXTERNAL_QUEUE's default). */
  extern: { id: 'extern.test', name: 'Extern', roles: ['agent'] as Role[], queues: ['extern-ksc'] },
  berater: { id: 'berater.test', name: 'Berater', roles: ['backoffice'] as Role[], queues: ['direktberatung'] },
  berater2: { id: 'berater2.test', name: 'Beraterin', roles: ['backoffice'] as Role[], queues: ['direktberatung'] },
  backoffice: { id: 'backoffice.test', name: 'Backoffice', roles: ['backoffice'] as Role[], queues: ['backoffice'] },
  supervisor: { id: 'supervisor.test', name: 'Supervisor', roles: ['supervisor'] as Role[], queues: ['supervisor', 'direktberatung', 'backoffice'] },
  owner: { id: 'owner.test', name: 'Owner', roles: ['process-owner'] as Role[], queues: [] },
  auditor: { id: 'auditor.test', name: 'Auditor', roles: ['auditor'] as Role[], queues: [] },
};
export type TestUser = keyof typeof TEST_USERS;

export const tokenOf = (user: TestUser) => `token-${user}`;
/** `{ Authorization: 'Bearer …' }` for supertest's `.set()`. */
export const as = (user: TestUser) => ({ Authorization: `Bearer ${tokenOf(user)}` });

export const testUserRegistry = new UserRegistry(
  (Object.keys(TEST_USERS) as TestUser[]).map((key) => ({ ...TEST_USERS[key], tokenSha256: hashToken(tokenOf(key)) })),
);
