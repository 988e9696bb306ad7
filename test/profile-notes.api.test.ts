/**
 * Customer profile update over HTTP (issue 11, section 3, "Dauerhafte Services"): the agent
 * records the interests a customer mentioned; the note reaches the advisors of the customer's
 * branch as a notice (read, not processed), and the interests become a criterion later campaigns
 * select on. Bad input is refused naming the field; the audit trail names the interests, never
 * the note's words. Against the Temporal dev server, a real database and the core-banking
 * simulator.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { SimulatedCustomer } from '../adapters/core-banking/simulator/population';
import { CampaignDefinitionSchema, type CampaignDefinition } from '../domain/campaign';
import { adulthoodBegins } from '../domain/contact-policy';
import { PILOT_CATALOG } from '../domain/pilot-catalog';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { as } from './support/users';

let api: ApiSystem;

beforeAll(async () => {
  api = await startApiSystem('profile-notes');
});
afterAll(async () => {
  await api?.stop();
});

const used = new Set<string>();
/** An adult private customer with phone consent no test has used. */
function take(): SimulatedCustomer {
  const found = api.system.coreBanking.population.customers.find(
    (c) =>
      !used.has(c.profile.customerId) &&
      Date.now() >= adulthoodBegins(c.profile.birthDate).getTime() &&
      c.profile.segment !== 'business' &&
      c.consents.some((consent) => consent.channel === 'phone' && consent.granted),
  );
  if (!found) throw new Error('no such customer in the simulated population');
  used.add(found.profile.customerId);
  return found;
}
const contactId = () => `call-${randomUUID().slice(0, 8)}`;

function record(customerId: string, body: object, { key = randomUUID(), user = 'agent' as const } = {}) {
  return request(api.app).post(`/api/v1/customers/${customerId}/profile-notes`).set(as(user)).set('Idempotency-Key', key).send(body);
}
const notices = (user: 'supervisor' | 'backoffice' | 'agent', query = '') => request(api.app).get(`/api/v1/notices${query}`).set(as(user));

