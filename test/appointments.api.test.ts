/**
 * Appointments over HTTP, against the real Temporal dev server, a worker, a real database and the
 * core-banking simulator's calendars: the slot search and its 400s, booking under the idempotency
 * rule, twenty parallel bookings of one slot (exactly one 201, the others 409 with the next free
 * slots), reading, reschedule and cancel, roles and the audit trail.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import ICAL from 'ical.js';
import { germanDateTime } from '../domain/appointment';
import type { Slot } from '../domain/appointment-slots';
import { toLocalDateTime } from '../domain/calling-hours';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { eventually } from './support/eventually';
import { as } from './support/users';

const DAY = 24 * 60 * 60_000;
const BRANCH = 'F-01';
const TOPIC = 'kreditkarte';
let api: ApiSystem;

beforeAll(async () => {
  api = await startApiSystem('appointments-api');
});

afterAll(async () => {
  await api?.stop();
});

const localDate = (at: number) => toLocalDateTime(new Date(at)).date;
const customer = () => api.system.coreBanking.population.customers.find((c) => c.profile.contact.email)!.profile;
const slotsFrom = async (daysAhead: number, query: Record<string, string> = {}): Promise<Slot[]> => {
  const res = await request(api.app)
    .get('/api/v1/appointment-slots')
    .query({ topic: TOPIC, branchId: BRANCH, from: localDate(Date.now() + daysAhead * DAY), to: localDate(Date.now() + (daysAhead + 6) * DAY), ...query })
    .set(as('agent'))
    .expect(200);
  return res.body.slots as Slot[];
};
/** `key` null: no Idempotency-Key header. */
const book = (slot: Pick<Slot, 'advisorId' | 'start'>, key: string | null = randomUUID(), extra: object = {}) => {
  const call = request(api.app).post('/api/v1/appointments').set(as('agent')).send({ customerId: customer().customerId, topic: TOPIC, advisorId: slot.advisorId, start: slot.start, channel: 'branch', ...extra });
  return key ? call.set('Idempotency-Key', key) : call;
};

test('the slot search: free slots of the branch\'s advisors for the topic, sorted, limited, in opening hours', async () => {
  const slots = await slotsFrom(2, { limit: '7' });
  expect(slots).toHaveLength(7);
  expect(slots.map((s) => s.start)).toEqual([...slots.map((s) => s.start)].sort());
  const advisors = await api.system.coreBankingClient.listAdvisors({ branchId: BRANCH, topic: TOPIC });
  for (const slot of slots) {
    expect(advisors.map((a) => a.advisorId)).toContain(slot.advisorId);
    const local = toLocalDateTime(new Date(slot.start));
    expect(local.minuteOfDay).toBeGreaterThanOrEqual(9 * 60);
    expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(60 * 60_000);
  }
  // One advisor alone; an advisor who does not advise on the topic has none.
  const advisorId = slots[0]!.advisorId;
  const one = await request(api.app).get('/api/v1/appointment-slots').query({ topic: TOPIC, advisorId, from: localDate(Date.now() + 2 * DAY), to: localDate(Date.now() + 8 * DAY) }).set(as('agent')).expect(200);
  expect(one.body.slots.length).toBeGreaterThan(0);
  expect(one.body.slots.every((s: Slot) => s.advisorId === advisorId)).toBe(true);
  const other = advisors.find((a) => !a.topics.includes('baufinanzierung'));
  if (other) {
    const none = await request(api.app).get('/api/v1/appointment-slots').query({ topic: 'baufinanzierung', advisorId: other.advisorId, from: localDate(Date.now() + 2 * DAY), to: localDate(Date.now() + 8 * DAY) }).set(as('agent')).expect(200);
    expect(none.body.slots).toEqual([]);
  }
});

test.each([
  [{ topic: TOPIC, from: '2027-03-01', to: '2027-03-05' }, 'branchId'],
  [{ topic: TOPIC, branchId: BRANCH, from: '2027-03-05', to: '2027-03-01' }, 'to'],
  [{ topic: TOPIC, branchId: BRANCH, from: '2027-03-01', to: '2027-04-30' }, 'to'],
  [{ topic: 'Kredit Karte', branchId: BRANCH, from: '2027-03-01', to: '2027-03-05' }, 'topic'],
  [{ topic: TOPIC, branchId: BRANCH, from: '2027-03-01', to: '2027-03-05', limit: '0' }, 'limit'],
  [{ topic: TOPIC, branchId: BRANCH, from: '2027-03-01', to: '2027-03-05', channel: 'fax' }, 'channel'],
])('a bad slot query is a 400 naming the field: %j', async (query, field) => {
  const res = await request(api.app).get('/api/v1/appointment-slots').query(query).set(as('agent')).expect(400);
  expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
});

test('slot search: an unknown branch is a 404; back office may not search (403)', async () => {
  await request(api.app).get('/api/v1/appointment-slots').query({ topic: TOPIC, branchId: 'F-999', from: '2027-03-01', to: '2027-03-05' }).set(as('agent')).expect(404);
  await request(api.app).get('/api/v1/appointment-slots').query({ topic: TOPIC, branchId: BRANCH, from: '2027-03-01', to: '2027-03-05' }).set(as('backoffice')).expect(403);
});

