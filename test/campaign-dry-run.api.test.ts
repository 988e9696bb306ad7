/**
 * The dry run over HTTP (issue 12, section 3): a process owner publishes a selection campaign and
 * dry-runs it over the simulator's customer base, read through core banking's paged selection.
 * The report counts every customer and no forbidden call; the same body gives the same report;
 * bad input is a 400 naming the field; a campaign that is not a selection is 409.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CampaignDefinitionSchema } from '../domain/campaign';
import { PILOT_CATALOG } from '../domain/pilot-catalog';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { as } from './support/users';

let api: ApiSystem;

beforeAll(async () => {
  api = await startApiSystem('campaign-dry-run');
});
afterAll(async () => {
  await api?.stop();
});

async function publish(definition: object): Promise<string> {
  const campaignId = `dry-${randomUUID().slice(0, 8)}`;
  await request(api.app).put(`/api/v1/campaigns/${campaignId}/draft`).set(as('owner')).send({ revision: 0, definition }).expect(201);
  await request(api.app).post(`/api/v1/campaigns/${campaignId}/publish`).set(as('owner')).set('Idempotency-Key', randomUUID()).send({}).expect(201);
  return campaignId;
}
const upgrade = CampaignDefinitionSchema.parse(PILOT_CATALOG.find((entry) => entry.campaignId === 'pilot-10-kreditkarte-upgrade')!.definition);
const dryRun = (campaignId: string, body: object, user: 'owner' | 'supervisor' | 'agent' = 'owner') =>
  request(api.app).post(`/api/v1/campaigns/${campaignId}/versions/1/dry-run`).set(as(user)).send(body);

test('a selection campaign over the whole simulated base: every customer counted, no forbidden call, the same body the same report', async () => {
  const campaignId = await publish({ ...upgrade, trigger: { kind: 'selection' }, criteria: { kind: 'age', min: 18 } });
  const size = api.system.coreBanking.population.customers.length;
  const first = await dryRun(campaignId, { months: 6, seed: 3 }).expect(200);
  const report = first.body;
  expect(report).toMatchObject({ campaignId, version: 1, months: 6, population: size, forbiddenContacts: 0 });
  expect(report.selected + report.excludedCustomers).toBe(size);
  expect(report.selected).toBeGreaterThan(0);
  expect(report.excluded.map((count: { key: string }) => count.key)).toEqual(expect.arrayContaining(['minor', 'no-phone-consent']));
  expect(report.callsPerWeek.length).toBeGreaterThan(0);
  expect(report.assumptions.length).toBeGreaterThan(0);

  const again = await dryRun(campaignId, { months: 6, seed: 3 }, 'supervisor').expect(200);
  expect({ ...again.body, durationMs: 0, from: '', to: '' }).toEqual({ ...report, durationMs: 0, from: '', to: '' });

  // A smaller population, slower pacing: fewer customers, never more calls an hour than allowed.
  const small = await dryRun(campaignId, { months: 1, population: 300, pacing: { maxNewTasksPerHour: 1 } }).expect(200);
  expect(small.body.population).toBe(300);
  for (const week of small.body.callsPerWeek) expect(week.calls).toBeLessThanOrEqual(65);

  // Who ran it is on record.
  const trail = await request(api.app).get('/api/v1/audit?actor=owner.test').set(as('auditor')).expect(200);
  expect(trail.body.entries).toContainEqual(expect.objectContaining({ action: 'campaign.dry-run', objectId: campaignId, detail: expect.objectContaining({ version: 1, forbiddenContacts: 0 }) }));
});

test('refusals: a service-request campaign 409, bad input 400 naming the field, an agent 403, an unknown version 404', async () => {
  const refinement = await publish(upgrade);
  await dryRun(refinement, {}).expect(409);
  const selection = await publish({ ...upgrade, trigger: { kind: 'selection' } });
  const fieldOf = async (body: object) => ((await dryRun(selection, body).expect(400)).body.fields as Array<{ field: string }>).map((f) => f.field);
  expect(await fieldOf({ months: 0 })).toContain('months');
  expect(await fieldOf({ population: 0 })).toContain('population');
  expect(await fieldOf({ answers: { reachRate: 1.5 } })).toContain('answers.reachRate');
  expect(await fieldOf({ pacing: { maxNewTasksPerHour: 0 } })).toContain('pacing.maxNewTasksPerHour');
  expect(await fieldOf({ answers: { outcomeRates: { sold: 0.5 } } })).toEqual(expect.arrayContaining([expect.stringMatching(/^answers\.outcomeRates/)]));
  await dryRun(selection, {}, 'agent').expect(403);
  await request(api.app).post(`/api/v1/campaigns/${selection}/versions/2/dry-run`).set(as('owner')).send({}).expect(404);
});