describe('recording a profile note', () => {
  test('interests and a note are stored with who and when; the same key answers the same note', async () => {
    const customer = take();
    const key = randomUUID();
    const body = { contactId: contactId(), interests: ['immobilienkauf', 'kind-schule'], note: 'Tochter kommt im Sommer in die Schule, Hauskauf in Bonn geplant.' };
    const first = await record(customer.profile.customerId, body, { key }).expect(201);
    expect(first.body).toEqual({
      id: expect.stringMatching(/^pn-[0-9a-f]{24}$/),
      customerId: customer.profile.customerId,
      contactId: body.contactId,
      interests: [
        { code: 'immobilienkauf', label: 'plant Immobilienkauf' },
        { code: 'kind-schule', label: 'Kind kommt in die Schule' },
      ],
      note: body.note,
      recordedBy: 'agent.test',
      recordedAt: expect.any(String),
      notice: { queue: `filiale-${customer.profile.branchId}` },
    });
    expect(first.headers.location).toBe(`/api/v1/customers/${customer.profile.customerId}/profile-notes`);

    const again = await record(customer.profile.customerId, body, { key }).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const list = await request(api.app).get(`/api/v1/customers/${customer.profile.customerId}/profile-notes`).set(as('auditor')).expect(200);
    expect(list.body.profileNotes).toEqual([first.body]);

    // The audit trail names the interests and that there is a note, never its words.
    const trail = await request(api.app).get(`/api/v1/audit?customerId=${customer.profile.customerId}`).set(as('auditor')).expect(200);
    const entry = (trail.body.entries as Array<{ action: string; actor: string; detail: unknown }>).find((e) => e.action === 'profile-note.recorded');
    expect(entry).toMatchObject({ actor: 'agent.test', detail: { interests: ['immobilienkauf', 'kind-schule'], note: true, queue: `filiale-${customer.profile.branchId}` } });
    expect(JSON.stringify(trail.body)).not.toContain('Bonn');
  });

  test('a retried request after a crash before the answer was stored records the note once', async () => {
    const customer = take();
    const key = randomUUID();
    const body = { contactId: contactId(), interests: ['geldanlage'] };
    const first = await record(customer.profile.customerId, body, { key }).expect(201);
    // The answer was lost with the crash: the idempotency record is gone, the note stays.
    await api.system.appParts().db.client.idempotentRequest.deleteMany({ where: { scope: 'agent.test', key } });
    const retried = await record(customer.profile.customerId, body, { key }).expect(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.body).toEqual(first.body);
    const list = await request(api.app).get(`/api/v1/customers/${customer.profile.customerId}/profile-notes`).set(as('agent')).expect(200);
    expect(list.body.profileNotes).toHaveLength(1);
  });

  test('bad input: 400 naming the field; an unknown customer: 404; an auditor may not write', async () => {
    const customer = take();
    const id = customer.profile.customerId;
    const fieldOf = async (body: object) => ((await record(id, body).expect(400)).body.fields as Array<{ field: string }>).map((f) => f.field);
    expect(await fieldOf({ contactId: contactId() })).toContain('interests');
    expect(await fieldOf({ contactId: contactId(), interests: [] })).toContain('interests');
    expect(await fieldOf({ contactId: contactId(), interests: ['lottogewinn'] })).toContain('interests.0');
    expect(await fieldOf({ contactId: contactId(), interests: ['geldanlage', 'geldanlage'] })).toContain('interests');
    expect(await fieldOf({ contactId: contactId(), note: 'x'.repeat(501) })).toContain('note');
    expect(await fieldOf({ contactId: contactId(), note: '   ' })).toContain('note');
    expect(await fieldOf({ contactId: 'call 1', interests: ['geldanlage'] })).toContain('contactId');
    expect(await fieldOf({ contactId: contactId(), interests: ['geldanlage'], extra: 1 })).toContain('extra');
    await record('K-999999', { contactId: contactId(), interests: ['geldanlage'] }).expect(404);
    await request(api.app).post(`/api/v1/customers/${id}/profile-notes`).set(as('auditor')).set('Idempotency-Key', randomUUID()).send({ contactId: contactId(), interests: ['geldanlage'] }).expect(403);
    const keyless = await request(api.app).post(`/api/v1/customers/${id}/profile-notes`).set(as('agent')).send({ contactId: contactId(), interests: ['geldanlage'] }).expect(400);
    expect(keyless.body.fields.map((f: { field: string }) => f.field)).toContain('Idempotency-Key');
    const list = await request(api.app).get(`/api/v1/customers/${id}/profile-notes`).set(as('agent')).expect(200);
    expect(list.body.profileNotes).toEqual([]);
  });

  test('the code list for the console', async () => {
    const res = await request(api.app).get('/api/v1/interests').set(as('agent')).expect(200);
    expect(res.body.interests).toContainEqual({ code: 'immobilienkauf', label: 'plant Immobilienkauf' });
    expect(res.body.interests).toContainEqual({ code: 'kind-schule', label: 'Kind kommt in die Schule' });
  });
});