test('twenty parallel bookings of one slot: exactly one 201, the others 409 with the next free slots', async () => {
  const [slot] = await slotsFrom(3);
  const answers = await Promise.all(Array.from({ length: 20 }, () => book(slot!)));
  const statuses = answers.map((res) => res.status).sort();
  expect(statuses).toEqual([201, ...Array(19).fill(409)]);
  for (const lost of answers.filter((res) => res.status === 409)) {
    expect(lost.body.slots.length).toBeGreaterThan(0);
    expect(lost.body.slots.some((s: Slot) => s.start === slot!.start && s.advisorId === slot!.advisorId)).toBe(false);
  }
  const won = answers.find((res) => res.status === 201)!;
  expect(won.body).toMatchObject({ status: 'confirmed', start: slot!.start, advisorId: slot!.advisorId, sequence: 0 });
  const bookings = await api.system.coreBankingClient.getFreeBusy(slot!.advisorId, { from: slot!.start, to: slot!.end });
  expect(bookings.busy.filter((b) => b.start === slot!.start)).toHaveLength(1);
});

test('booking under the idempotency rule; read it, the customer\'s list; reschedule and cancel; 409 afterwards; audited', async () => {
  const [slot] = await slotsFrom(5);
  const key = randomUUID();
  await book(slot!, null).expect(400);
  const first = await book(slot!, key, { note: 'möchte Gold-Karte', origin: { campaignId: 'KAMP-1' } }).expect(201);
  const id = first.body.appointmentId as string;
  expect(first.headers.location).toBe(`/api/v1/appointments/${id}`);
  expect(first.body.workflowId).toBe(`appointment:${id}`);
  expect(first.body.workflowId).not.toContain(customer().customerId);
  const again = await book(slot!, key, { note: 'möchte Gold-Karte', origin: { campaignId: 'KAMP-1' } }).expect(201);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(again.body).toEqual(first.body);
  await book(slot!, key, { note: 'anders' }).expect(422);

  const read = await request(api.app).get(`/api/v1/appointments/${id}`).set(as('auditor')).expect(200);
  expect(read.body).toMatchObject({ appointmentId: id, status: 'confirmed', origin: { campaignId: 'KAMP-1' } });
  expect(read.body.fingerprint).toBeUndefined();
  const list = await eventually(
    async () => (await request(api.app).get(`/api/v1/customers/${customer().customerId}/appointments`).set(as('agent')).expect(200)).body.appointments as Array<{ appointmentId: string }>,
    (found) => found.some((a) => a.appointmentId === id),
    'the customer\'s appointments',
  );
  expect(list.some((a) => a.appointmentId === id)).toBe(true);
  await request(api.app).get(`/api/v1/appointments/${'0'.repeat(24)}`).set(as('agent')).expect(404);
  await request(api.app).get('/api/v1/appointments/not-an-id').set(as('agent')).expect(400);

  const later = (await slotsFrom(6)).find((s) => s.advisorId === slot!.advisorId && s.start !== slot!.start)!;
  const moved = await request(api.app).post(`/api/v1/appointments/${id}/reschedule`).set(as('agent')).send({ start: later.start }).expect(200);
  expect(moved.body).toMatchObject({ start: later.start, sequence: 1, uid: first.body.uid });
  const email = customer().contact.email!;
  const [change] = await eventually(
    () => api.system.smtp.messages().filter((m) => m.to.includes(email) && m.subject === `Ihr Beratungstermin wurde verschoben: ${germanDateTime(later.start)}`),
    (found) => found.length > 0,
    'the changed invitation',
  );
  const vevent = new ICAL.Component(ICAL.parse(change!.attachments[0]!.content)).getFirstSubcomponent('vevent')!;
  expect(new ICAL.Event(vevent)).toMatchObject({ uid: first.body.uid, sequence: 1 });

  await request(api.app).post(`/api/v1/appointments/${id}/reschedule`).set(as('agent')).send({ start: 'morgen' }).expect(400);
  await request(api.app).post(`/api/v1/appointments/${id}/cancel`).set(as('backoffice')).send({}).expect(403);
  const cancelled = await request(api.app).post(`/api/v1/appointments/${id}/cancel`).set(as('agent')).send({ reason: 'Kunde verhindert' }).expect(200);
  expect(cancelled.body).toMatchObject({ status: 'cancelled', sequence: 2 });
  await request(api.app).post(`/api/v1/appointments/${id}/reschedule`).set(as('agent')).send({ start: slot!.start }).expect(409);
  await request(api.app).post(`/api/v1/appointments/${id}/cancel`).set(as('agent')).send({}).expect(409);

  const audit = await request(api.app).get('/api/v1/audit').query({ customerId: customer().customerId }).set(as('auditor')).expect(200);
  const actions = (audit.body.entries as Array<{ action: string; objectId: string }>).filter((e) => e.objectId === id).map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(['appointment.booked', 'appointment.read', 'appointment.rescheduled', 'appointment.cancelled']));
});

test('a start that is no slot of the advisor is a 422 naming start; a slot in the past too; an unknown advisor 404; a bad channel 400', async () => {
  const [slot] = await slotsFrom(2);
  const offGrid = new Date(Date.parse(slot!.start) + 10 * 60_000).toISOString();
  const res = await book({ advisorId: slot!.advisorId, start: offGrid }).expect(422);
  expect(res.body.fields).toEqual([expect.objectContaining({ field: 'start' })]);
  const night = new Date(Date.parse(slot!.start.slice(0, 10) + 'T01:00:00Z')).toISOString();
  await book({ advisorId: slot!.advisorId, start: night }).expect(422);
  await book({ advisorId: slot!.advisorId, start: new Date(Date.now() - DAY).toISOString() }).expect(422);
  await book({ advisorId: 'B-9999', start: slot!.start }).expect(404);
  const bad = await book(slot!, randomUUID(), { channel: 'fax' }).expect(400);
  expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('channel');
});
