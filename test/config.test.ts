import { DEFAULT_CANCELLATION_REASONS } from '../domain/care-call';
import { isCallingTime } from '../domain/calling-hours';
import { appointmentPolicyOf, campaignRunSettingsOf, careCallPolicyOf, loadConfig, socialSettingsOf } from '../platform/config';
import { DEFAULT_ESCALATION_CHAIN } from '../domain/social-reaction';

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
  [{ TEMPORAL_ADDRESS: 'temporal:7233' }, 'WHATSAPP_API_URL'],
  [{ TEMPORAL_ADDRESS: 'temporal:7233' }, 'WHATSAPP_APP_SECRET'],
  [{ CHAT_AGENT_CAP: '9' }, 'CHAT_AGENT_CAP'],
  [{ CHAT_SERVICE_HOURS: 'mon-fri 18:00-08:00' }, 'CHAT_SERVICE_HOURS'],
  [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
  [{ CALLBACK_MAILBOX: 'not-an-address' }, 'CALLBACK_MAILBOX'],
  [{ CALLBACK_SLA_MINUTES: '0' }, 'CALLBACK_SLA_MINUTES'],
  [{ PAYLOAD_ENCRYPTION_KEY: 'c2hvcnQ=' }, 'PAYLOAD_ENCRYPTION_KEY'],
  [{ BLOCK_MAX_MONTHS: '0' }, 'BLOCK_MAX_MONTHS'],
  [{ TEMPORAL_ADDRESS: 'temporal:7233' }, 'SOCIAL_MEDIA_API_URL'],
  [{ TEMPORAL_ADDRESS: 'temporal:7233' }, 'SMS_API_URL'],
  [{ TEMPORAL_ADDRESS: 'temporal:7233' }, 'SOCIAL_WEBHOOK_SECRET'],
  [{ SOCIAL_WEBHOOK_SECRET: 'short' }, 'SOCIAL_WEBHOOK_SECRET'],
  [{ SOCIAL_ESCALATION_CHAIN: 'Team|team@bank.example||sms|30' }, 'SOCIAL_ESCALATION_CHAIN'],
  [{ SOCIAL_ESCALATION_CHAIN: 'Team|not-an-address||mail|30' }, 'SOCIAL_ESCALATION_CHAIN'],
  [{ SOCIAL_ESCALATION_CHAIN: 'Team|team@bank.example||mail|0' }, 'SOCIAL_ESCALATION_CHAIN'],
  [{ SOCIAL_EXTERNAL_SERVICES: 'plumber=x@bank.example' }, 'SOCIAL_EXTERNAL_SERVICES'],
])('a bad value stops the start and names the variable: %j', (env, variable) => {
  expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration:[\\s\\S]*${variable}`));
});

test('every bad variable is named at once', () => {
  expect(() => loadConfig({ PORT: 'x', BLOCK_MAX_MONTHS: '-1' })).toThrow(/PORT[\s\S]*BLOCK_MAX_MONTHS/);
});

test('a cluster with a key is accepted', () => {
  const whatsapp = { WHATSAPP_API_URL: 'https://graph.facebook.com', WHATSAPP_APP_SECRET: 'the-banks-own-app-secret', WHATSAPP_VERIFY_TOKEN: 'the-banks-own-token', WHATSAPP_ACCESS_TOKEN: 'the-banks-own-access-token' };
  const social = { SOCIAL_MEDIA_API_URL: 'https://social-gateway.bank.internal', SMS_API_URL: 'https://sms.bank.internal', SOCIAL_WEBHOOK_SECRET: 'the-banks-own-social-secret', SOCIAL_MEDIA_ACCESS_TOKEN: 'the-banks-own-social-token', SMS_ACCESS_TOKEN: 'the-banks-own-sms-token' };
  const key = Buffer.alloc(32, 7).toString('base64');
  expect(loadConfig({ TEMPORAL_ADDRESS: 'temporal.bank.internal:7233', PAYLOAD_ENCRYPTION_KEY: key, AUTH_USERS_FILE: '/etc/drehscheibe/users.json', CORE_BANKING_URL: 'https://core.bank.internal', TELEPHONY_URL: 'https://cti.bank.internal', SMTP_URL: 'smtp://mail.bank.internal:587', ...whatsapp, ...social })).toMatchObject({
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

test('the care call: eight weeks, three attempts, consent needed by default; the switches and the wait per product', () => {
  expect(careCallPolicyOf(loadConfig({}))).toMatchObject({ queue: 'ksc', delayDaysByProduct: {}, maxAttempts: 3, needsAdvertisingConsent: true });
  expect(careCallPolicyOf(loadConfig({})).delayMinutes).toBeUndefined();
  const configured = careCallPolicyOf(loadConfig({ CARE_NEEDS_ADVERTISING_CONSENT: 'false', CARE_CALL_DELAY_DAYS: 'mortgage=84, securities-account=42', CARE_CALL_DELAY_MINUTES: '2' }));
  expect(configured).toMatchObject({ needsAdvertisingConsent: false, delayDaysByProduct: { mortgage: 84, 'securities-account': 42 }, delayMinutes: 2 });
});

test.each([
  [{ CARE_NEEDS_ADVERTISING_CONSENT: 'maybe' }, 'CARE_NEEDS_ADVERTISING_CONSENT'],
  [{ CARE_CALL_DELAY_DAYS: 'yacht=10' }, 'CARE_CALL_DELAY_DAYS'],
  [{ CARE_CALL_DELAY_DAYS: 'mortgage=0' }, 'CARE_CALL_DELAY_DAYS'],
  [{ CARE_CALL_DELAY_MINUTES: '0' }, 'CARE_CALL_DELAY_MINUTES'],
  [{ CARE_CALL_MAX_ATTEMPTS: '11' }, 'CARE_CALL_MAX_ATTEMPTS'],
])('a bad care-call value stops the start and names the variable: %j', (env, variable) => {
  expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration:[\\s\\S]*${variable}`));
});