describe("the notice in the advisors' queue", () => {
  test('reaches the branch queue, unread, as a notice (not a task); marking it read keeps the first reader', async () => {
    const customer = take();
    const queue = `filiale-${customer.profile.branchId}`;
    const note = (await record(customer.profile.customerId, { contactId: contactId(), interests: ['ruhestand'], note: 'Geht nächstes Jahr in Rente.' }).expect(201)).body;

    // The supervisor works every queue; a notice is listed where it went.
    const listed = await notices('supervisor', `?queue=${queue}`).expect(200);
    const notice = (listed.body.notices as Array<{ id: string }>).find((n) => n.id === note.id);
    expect(notice).toEqual({
      id: note.id,
      kind: 'profile-note',
      queue,
      customerId: customer.profile.customerId,
      title: `Kundeninteresse ${customer.profile.customerId}: Ruhestand steht bevor`,
      interests: [{ code: 'ruhestand', label: 'Ruhestand steht bevor' }],
      note: 'Geht nächstes Jahr in Rente.',
      recordedBy: 'agent.test',
      recordedAt: note.recordedAt,
    });
    // No task: the advisor has nothing to process.
    const tasks = await request(api.app).get(`/api/v1/tasks?queue=${queue}&status=open,claimed,escalated,completed,cancelled`).set(as('supervisor')).expect(200);
    expect(JSON.stringify(tasks.body)).not.toContain(customer.profile.customerId);

    // Someone who does not work the queue neither lists nor marks it.
    await notices('backoffice', `?queue=${queue}`).expect(403);
    expect((await notices('backoffice').expect(200)).body.notices.map((n: { id: string }) => n.id)).not.toContain(note.id);
    await request(api.app).post(`/api/v1/notices/${note.id}/read`).set(as('backoffice')).expect(404);

    const read = await request(api.app).post(`/api/v1/notices/${note.id}/read`).set(as('supervisor')).expect(200);
    expect(read.body).toMatchObject({ id: note.id, readBy: 'supervisor.test', readAt: expect.any(String) });
    const again = await request(api.app).post(`/api/v1/notices/${note.id}/read`).set(as('supervisor')).expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);
    // Gone from the unread list, still in the whole list and in the customer's notes.
    expect((await notices('supervisor', `?queue=${queue}`).expect(200)).body.notices.map((n: { id: string }) => n.id)).not.toContain(note.id);
    expect((await notices('supervisor', `?queue=${queue}&status=all`).expect(200)).body.notices.map((n: { id: string }) => n.id)).toContain(note.id);
    const notes = await request(api.app).get(`/api/v1/customers/${customer.profile.customerId}/profile-notes`).set(as('agent')).expect(200);
    expect(notes.body.profileNotes[0].notice).toEqual({ queue, readAt: read.body.readAt, readBy: 'supervisor.test' });
    await request(api.app).post('/api/v1/notices/pn-000000000000000000000000/read').set(as('supervisor')).expect(404);
    await notices('supervisor', '?status=gelesen').expect(400);
  });
});

describe('the interest as a campaign criterion', () => {
  test('a campaign selecting on an interest offers only once the customer mentioned it', async () => {
    // A process owner's campaign: building finance for customers planning to buy a home.
    const base = CampaignDefinitionSchema.parse(PILOT_CATALOG[0]!.definition);
    const definition: CampaignDefinition = {
      ...base,
      name: 'Baufinanzierung bei Kaufabsicht',
      trigger: { kind: 'service-request', processes: ['dauerauftrag-aendern'] },
      criteria: { kind: 'all', rules: [{ kind: 'interest', in: ['immobilienkauf'] }] },
      offer: { ...base.offer, topic: 'baufinanzierung' },
    };
    const campaignId = `baufi-${randomUUID().slice(0, 6)}`;
    await request(api.app).put(`/api/v1/campaigns/${campaignId}/draft`).set(as('owner')).send({ revision: 0, definition }).expect(201);
    await request(api.app).post(`/api/v1/campaigns/${campaignId}/publish`).set(as('owner')).set('Idempotency-Key', randomUUID()).send({}).expect(201);
    const ask = (customerId: string) =>
      request(api.app).post('/api/v1/service-requests').set(as('agent')).set('Idempotency-Key', randomUUID()).send({ customerId, contactId: contactId(), process: 'dauerauftrag-aendern', channel: 'phone' }).expect(201);

    const customer = take();
    const before = await ask(customer.profile.customerId);
    expect(before.body.offer).toBeUndefined();
    expect(JSON.stringify(before.body.verdicts)).toContain('Interesse nicht erwähnt: „plant Immobilienkauf“');

    await record(customer.profile.customerId, { contactId: contactId(), interests: ['immobilienkauf'] }).expect(201);
    const after = await ask(customer.profile.customerId);
    expect(after.body.offer).toMatchObject({ campaignId, version: 1 });
    const snapshot = await request(api.app).get(`/api/v1/service-requests/${after.body.id}/snapshot`).set(as('auditor')).expect(200);
    expect(snapshot.body.snapshot.facts.interests).toEqual(['immobilienkauf']);

    // A rule naming an interest that is not on the list is refused with its path.
    const bad = await request(api.app)
      .put(`/api/v1/campaigns/baufi-${randomUUID().slice(0, 6)}/draft`)
      .set(as('owner'))
      .send({ revision: 0, definition: { ...definition, criteria: { kind: 'all', rules: [{ kind: 'interest', in: ['hauskauf'] }] } } })
      .expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('definition.criteria.rules.0.in.0');
  });
});
