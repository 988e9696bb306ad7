/**
 * Social-media reaction cases on Temporal's time-skipping server (issue 13, section 3), with a
 * real database, the local SMTP catcher and the social-media and SMS gateway simulators behind
 * their HTTP adapters: each reaction type with its actions and its reaction time (the task
 * escalates to the supervisors when the time passes, around the clock); a reputation risk
 * preserved as evidence (the hash matches time and text) and escalated level by level by email
 * and SMS until acknowledged, or until the chain runs out (a repair task and an alert); the
 * agent changing the type; a cancel leaving no open task. Time is advanced with env.sleep.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { TaskUseCases } from '../api/tasks.use-cases';
import type { User } from '../domain/identity';
import { RepairCodes, repairWorkflowId } from '../domain/repair';
import { socialCaseId, type SocialCaseSettings, type SocialCaseState, type SocialPost } from '../domain/social-case';
import { SOCIAL_REACTIONS, SOCIAL_REPLY_TEXTS, type PostType } from '../domain/social-reaction';
import type { TaskBoardSettings, TaskRecord } from '../domain/task';
import { startSocialCase } from '../workflows/social-reaction.client';
import { acknowledgeSocialCaseUpdate, socialCaseStateQuery } from '../workflows/social-reaction.messages';
import { eventually } from './support/eventually';
import { startTestSystem, type TestSystem } from './support/system';
import { createTimeSkippingEnv } from './support/temporal';
import { startWorker, type RunningWorker } from './support/worker';

const MINUTE = 60_000;
const taskSettings: TaskBoardSettings = { escalationQueue: 'supervisor', escalationEmail: ['ksc-leitung@bank.example'], reminderEmail: [], appBaseUrl: 'http://drehscheibe.test' };
const settings: SocialCaseSettings = {
  queue: 'social-media',
  productLink: 'https://www.sparkasse.example/girokonto',
  externalServices: { maintenance: ['wartung@dienst.example'], 'cash-transport': ['werttransport@dienst.example'] },
  escalationChain: [
    { contact: 'Social-Media-Team', channels: ['mail'], ackWithinMinutes: 30, email: ['social-media@bank.example'] },
    { contact: 'Eskalationsstelle', channels: ['mail', 'sms'], ackWithinMinutes: 30, email: ['eskalation@bank.example'], phone: '+4951210000001' },
    { contact: 'Vorstandsstab', channels: ['mail', 'sms', 'call'], ackWithinMinutes: 60, email: ['vorstand@bank.example'], phone: '+4951210000002' },
  ],
};
const team: User = { id: 'social.test', name: 'Social Media', roles: ['agent'], queues: ['social-media'] };
const supervisor: User = { id: 'supervisor.test', name: 'Supervisor', roles: ['supervisor'], queues: ['supervisor'] };

let env: TestWorkflowEnvironment;
let system: TestSystem;
let worker: RunningWorker;
let tasks: TaskUseCases;
const taskQueue = `social-${randomUUID()}`;

beforeAll(async () => {
  [env, system] = await Promise.all([createTimeSkippingEnv(), startTestSystem()]);
  worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue));
  tasks = new TaskUseCases({ temporal: env.client, tasks: system.tasks });
});

afterAll(async () => {
  await worker?.stop();
  await system?.close();
  await env?.teardown();
});

async function post(text: string, extra: Partial<SocialPost> = {}) {
  const postedAt = new Date(await env.currentTimeMs()).toISOString();
  const entry: SocialPost = { network: 'facebook', postId: `p_${randomUUID().slice(0, 12)}`, kind: 'comment', author: { handle: 'erika.m', name: 'Erika Mustermann' }, text, postedAt, ...extra };
  const { caseId } = await startSocialCase(env.client, taskQueue, { post: entry, receivedAt: new Date(postedAt), settings, tasks: taskSettings });
  const task = await eventually(() => system.tasks.get(`${caseId}~reaction`), (found): found is TaskRecord => found !== undefined, 'the reaction task');
  return { caseId, post: entry, task: task!, handle: env.client.workflow.getHandle(caseId) };
}
const stateOf = (caseId: string) => env.client.workflow.getHandle(caseId).query(socialCaseStateQuery);
const mailsAbout = (caseId: string) => system.smtp.messages().filter((mail) => mail.text?.includes(caseId));
const smsAbout = (caseId: string) => system.sms.control.messages().filter((sms) => sms.text.includes(caseId));
const repliesTo = (postId: string) => system.socialMedia.control.replies().filter((reply) => reply.postId === postId);
async function auditOf(caseId: string) {
  const rows = await system.db.client.auditEntry.findMany({ where: { objectId: caseId }, orderBy: { at: 'asc' } });
  return rows.map((row) => ({ action: row.action, actor: row.actor, detail: JSON.parse(row.detail ?? '{}') as Record<string, unknown> }));
}

const EXAMPLES: Array<[PostType, string]> = [
  ['lost-card', 'Hilfe, ich habe meine EC-Karte verloren!'],
  ['broken-atm', 'Der Geldautomat in der Hauptstraße ist seit zwei Tagen kaputt.'],
  ['product-question', 'Wo finde ich Infos zum Produkt Tagesgeld?'],
  ['reputation-risk', 'Ich wurde von der Sparkasse über den Tisch gezogen.'],
  ['unclassified', 'Schönes Foto vom Sommerfest!'],
];

test.each(EXAMPLES)('a %s post: classified, a task due at its reaction time around the clock, escalated to the supervisors when it passes', async (type, text) => {
  const { caseId, post: entry, task, handle } = await post(text);
  const minutes = SOCIAL_REACTIONS[type].reactionMinutes;
  expect(task).toMatchObject({ type: 'social-reaction', queue: 'social-media', status: 'open', context: expect.objectContaining({ caseId, type }) as unknown });
  expect(Date.parse(task.dueAt)).toBe(Date.parse(entry.postedAt) + minutes * MINUTE);
  // No post text and no author in the task row.
  expect(JSON.stringify(task)).not.toContain('Mustermann');
  expect(JSON.stringify(task)).not.toContain(text);
  expect((await stateOf(caseId)).type).toBe(type);

  await env.sleep((minutes - 1) * MINUTE);
  expect((await system.tasks.get(task.id))?.status).toBe('open');
  await env.sleep(2 * MINUTE);
  const escalated = await eventually(() => system.tasks.get(task.id), (found) => found?.status === 'escalated', 'the escalated task');
  expect(escalated).toMatchObject({ queue: 'supervisor' });
  const escalationMail = (mail: { subject: string | undefined; text: string | undefined }) => mail.subject === `Eskalation: ${task.title}` && mail.text?.includes(encodeURIComponent(task.id));
  const mails = await eventually(() => system.smtp.messages().filter(escalationMail), (found) => found.length === 1, 'the escalation email');
  expect(mails[0]?.to).toEqual(['ksc-leitung@bank.example']);

  // The supervisor still completes it; the case ends (a reputation risk once acknowledged).
  if (type === 'reputation-risk') await handle.executeUpdate(acknowledgeSocialCaseUpdate, { args: [{ by: supervisor.id }] });
  await tasks.complete(supervisor, task.id, { type: type === 'unclassified' ? 'no-reaction' : type });
  const done = await eventually(() => stateOf(caseId), (state) => state.status === 'done', 'the case done');
  expect(done.steps.map((step) => step.step)).toContain('done');
});

test('lost card: the public reply with the block hotline 116 116, once; every step audited without the text', async () => {
  const { caseId, post: entry, task } = await post('Mein Portemonnaie mit der Sparkassenkarte wurde gestohlen');
  const answer = await tasks.complete(team, task.id, { type: 'lost-card' });
  expect(answer.next).toContain('116 116');
  const done = await eventually(() => stateOf(caseId), (state) => state.status === 'done', 'the case done');
  expect(done.reply).toMatchObject({ text: SOCIAL_REPLY_TEXTS.lostCard, by: team.id });
  const replies = repliesTo(entry.postId);
  expect(replies).toHaveLength(1);
  expect(replies[0]).toMatchObject({ network: 'facebook', text: expect.stringContaining('116 116') as unknown, idempotencyKey: `${caseId}/reply` });
  const audit = await auditOf(caseId);
  expect(audit.map((row) => row.action)).toEqual(['social-case.received', 'social-case.classified', 'social-case.replied', 'social-case.done']);
  expect(JSON.stringify(audit)).not.toContain('gestohlen');
  expect(JSON.stringify(audit)).not.toContain('Mustermann');
});

test('broken ATM: the reply, and an email to each external service concerned from the configured list', async () => {
  const { caseId, post: entry, task } = await post('Der Geldautomat am Markt ist kaputt und leer, kein Geld!');
  expect(task.context.externalServices).toBe('maintenance,cash-transport');
  await tasks.complete(team, task.id, { type: 'broken-atm' });
  const done = await eventually(() => stateOf(caseId), (state) => state.status === 'done', 'the case done');
  expect(done.notified.map((notice) => notice.service)).toEqual(['maintenance', 'cash-transport']);
  expect(repliesTo(entry.postId).map((reply) => reply.text)).toEqual([SOCIAL_REPLY_TEXTS.brokenAtm]);
  const mails = mailsAbout(caseId);
  expect(mails.map((mail) => mail.to).sort()).toEqual([['wartung@dienst.example'], ['werttransport@dienst.example']]);
  expect(mails[0]?.subject).toMatch(/^Störungsmeldung aus Social Media/);
  // The service gets the fault, not the customer's words.
  expect(mails.some((mail) => mail.text?.includes('leer, kein Geld'))).toBe(false);
});

test('product question: the reply with the configured link; the agent may rewrite the reply', async () => {
  const first = await post('Wo finde ich Infos zum Girokonto?');
  await tasks.complete(team, first.task.id, { type: 'product-question' });
  await eventually(() => stateOf(first.caseId), (state) => state.status === 'done', 'the case done');
  expect(repliesTo(first.post.postId).map((reply) => reply.text)).toEqual([`Gern! Alle Informationen dazu finden Sie auf unserer Internetseite: ${settings.productLink}`]);

  const second = await post('Welche Zinsen gibt es beim Festgeld?');
  await tasks.complete(team, second.task.id, { type: 'product-question', reply: 'Die aktuellen Konditionen stehen hier: https://www.sparkasse.example/festgeld' });
  await eventually(() => stateOf(second.caseId), (state) => state.status === 'done', 'the case done');
  expect(repliesTo(second.post.postId).map((reply) => reply.text)).toEqual(['Die aktuellen Konditionen stehen hier: https://www.sparkasse.example/festgeld']);
});

test('an unclassified post the agent calls a broken ATM: the reply and the services the agent chose', async () => {
  const { caseId, post: entry, task } = await post('Bei euch in der Filiale Nord ist alles dunkel, die Tür geht nicht auf');
  expect(task.context.type).toBe('unclassified');
  await tasks.complete(team, task.id, { type: 'broken-atm', externalServices: ['maintenance'] });
  const done = await eventually(() => stateOf(caseId), (state) => state.status === 'done', 'the case done');
  expect(done).toMatchObject({ type: 'broken-atm', classified: { type: 'unclassified' } });
  expect(done.notified.map((notice) => notice.service)).toEqual(['maintenance']);
  expect(repliesTo(entry.postId)).toHaveLength(1);
  expect((await auditOf(caseId)).find((row) => row.action === 'social-case.classified')?.detail).toMatchObject({ rules: 'unclassified', agent: 'broken-atm', changed: true });
});

test('reputation risk: evidence at once (its hash matches time and text), escalated level by level by email and SMS, stopped by the acknowledgement', async () => {
  const text = 'Ich wurde von der Sparkasse über den Tisch gezogen. Abzocke!';
  const { caseId, post: entry, task, handle } = await post(text);
  const state = await eventually(() => stateOf(caseId), (found) => (found.escalation?.alerts.length ?? 0) >= 1, 'the first alert');
  const expected = createHash('sha256').update(`${entry.postedAt}\n${text}`, 'utf8').digest('hex');
  expect(state.evidence).toMatchObject({ content: text, postedAt: entry.postedAt, sha256: expected });
  expect(task.context.evidence).toBe(expected);
  const evidenceRow = (await auditOf(caseId)).find((row) => row.action === 'social-case.evidence-preserved');
  expect(evidenceRow).toMatchObject({ actor: 'system', detail: { sha256: expected, postedAt: entry.postedAt } });
  // No public answer without the escalation's word.
  expect(repliesTo(entry.postId)).toHaveLength(0);

  // Level 1: the social-media team by email only.
  await eventually(() => mailsAbout(caseId), (mails) => mails.length === 1, 'the level-1 email');
  expect(mailsAbout(caseId)[0]).toMatchObject({ to: ['social-media@bank.example'], subject: expect.stringContaining('Stufe 1') as unknown });
  expect(smsAbout(caseId)).toHaveLength(0);

  // Level 2 after 30 minutes unacknowledged: email and SMS.
  await env.sleep(31 * MINUTE);
  await eventually(() => smsAbout(caseId), (sms) => sms.length === 1, 'the level-2 SMS');
  expect(smsAbout(caseId)[0]).toMatchObject({ to: '+4951210000001' });
  expect(mailsAbout(caseId).map((mail) => mail.to[0])).toEqual(['social-media@bank.example', 'eskalation@bank.example']);

  // The case's task passed its reaction time meanwhile (30 minutes): it went to the supervisors.
  expect((await system.tasks.get(task.id))?.status).toBe('escalated');

  // Acknowledged by a supervisor: no level 3, however long it waits.
  const acknowledged = await handle.executeUpdate(acknowledgeSocialCaseUpdate, { args: [{ by: supervisor.id }] });
  expect(acknowledged.escalation).toMatchObject({ status: 'acknowledged', acknowledgedBy: supervisor.id });
  expect(acknowledged.escalation?.alerts.map((alert) => alert.level)).toEqual([1, 2]);
  await env.sleep(3 * 60 * MINUTE);
  expect(smsAbout(caseId)).toHaveLength(1);
  expect(mailsAbout(caseId)).toHaveLength(2);
  expect(system.alerts.raised.some((alert) => alert.workflowId === caseId)).toBe(false);

  await tasks.complete(supervisor, task.id, { type: 'reputation-risk' });
  const done = await eventually(() => stateOf(caseId), (found) => found.status === 'done', 'the case done');
  expect(done.escalation?.status).toBe('acknowledged');
  const actions = (await auditOf(caseId)).map((row) => row.action);
  expect(actions).toEqual(expect.arrayContaining(['social-case.received', 'social-case.evidence-preserved', 'social-case.escalated', 'social-case.acknowledged', 'social-case.done']));
  expect(actions.filter((action) => action === 'social-case.escalated')).toHaveLength(2);
});

test('reputation risk nobody acknowledges: every level alerted in turn, then the chain is exhausted: a repair task and an alert', async () => {
  const { caseId, task } = await post('Finger weg von dieser Sparkasse, reiner Betrug!');
  await eventually(() => mailsAbout(caseId), (mails) => mails.length === 1, 'the level-1 email');
  await env.sleep(31 * MINUTE);
  await eventually(() => smsAbout(caseId), (sms) => sms.length === 1, 'the level-2 SMS');
  await env.sleep(30 * MINUTE);
  await eventually(() => smsAbout(caseId), (sms) => sms.length === 2, 'the level-3 SMS');
  expect(smsAbout(caseId).map((sms) => sms.to)).toEqual(['+4951210000001', '+4951210000002']);
  expect(mailsAbout(caseId).map((mail) => mail.to)).toEqual([['social-media@bank.example'], ['eskalation@bank.example'], ['vorstand@bank.example']]);
  await env.sleep(61 * MINUTE);
  const exhausted = await eventually(() => stateOf(caseId), (state) => state.escalation?.status === 'exhausted', 'the exhausted chain');
  expect(exhausted.escalation?.alerts.map((alert) => [alert.level, alert.sent])).toEqual([
    [1, ['mail:social-media@bank.example']],
    [2, ['mail:eskalation@bank.example', 'sms:+4951210000001']],
    [3, ['mail:vorstand@bank.example', 'sms:+4951210000002', 'call:to-be-made']],
  ]);
  await eventually(() => system.alerts.raised, (raised) => raised.some((alert) => alert.code === RepairCodes.SocialEscalationExhausted && alert.workflowId === caseId), 'the alert');
  const repair = await eventually(() => system.tasks.get(`${repairWorkflowId(caseId, RepairCodes.SocialEscalationExhausted)}~repair`), (found) => found !== undefined, 'the repair task');
  expect(repair).toMatchObject({ queue: 'operations', context: expect.objectContaining({ code: 'SOCIAL_ESCALATION_EXHAUSTED', sourceWorkflowId: caseId }) as unknown });
  // A late acknowledgement is still recorded; the team's task still ends the case.
  await env.client.workflow.getHandle(caseId).executeUpdate(acknowledgeSocialCaseUpdate, { args: [{ by: supervisor.id }] });
  await tasks.complete(supervisor, task.id, { type: 'reputation-risk' });
  await eventually(() => stateOf(caseId), (state) => state.status === 'done', 'the case done');
});

test('a post the agent recognises as a reputation risk: evidence and escalation start then; an acknowledgement before any escalation is refused', async () => {
  const { caseId, task, handle } = await post('Wie kann ich bei euch ein Konto eröffnen?');
  await expect(handle.executeUpdate(acknowledgeSocialCaseUpdate, { args: [{ by: supervisor.id }] })).rejects.toThrow();
  await tasks.complete(team, task.id, { type: 'reputation-risk' });
  const state = await eventually(() => stateOf(caseId), (found) => found.status === 'waiting-for-acknowledgement' && (found.escalation?.alerts.length ?? 0) === 1, 'the escalation');
  expect(state.evidence?.sha256).toMatch(/^[0-9a-f]{64}$/);
  await handle.executeUpdate(acknowledgeSocialCaseUpdate, { args: [{ by: supervisor.id }] });
  await eventually(() => stateOf(caseId), (found) => found.status === 'done', 'the case done');
});

test('a cancelled case leaves no open task', async () => {
  const { caseId, task, handle } = await post('Wo finde ich Infos zur Kreditkarte?');
  await handle.cancel();
  await eventually(() => system.tasks.get(task.id), (found) => found?.status === 'cancelled', 'the cancelled task');
  const description = await eventually(() => handle.describe(), (found) => found.status.name !== 'RUNNING', 'the closed case');
  expect(description.status.name).toBe('CANCELLED');
  expect(socialCaseId('facebook', 'x')).toBe('social-case:facebook~x');
  expect(((await stateOf(caseId)) as SocialCaseState).status).toBe('cancelled');
});