test('the care call\'s cancellation reasons: today\'s list with its German labels by default; a configured list replaces it', () => {
  expect(careCallPolicyOf(loadConfig({})).cancellationReasons).toEqual([
    { code: 'price', title: 'Preis oder Gebühren' },
    { code: 'service', title: 'Unzufrieden mit dem Service' },
    { code: 'better-offer', title: 'Besseres Angebot anderswo' },
    { code: 'no-longer-needed', title: 'Wird nicht mehr gebraucht' },
    { code: 'moving', title: 'Umzug' },
    { code: 'other', title: 'Anderer Grund' },
  ]);
  expect(careCallPolicyOf(loadConfig({})).cancellationReasons).toEqual(DEFAULT_CANCELLATION_REASONS);
  // Spaces around entries, codes and labels are trimmed; a trailing `;` is fine; a label may hold `=`.
  const configured = careCallPolicyOf(loadConfig({ CARE_CANCELLATION_REASONS: ' zu-teuer = Zu teuer (Gebühren);filiale-zu=Filiale geschlossen; tarif-2=Tarif = alt ;' }));
  expect(configured.cancellationReasons).toEqual([
    { code: 'zu-teuer', title: 'Zu teuer (Gebühren)' },
    { code: 'filiale-zu', title: 'Filiale geschlossen' },
    { code: 'tarif-2', title: 'Tarif = alt' },
  ]);
  expect(careCallPolicyOf(loadConfig({ CARE_CANCELLATION_REASONS: 'umzug=Umzug' })).cancellationReasons).toEqual([{ code: 'umzug', title: 'Umzug' }]);
});

test.each([
  ['Preis', 'is not code=label'],
  ['Preis=Preis', 'lowercase letters, digits or dashes'],
  ['preis_hoch=Preis', 'lowercase letters, digits or dashes'],
  ['=Preis', 'lowercase letters, digits or dashes'],
  ['preis=', 'label must not be empty'],
  ['preis=   ', 'label must not be empty'],
  [`preis=${'x'.repeat(61)}`, 'at most 60 characters'],
  ['preis=Preis\u0007', 'control characters'],
  ['preis=Preis;umzug=Umzug;preis=Gebühren', 'code preis is given twice'],
  [Array.from({ length: 21 }, (_, i) => `grund-${i}=Grund ${i}`).join(';'), 'at most 20 reasons'],
  [';;', 'at least one reason'],
])('a bad list of cancellation reasons stops the start and names CARE_CANCELLATION_REASONS: %j', (value, problem) => {
  expect(() => loadConfig({ CARE_CANCELLATION_REASONS: value })).toThrow(new RegExp(`^Invalid configuration:\\n  CARE_CANCELLATION_REASONS: .*${problem.replace(/[()]/g, '\\$&')}`));
});

test('appointments: an hour with a quarter hour of buffer, a reminder a day before, the branch queues; configurable', () => {
  expect(appointmentPolicyOf(loadConfig({}))).toMatchObject({ lengthMinutes: 60, bufferMinutes: 15, reminderHours: 24, branchQueuePrefix: 'filiale-', followUpQueue: 'ksc', followUpWorkingMinutes: 480, leadMinutes: 60, stepMinutes: 30 });
  const configured = appointmentPolicyOf(loadConfig({ APPOINTMENT_LENGTH_MINUTES: '45', APPOINTMENT_BUFFER_MINUTES: '0', APPOINTMENT_REMINDER_HOURS: '0', APPOINTMENT_FOLLOW_UP_WORKING_MINUTES: '960', APPOINTMENT_LEAD_MINUTES: '0', APPOINTMENT_STEP_MINUTES: '15' }));
  expect(configured).toMatchObject({ lengthMinutes: 45, bufferMinutes: 0, reminderHours: 0, followUpWorkingMinutes: 960, leadMinutes: 0, stepMinutes: 15 });
});

