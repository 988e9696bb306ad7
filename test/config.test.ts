import { loadConfig } from '../platform/config';

test('defaults give the embedded setup', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({
    PORT: 3000,
    DATABASE_URL: 'file:./.data/drehscheibe.db',
    TEMPORAL_NAMESPACE: 'default',
    BLOCK_MAX_MONTHS: 60,
  });
  // No cluster named: npm start runs the embedded dev server.
  expect(config.TEMPORAL_ADDRESS).toBeUndefined();
});

test.each([
  [{ PORT: 'abc' }, 'PORT'],
  [{ PORT: '70000' }, 'PORT'],
  [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
  [{ TEMPORAL_ADDRESS: 'temporal.bank.example' }, 'TEMPORAL_ADDRESS'],
  [{ TEMPORAL_ADDRESS: 'temporal:7233' }, 'PAYLOAD_ENCRYPTION_KEY'],
  [{ TEMPORAL_ADDRESS: 'temporal:7233' }, 'AUTH_USERS_FILE'],
  [{ TEMPORAL_ADDRESS: 'temporal:7233' }, 'CORE_BANKING_URL'],
  [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
  [{ CALLBACK_MAILBOX: 'not-an-address' }, 'CALLBACK_MAILBOX'],
  [{ CALLBACK_SLA_MINUTES: '0' }, 'CALLBACK_SLA_MINUTES'],
  [{ PAYLOAD_ENCRYPTION_KEY: 'c2hvcnQ=' }, 'PAYLOAD_ENCRYPTION_KEY'],
  [{ BLOCK_MAX_MONTHS: '0' }, 'BLOCK_MAX_MONTHS'],
])('a bad value stops the start and names the variable: %j', (env, variable) => {
  expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration:[\\s\\S]*${variable}`));
});

test('every bad variable is named at once', () => {
  expect(() => loadConfig({ PORT: 'x', BLOCK_MAX_MONTHS: '-1' })).toThrow(/PORT[\s\S]*BLOCK_MAX_MONTHS/);
});

test('a cluster with a key is accepted', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  expect(loadConfig({ TEMPORAL_ADDRESS: 'temporal.bank.internal:7233', PAYLOAD_ENCRYPTION_KEY: key, AUTH_USERS_FILE: '/etc/drehscheibe/users.json', CORE_BANKING_URL: 'https://core.bank.internal', TELEPHONY_URL: 'https://cti.bank.internal', SMTP_URL: 'smtp://mail.bank.internal:587' })).toMatchObject({
    TEMPORAL_ADDRESS: 'temporal.bank.internal:7233',
  });
});

test('an empty variable counts as not set', () => {
  expect(loadConfig({ TEMPORAL_ADDRESS: '', PORT: '' })).toMatchObject({ PORT: 3000 });
  expect(loadConfig({ TEMPORAL_ADDRESS: '' }).TEMPORAL_ADDRESS).toBeUndefined();
});

test('callback and task durations come from configuration', () => {
  const config = loadConfig({ CALLBACK_SLA_MINUTES: '30', CALLBACK_MAX_ATTEMPTS: '5', CALLBACK_MAILBOX: 'a@bank.example, b@bank.example' });
  expect(config).toMatchObject({ CALLBACK_SLA_MINUTES: 30, CALLBACK_MAX_ATTEMPTS: 5, CALLBACK_MAILBOX: ['a@bank.example', 'b@bank.example'] });
});
