/**
 * The user registry: bearer tokens → users. Only SHA-256 hashes of tokens are kept.
 *
 * Production: AUTH_USERS_FILE names a JSON file `[{ id, name, roles, queues, tokenSha256 }]`
 * (hash a token with `npm run users:hash -- <token>`). The embedded default, without that file,
 * has a few demo users whose tokens are derived from a secret in DATA_DIR, so `npm start` can
 * print them at every start without storing any token.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ROLES, type User } from '../domain/identity';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class UserRegistry {
  private readonly byHash = new Map<string, User>();

  constructor(entries: Array<User & { tokenSha256: string }>) {
    for (const { tokenSha256, ...user } of entries) this.byHash.set(tokenSha256, user);
  }

  /** The user a bearer token belongs to, or undefined. */
  authenticate(token: string): User | undefined {
    return this.byHash.get(hashToken(token));
  }

  /** Every user once (by id), e.g. to know who works which queue. */
  list(): User[] {
    return [...new Map([...this.byHash.values()].map((user) => [user.id, user])).values()];
  }
}

const UsersFileSchema = z.array(
  z.strictObject({
    id: z.string().min(1),
    name: z.string().min(1),
    roles: z.array(z.enum(ROLES)).min(1),
    queues: z.array(z.string().min(1)).default([]),
    tokenSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256 of the token'),
  }),
);

/** Reads AUTH_USERS_FILE; throws naming the file and the bad entry. */
export function loadUsersFile(file: string): UserRegistry {
  const parsed = UsersFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`AUTH_USERS_FILE ${file}: entry ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return new UserRegistry(parsed.data);
}

/** The embedded default's demo users (one per role, with the queues of the pilot). */
export const DEMO_USERS: User[] = [
  { id: 'agent.anna', name: 'Anna Agentin (KSC)', roles: ['agent'], queues: ['ksc'] },
  { id: 'agent.karl', name: 'Karl Agent (KSC, Social Media)', roles: ['agent'], queues: ['ksc', 'social-media'] },
  { id: 'berater.ben', name: 'Ben Berater (Direktberatung)', roles: ['backoffice'], queues: ['direktberatung'] },
  { id: 'backoffice.bea', name: 'Bea Sachbearbeitung', roles: ['backoffice'], queues: ['backoffice', 'filiale-F-01'] },
  { id: 'supervisor.sven', name: 'Sven Supervisor', roles: ['supervisor'], queues: ['supervisor', 'direktberatung', 'backoffice'] },
  { id: 'owner.olga', name: 'Olga Vertriebsmanagement', roles: ['process-owner'], queues: [] },
  { id: 'auditor.aylin', name: 'Aylin Revision', roles: ['auditor'], queues: [] },
];

/** Demo users with tokens derived from `secret`. Returns the registry and the tokens to print. */
export function demoUsers(secret: Buffer): { registry: UserRegistry; tokens: Array<{ user: User; token: string }> } {
  const tokens = DEMO_USERS.map((user) => ({
    user,
    token: `demo-${user.id}-${createHmac('sha256', secret).update(user.id).digest('base64url').slice(0, 24)}`,
  }));
  return { registry: new UserRegistry(tokens.map(({ user, token }) => ({ ...user, tokenSha256: hashToken(token) }))), tokens };
}

/** The secret demo tokens derive from, made once in `dataDir`. */
export function loadDemoSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, 'demo-users.secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

if (require.main === module) {
  const token = process.argv[2];
  if (!token) {
    console.error('usage: npm run users:hash -- <token>');
    process.exit(1);
  }
  console.log(hashToken(token));
}