test.each([
  [{ APPOINTMENT_LENGTH_MINUTES: '10' }, 'APPOINTMENT_LENGTH_MINUTES'],
  [{ APPOINTMENT_BUFFER_MINUTES: '-5' }, 'APPOINTMENT_BUFFER_MINUTES'],
  [{ APPOINTMENT_REMINDER_HOURS: 'tomorrow' }, 'APPOINTMENT_REMINDER_HOURS'],
  [{ APPOINTMENT_BRANCH_QUEUE_PREFIX: 'Filiale ' }, 'APPOINTMENT_BRANCH_QUEUE_PREFIX'],
  [{ APPOINTMENT_FOLLOW_UP_WORKING_MINUTES: '0' }, 'APPOINTMENT_FOLLOW_UP_WORKING_MINUTES'],
  [{ APPOINTMENT_LEAD_MINUTES: '-1' }, 'APPOINTMENT_LEAD_MINUTES'],
  [{ APPOINTMENT_STEP_MINUTES: '1' }, 'APPOINTMENT_STEP_MINUTES'],
])('a bad appointment value stops the start and names the variable: %j', (env, variable) => {
  expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration:[\\s\\S]*${variable}`));
});

test("campaign runs call in the contact policy's hours unless configured; a configured week reads like people write it", () => {
  expect(campaignRunSettingsOf(loadConfig({})).callingHours).toBeUndefined();
  const hours = campaignRunSettingsOf(loadConfig({ CAMPAIGN_CALLING_HOURS: 'mon-fri 09:00-12:00 13:00-18:00; sat 10:00-13:00' })).callingHours!;
  expect(hours.windows).toEqual({
    mon: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
    tue: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
    wed: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
    thu: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
    fri: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
    sat: [{ start: '10:00', end: '13:00' }],
    sun: [],
  });
  // Thursday 26 November 2026 12:30 in Berlin: the lunch break.
  expect(isCallingTime(new Date('2026-11-26T11:30:00Z'), hours)).toBe(false);
  expect(isCallingTime(new Date('2026-11-26T12:30:00Z'), hours)).toBe(true);
  const allWeek = campaignRunSettingsOf(loadConfig({ CAMPAIGN_CALLING_HOURS: 'mon-sun 00:00-24:00' })).callingHours!;
  expect(Object.values(allWeek.windows).every((windows) => windows.length === 1)).toBe(true);
});

test.each([
  ['', /names no days/],
  ['werktags 08:00-20:00', /does not start with a day/],
  ['fri-mon 08:00-20:00', /runs backwards/],
  ['mon-fri', /names no window/],
  ['mon-fri 8-20', /is not a window/],
  ['mon-fri 20:00-08:00', /must be before end/],
  ['mon 08:00-25:00', /is not a time/],
])('bad calling hours stop the start and name the variable: %j', (spec, detail) => {
  expect(() => loadConfig({ CAMPAIGN_CALLING_HOURS: spec || ' ' })).toThrow(/^Invalid configuration:[\s\S]*CAMPAIGN_CALLING_HOURS/);
  expect(() => loadConfig({ CAMPAIGN_CALLING_HOURS: spec || ' ' })).toThrow(detail);
});

test('the social-media settings: the default chain and contact list, and a configured chain level by level', () => {
  const defaults = socialSettingsOf(loadConfig({}));
  expect(defaults.queue).toBe('social-media');
  expect(defaults.escalationChain.map((level) => [level.contact, level.channels, level.ackWithinMinutes])).toEqual(DEFAULT_ESCALATION_CHAIN.map((level) => [level.contact, level.channels, level.ackWithinMinutes]));
  expect(Object.keys(defaults.externalServices).sort()).toEqual(['cash-transport', 'cleaning', 'facility', 'maintenance', 'security']);
  const configured = socialSettingsOf(loadConfig({ SOCIAL_ESCALATION_CHAIN: 'Team|team@bank.example||mail|15; Leitung|a@bank.example,b@bank.example|+491701234567|mail+sms|45', SOCIAL_EXTERNAL_SERVICES: 'maintenance=wartung@dienst.example' }));
  expect(configured.escalationChain).toEqual([
    { contact: 'Team', channels: ['mail'], ackWithinMinutes: 15, email: ['team@bank.example'] },
    { contact: 'Leitung', channels: ['mail', 'sms'], ackWithinMinutes: 45, email: ['a@bank.example', 'b@bank.example'], phone: '+491701234567' },
  ]);
  expect(configured.externalServices).toEqual({ maintenance: ['wartung@dienst.example'] });
});
