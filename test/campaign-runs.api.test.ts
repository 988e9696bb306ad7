/**
 * Campaign runs over HTTP (issue 12) against the dev server, a real database and the simulator:
 * the launch answers 202 with the run (a second launch the same run, nothing started twice),
 * the progress fills as the selection reads the base, pause and resume answer the new status and
 * refuse what the state does not allow (409), cancel needs a reason, and only process owners
 * change runs.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CampaignDefinitionSchema } from '../domain/campaign';
import { PILOT_CATALOG } from '../domain/pilot-catalog';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { eventually } from './support/eventually';
import { as } from './support/users';

let api: ApiSystem;

beforeAll(async () => {
  api = await startApiSystem('campaign-runs');
});
afterAll(async () => {
  await api?.stop();
});

const upgrade = CampaignDefinitionSchema.parse(PILOT_CATALOG.find((entry) => entry.campaignId === 'pilot-10-kreditkarte-upgrade')!.definition);
async function publish(definition: object): Promise<string> {
  const campaignId = `lauf-${randomUUID().slice(0, 8)}`;
  await request(api.app).put(`/api/v1/campaigns/${campaignId}/draft`).set(as('owner')).send({ revision: 0, definition }).expect(201);
  await request(api.app).post(`/api/v1/campaigns/${campaignId}/publish`).set(as('owner')).set('Idempotency-Key', randomUUID()).send({}).expect(201);
  return campaignId;
}

test('launch once, read the progress, pause and resume, cancel with a reason', async () => {
  // A handful of customers (card holders of two branches): each contact is a process to end on the cancel.
  const campaignId = await publish({ ...upgrade, trigger: { kind: 'selection' }, criteria: { kind: 'all', rules: [{ kind: 'age', min: 18 }, { kind: 'branch', in: ['F-01', 'F-03'] }, { kind: 'owns', products: ['mastercard-classic'] }] } });
  // One card holder said "not interested" on the topic before the launch: Drehscheibe's block
  // excludes them at the selection, in the dry run as in the live run.
  const holder = api.system.coreBanking.population.customers.find(
    (c) =>
      ['F-01', 'F-03'].includes(c.profile.branchId) &&
      c.profile.birthDate < '2000-01-01' &&
      c.profile.contact.phone &&
      c.products.some((p) => p.product === 'mastercard-classic') &&
      c.consents.some((consent) => consent.channel === 'phone' && consent.granted),
  )!;
  await api.system.blocks.save({
    blockId: `test-${randomUUID()}`,
    workflowId: `contact-block:test-${randomUUID()}`,
    customerId: holder.profile.customerId,
    topic: upgrade.offer.topic,
    status: 'active',
    reason: 'Kunde: kein Interesse',
    startedAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 180 * 86_400_000).toISOString(),
    extensions: 0,
    version: 1,
  });
  const launched = await request(api.app).post(`/api/v1/campaigns/${campaignId}/versions/1/launch`).set(as('owner')).send({}).expect(202);
  const runId = launched.body.runId as string;
  expect(runId).toBe(`run-${campaignId}-v1`);
  expect(launched.headers.location).toBe(`/api/v1/campaign-runs/${runId}`);
  expect(launched.body).toMatchObject({ campaignId, version: 1, queue: 'ksc', launchedBy: 'owner.test' });
  const again = await request(api.app).post(`/api/v1/campaigns/${campaignId}/versions/1/launch`).set(as('owner')).send({}).expect(202);
  expect(again.body.runId).toBe(runId);
  expect((await request(api.app).get(`/api/v1/campaigns/${campaignId}/runs`).set(as('supervisor')).expect(200)).body.runs).toHaveLength(1);

  const size = api.system.coreBanking.population.customers.length;
  const progress = await eventually(
    async () => (await request(api.app).get(`/api/v1/campaign-runs/${runId}`).set(as('auditor')).expect(200)).body,
    (body) => body.selection.read === size && body.status !== 'selecting',
    'the selection',
    { attempts: 2400 },
  );
  expect(progress.selection.selected).toBeGreaterThan(0);
  expect(progress.selection.excluded).toContainEqual(expect.objectContaining({ key: 'blocked', count: 1 }));
  // The campaign's progress is its newest run's.
  const byCampaign = (await request(api.app).get(`/api/v1/campaigns/${campaignId}/progress`).set(as('supervisor')).expect(200)).body;
  expect(byCampaign).toMatchObject({ runId, campaignId, version: 1, selection: progress.selection });
  // The dry run selects as the live run does: the same customers, excluded for the same reasons.
  const dry = await request(api.app).post(`/api/v1/campaigns/${campaignId}/versions/1/dry-run`).set(as('owner')).send({ months: 1 }).expect(200);
  expect(dry.body.selected).toBe(progress.selection.selected);
  expect(dry.body.excluded.map(({ key, count }: { key: string; count: number }) => ({ key, count }))).toEqual(progress.selection.excluded.map(({ key, count }: { key: string; count: number }) => ({ key, count })));
  const counts = progress.counts;
  expect(counts.waiting + counts.released + counts.taskOpen + counts.reached + counts.notContactable + counts.stopped + counts.cancelled).toBe(progress.selection.selected);

  const paused = await request(api.app).post(`/api/v1/campaign-runs/${runId}/pause`).set(as('owner')).send({}).expect(200);
  expect(paused.body.status).toBe('paused');
  await request(api.app).post(`/api/v1/campaign-runs/${runId}/pause`).set(as('owner')).send({}).expect(409);
  const resumed = await request(api.app).post(`/api/v1/campaign-runs/${runId}/resume`).set(as('owner')).send({}).expect(200);
  expect(resumed.body.status).toBe('running');
  await request(api.app).post(`/api/v1/campaign-runs/${runId}/resume`).set(as('owner')).send({}).expect(409);

  const noReason = await request(api.app).post(`/api/v1/campaign-runs/${runId}/cancel`).set(as('owner')).send({}).expect(400);
  expect(noReason.body.fields.map((f: { field: string }) => f.field)).toContain('reason');
  const cancelled = await request(api.app).post(`/api/v1/campaign-runs/${runId}/cancel`).set(as('owner')).send({ reason: 'Budget aufgebraucht' }).expect(200);
  expect(cancelled.body.status).toBe('cancelled');
  const ended = await eventually(
    async () => (await request(api.app).get(`/api/v1/campaign-runs/${runId}`).set(as('owner')).expect(200)).body,
    (body) => body.endedAt !== undefined,
    'the run to end',
    // Every contact process ends first; on a machine busy with other suites that takes a while.
    { attempts: 3600 },
  );
  expect(ended).toMatchObject({ status: 'cancelled', counts: { waiting: 0, released: 0, taskOpen: 0 } });
  expect(ended.cancelReason).toContain('Budget aufgebraucht');
  await request(api.app).post(`/api/v1/campaign-runs/${runId}/resume`).set(as('owner')).send({}).expect(409);

  const trail = await request(api.app).get('/api/v1/audit?actor=owner.test').set(as('auditor')).expect(200);
  const actions = (trail.body.entries as Array<{ action: string; objectId: string }>).filter((e) => e.objectId === campaignId).map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(['campaign.launched', 'campaign-run.paused', 'campaign-run.resumed', 'campaign-run.cancelled']));
  expect(actions.filter((a) => a === 'campaign.launched')).toHaveLength(1);
}, 240_000);

test('refusals: a service-request campaign 409, an agent 403, unknown runs and versions 404, a malformed run id 400', async () => {
  const refinement = await publish(upgrade);
  await request(api.app).post(`/api/v1/campaigns/${refinement}/versions/1/launch`).set(as('owner')).send({}).expect(409);
  await request(api.app).post(`/api/v1/campaigns/${refinement}/versions/2/launch`).set(as('owner')).send({}).expect(404);
  await request(api.app).post(`/api/v1/campaigns/${refinement}/versions/1/launch`).set(as('agent')).send({}).expect(403);
  await request(api.app).get('/api/v1/campaign-runs/run-unbekannt-v1').set(as('owner')).expect(404);
  await request(api.app).get(`/api/v1/campaigns/${refinement}/progress`).set(as('owner')).expect(404);
  await request(api.app).get(`/api/v1/campaigns/${refinement}/progress`).set(as('agent')).expect(403);
  await request(api.app).post('/api/v1/campaign-runs/run-unbekannt-v1/pause').set(as('owner')).send({}).expect(404);
  const bad = await request(api.app).get('/api/v1/campaign-runs/lauf%201').set(as('owner')).expect(400);
  expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('runId');
});
