import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoUsers, hashToken, loadDemoSecret, loadUsersFile } from '../platform/users';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'drehscheibe-users-'));

test('a users file maps token hashes to users; tokens themselves are never stored', () => {
  const file = path.join(tmp(), 'users.json');
  writeFileSync(file, JSON.stringify([{ id: 'a.b', name: 'A B', roles: ['agent'], queues: ['ksc'], tokenSha256: hashToken('s3cret') }]));
  const registry = loadUsersFile(file);
  expect(registry.authenticate('s3cret')).toEqual({ id: 'a.b', name: 'A B', roles: ['agent'], queues: ['ksc'] });
  expect(registry.authenticate('other')).toBeUndefined();
});

test('a bad users file names the entry and the field', () => {
  const file = path.join(tmp(), 'users.json');
  writeFileSync(file, JSON.stringify([{ id: 'a', name: 'A', roles: ['janitor'], tokenSha256: hashToken('x') }]));
  expect(() => loadUsersFile(file)).toThrow(/entry 0\.roles\.0/);
});

test('demo tokens are stable for one data folder and differ between folders', () => {
  const dir = tmp();
  const first = demoUsers(loadDemoSecret(dir));
  const again = demoUsers(loadDemoSecret(dir));
  const elsewhere = demoUsers(loadDemoSecret(tmp()));
  expect(again.tokens.map((t) => t.token)).toEqual(first.tokens.map((t) => t.token));
  expect(elsewhere.tokens[0]?.token).not.toBe(first.tokens[0]?.token);
  for (const { user, token } of first.tokens) expect(first.registry.authenticate(token)?.id).toBe(user.id);
});
