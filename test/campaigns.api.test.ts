/**
 * Campaign definitions over HTTP (issue 11, section 1): drafts with optimistic concurrency,
 * publishing immutable versions (idempotent, race-safe), versions and diffs, roles, bad rules
 * refused with their path, the audit trail; and the store's live query with its cache. Against
 * the Temporal dev server, a worker and a real database: every provider under test (SQLite, and
 * PostgreSQL whenever DATABASE_URL names one), each in its own throwaway database.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { AuditEntry } from '../api/audit';
import type { CampaignDefinitionInput } from '../domain/campaign';
import { CampaignDefinitionSchema } from '../domain/campaign';
import { diffJson } from '../domain/json-diff';
import { PrismaCampaignStore } from '../prisma/campaign.repository';
import type { Database } from '../prisma/database';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { createTestDatabase, providersUnderTest, type TestDatabase } from './support/database';
import { as, type TestUser } from './support/users';

let api: ApiSystem;

beforeAll(async () => {
  api = await startApiSystem('campaigns-api');
});

afterAll(async () => {
  await api?.stop();
});

/** A small valid definition: the credit-card upgrade. */
const definition = (overrides: Partial<CampaignDefinitionInput> = {}): CampaignDefinitionInput => ({
  name: 'Kreditkarte – Upgrade auf Gold',
  trigger: { kind: 'service-request', processes: ['kreditkarte-bestehende'] },
  criteria: {
    kind: 'all',
    rules: [
      { kind: 'owns', products: ['mastercard-classic'] },
      { kind: 'not', rule: { kind: 'owns', products: ['mastercard-gold'] } },
      { kind: 'age', min: 18 },
    ],
  },
  offer: { product: 'mastercard-gold', topic: 'kreditkarte', title: 'MasterCard Gold', argument: 'Reiseversicherungen inklusive.' },
  script: { opening: '{anrede}, Sie nutzen Ihre MasterCard sicher auch auf Reisen?', objections: [{ objection: 'Zu teuer.', answer: 'Die Versicherungen allein kosten mehr.' }] },
  outcomes: [{ outcome: 'interested-transfer' }, { outcome: 'not-interested', say: 'Schade.' }],
  ...overrides,
});
const newId = () => `kk-${randomUUID().slice(0, 8)}`;

describe.each(providersUnderTest())('campaigns over REST on %s', (provider) => {
  let testDb: TestDatabase;
  let db: Database;
  let store: PrismaCampaignStore;
  let app: Express;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    db = await testDb.open();
    store = new PrismaCampaignStore(db.client);
    // The app on this database: campaigns, idempotency keys and the audit trail all live in it.
    app = api.appWith({ db, campaigns: store });
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  const saveDraft = (id: string, revision: number, body: unknown, user: TestUser = 'owner') =>
    request(app).put(`/api/v1/campaigns/${id}/draft`).set(as(user)).send({ revision, definition: body });
  const publish = (id: string, { key, revision, user = 'owner' }: { key?: string; revision?: number; user?: TestUser } = {}) => {
    const call = request(app).post(`/api/v1/campaigns/${id}/publish`).set(as(user));
    if (key) call.set('Idempotency-Key', key);
    return revision === undefined ? call : call.send({ revision });
  };
  const get = (path: string, user: TestUser = 'owner') => request(app).get(`/api/v1${path}`).set(as(user));
  /** A campaign with its first draft (revision 1). */
  async function created(overrides: Partial<CampaignDefinitionInput> = {}): Promise<string> {
    const id = newId();
    await saveDraft(id, 0, definition(overrides)).expect(201);
    return id;
  }

  describe('the draft', () => {
    test('revision 0 creates the campaign (201), a save from the current revision raises it (200), the stored definition has its defaults', async () => {
      const id = newId();
      const first = await saveDraft(id, 0, definition()).expect(201);
      expect(first.headers.location).toBe(`/api/v1/campaigns/${id}`);
      expect(first.body).toMatchObject({ campaignId: id, revision: 1, updatedBy: 'owner.test', createdBy: 'owner.test', unpublishedChanges: true });
      expect(first.body.liveVersion).toBeUndefined();
      // Defaults applied and kept: what is published is what the decision reads.
      expect(first.body.definition).toEqual(CampaignDefinitionSchema.parse(definition()));
      expect(first.body.definition).toMatchObject({ blockMonths: 6, priority: 100, exclusions: [], caps: { perCustomer: 1, perCustomerDays: 365 } });
      expect(first.body.sha256).toMatch(/^[0-9a-f]{64}$/);

      const second = await saveDraft(id, 1, definition({ priority: 200 })).expect(200);
      expect(second.body).toMatchObject({ revision: 2, definition: { priority: 200 } });
      expect((await get(`/campaigns/${id}`).expect(200)).body.draft).toEqual(second.body);
    });

    test('a save from a stale revision is refused with 409 naming revision and who saved meanwhile; the draft stays as the other saved it', async () => {
      const id = await created();
      await saveDraft(id, 1, definition({ priority: 300 })).expect(200);
      const stale = await saveDraft(id, 1, definition({ priority: 400 })).expect(409);
      expect(stale.body.error).toBe(
        `the draft of campaign ${id} is at revision 2 (saved by owner.test at ${(await get(`/campaigns/${id}`)).body.draft.updatedAt}), not 1: load it again and make your changes to that revision`,
      );
      expect(stale.body.fields).toEqual([{ field: 'revision', message: stale.body.error }]);
      expect((await get(`/campaigns/${id}`).expect(200)).body.draft).toMatchObject({ revision: 2, definition: { priority: 300 } });
    });

    test('two owners saving from the same revision at once: one wins, the other gets 409', async () => {
      const id = await created();
      const answers = await Promise.all([300, 400, 500, 600].map((priority) => saveDraft(id, 1, definition({ priority }))));
      expect(answers.map((res) => res.status).sort()).toEqual([200, 409, 409, 409]);
      const winner = answers.find((res) => res.status === 200)!;
      expect((await get(`/campaigns/${id}`).expect(200)).body.draft).toMatchObject({ revision: 2, definition: { priority: winner.body.definition.priority } });
    });

    test('the same save sent again after a lost answer answers the draft it made; revision 0 for an existing campaign is 409; a revision of an unknown campaign is 404', async () => {
      const id = await created();
      const saved = await saveDraft(id, 1, definition({ priority: 150 })).expect(200);
      const again = await saveDraft(id, 1, definition({ priority: 150 })).expect(200);
      expect(again.body).toEqual(saved.body);
      // …but not for someone else: their copy of revision 1 is stale.
      expect(await store.saveDraft(id, CampaignDefinitionSchema.parse(definition({ priority: 150 })), { revision: 1, by: 'someone.else' })).toMatchObject({ kind: 'stale', current: { revision: 2 } });

      const exists = await saveDraft(id, 0, definition()).expect(409);
      expect(exists.body.error).toBe(`campaign ${id} exists already (its draft is at revision 2); send that revision to change its draft`);
      const unknown = newId();
      const missing = await saveDraft(unknown, 3, definition()).expect(404);
      expect(missing.body.error).toBe(`no campaign ${unknown}; send revision 0 to create it`);
    });
  });

  describe('publishing', () => {
    test('the draft becomes version 1, an edit then version 2; version 1 stays byte for byte; the live version moves', async () => {
      const id = await created();
      const v1 = await publish(id).expect(201);
      expect(v1.headers.location).toBe(`/api/v1/campaigns/${id}/versions/1`);
      expect(v1.body).toEqual({ campaignId: id, version: 1, draftRevision: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), publishedAt: expect.any(String), publishedBy: 'owner.test' });
      const version1 = await get(`/campaigns/${id}/versions/1`).expect(200);
      expect(version1.body).toMatchObject({ campaignId: id, version: 1, live: true, definition: CampaignDefinitionSchema.parse(definition()) });

      await saveDraft(id, 1, definition({ name: 'Kreditkarte – Gold für Vielreisende', priority: 250 })).expect(200);
      // The draft's edit leaves the live version alone until it is published.
      expect((await get(`/campaigns/${id}/versions/1`).expect(200)).text).toBe(version1.text);
      const v2 = await publish(id).expect(201);
      expect(v2.body).toMatchObject({ version: 2, draftRevision: 2 });

      const after = await get(`/campaigns/${id}/versions/1`).expect(200);
      expect(after.text).toBe(version1.text.replace('"live":true', '"live":false'));
      expect(after.body.definition).toEqual(version1.body.definition);
      expect(after.body.sha256).toBe(version1.body.sha256);
      expect((await get(`/campaigns/${id}/versions/2`).expect(200)).body).toMatchObject({ version: 2, live: true, definition: { name: 'Kreditkarte – Gold für Vielreisende', priority: 250 } });

      const campaign = await get(`/campaigns/${id}`).expect(200);
      expect(campaign.body).toMatchObject({ campaignId: id, liveVersion: 2, draft: { revision: 2, liveVersion: 2, unpublishedChanges: false } });
      expect(campaign.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      expect(campaign.body.versions[0]).toEqual({ version: 2, name: 'Kreditkarte – Gold für Vielreisende', triggerKind: 'service-request', sha256: v2.body.sha256, draftRevision: 2, publishedAt: v2.body.publishedAt, publishedBy: 'owner.test' });

      const listed = (await get('/campaigns').expect(200)).body.campaigns.find((c: { campaignId: string }) => c.campaignId === id);
      expect(listed).toEqual({
        campaignId: id,
        name: 'Kreditkarte – Gold für Vielreisende',
        triggerKind: 'service-request',
        liveVersion: 2,
        livePublishedAt: v2.body.publishedAt,
        draft: { revision: 2, name: 'Kreditkarte – Gold für Vielreisende', triggerKind: 'service-request', unpublishedChanges: false, updatedAt: expect.any(String), updatedBy: 'owner.test' },
        updatedAt: v2.body.publishedAt,
      });
    });

    test('nothing to publish: a draft equal to the live version (also after edits that return to it) is 409 with a sentence; an unknown campaign is 404', async () => {
      const id = await created();
      await publish(id).expect(201);
      const again = await publish(id).expect(409);
      expect(again.body.error).toBe(`nothing to publish: the draft of campaign ${id} (revision 1) is the same as its live version 1`);
      await saveDraft(id, 1, definition({ priority: 1 })).expect(200);
      await saveDraft(id, 2, definition()).expect(200);
      expect((await publish(id).expect(409)).body.error).toBe(`nothing to publish: the draft of campaign ${id} (revision 3) is the same as its live version 1`);
      const unknown = newId();
      expect((await publish(unknown).expect(404)).body.error).toBe(`no campaign ${unknown}`);
    });

    test('the reviewed revision: publishing a draft that moved on since is 409 naming revision', async () => {
      const id = await created();
      await saveDraft(id, 1, definition({ priority: 120 })).expect(200);
      const stale = await publish(id, { revision: 1 }).expect(409);
      expect(stale.body.error).toBe(`the draft of campaign ${id} is at revision 2 now, not the revision 1 you reviewed: look at it again before publishing`);
      expect(stale.body.fields).toEqual([{ field: 'revision', message: stale.body.error }]);
      await publish(id, { revision: 2 }).expect(201);
    });

    test('idempotent: the same Idempotency-Key answers the first answer byte for byte, also after another edit; with another body 422', async () => {
      const id = await created();
      const first = await publish(id, { key: 'publish-1' }).expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const replay = await publish(id, { key: 'publish-1' }).expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.text).toBe(first.text);
      expect(replay.headers.location).toBe(first.headers.location);

      await saveDraft(id, 1, definition({ priority: 99 })).expect(200);
      const later = await publish(id, { key: 'publish-1' }).expect(201);
      expect(later.text).toBe(first.text);
      expect((await get(`/campaigns/${id}`)).body.liveVersion).toBe(1);
      expect((await publish(id, { key: 'publish-1', revision: 2 }).expect(422)).body.error).toMatch(/^Idempotency-Key: /);
      expect((await publish(id, { key: 'publish-2' }).expect(201)).body.version).toBe(2);
    });

    test('a race: ten publishes at once after one edit make exactly one new version; the others are told 409', async () => {
      const id = await created();
      await publish(id).expect(201);
      await saveDraft(id, 1, definition({ priority: 777 })).expect(200);
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => publish(id, { key: `race-${i}` })));
      const statuses = answers.map((res) => res.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(9);
      for (const res of answers.filter((r) => r.status === 409)) {
        expect([
          `nothing to publish: the draft of campaign ${id} (revision 2) is the same as its live version 2`,
          `another publish of campaign ${id} made its next version at the same moment; look at its versions and publish again if the draft still differs`,
        ]).toContain(res.body.error);
      }
      expect(answers.find((res) => res.status === 201)!.body.version).toBe(2);
      expect((await get(`/campaigns/${id}`).expect(200)).body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      // A failed publish stores nothing under its key: it may be used again (and still finds nothing to publish).
      const loser = answers.findIndex((res) => res.status === 409);
      await publish(id, { key: `race-${loser}` }).expect(409);
    });

    test('a retry whose first answer was lost (its key not stored) finds the version it made, not "nothing to publish"', async () => {
      const id = await created();
      const first = await store.publish(id, { by: 'owner.test', key: 'scoped-key-1' });
      expect(first.kind).toBe('published');
      const retry = await store.publish(id, { by: 'owner.test', key: 'scoped-key-1' });
      expect(retry).toEqual({ kind: 'replayed', version: first.kind === 'published' ? first.version : undefined });
      expect(await store.publish(id, { by: 'owner.test', key: 'scoped-key-2' })).toEqual({ kind: 'unchanged', liveVersion: 1, revision: 1 });
    });
  });

  describe('the diff', () => {
    test('between two versions and from a version to the draft: paths in the definition, before and after', async () => {
      const id = await created();
      await publish(id).expect(201);
      const changedRules = { kind: 'all' as const, rules: [{ kind: 'owns' as const, products: ['mastercard-classic' as const] }, { kind: 'age' as const, min: 21, max: 75 }] };
      await saveDraft(id, 1, definition({ criteria: changedRules, priority: 300, validUntil: '2027-12-31' })).expect(200);
      await publish(id).expect(201);
      await saveDraft(id, 2, definition({ criteria: changedRules, priority: 300, validUntil: '2027-12-31', description: 'Sommeraktion' })).expect(200);

      const between = await get(`/campaigns/${id}/diff?from=1&to=2`).expect(200);
      expect(between.body).toEqual({
        campaignId: id,
        from: 1,
        to: 2,
        changes: [
          { op: 'changed', path: 'criteria.rules.1.kind', before: 'not', after: 'age' },
          { op: 'removed', path: 'criteria.rules.1.rule', before: { kind: 'owns', products: ['mastercard-gold'] } },
          { op: 'added', path: 'criteria.rules.1.min', after: 21 },
          { op: 'added', path: 'criteria.rules.1.max', after: 75 },
          { op: 'removed', path: 'criteria.rules.2', before: { kind: 'age', min: 18 } },
          { op: 'changed', path: 'priority', before: 100, after: 300 },
          { op: 'added', path: 'validUntil', after: '2027-12-31' },
        ],
      });
      // The same as a generic diff of the two stored definitions says.
      const [one, two] = await Promise.all([get(`/campaigns/${id}/versions/1`), get(`/campaigns/${id}/versions/2`)]);
      expect(between.body.changes).toEqual(diffJson(one.body.definition, two.body.definition));

      const toDraft = await get(`/campaigns/${id}/diff?from=2&to=draft`).expect(200);
      expect(toDraft.body).toEqual({ campaignId: id, from: 2, to: 'draft', toRevision: 3, changes: [{ op: 'added', path: 'description', after: 'Sommeraktion' }] });
      expect((await get(`/campaigns/${id}/diff?from=2&to=2`).expect(200)).body.changes).toEqual([]);
      expect((await get(`/campaigns/${id}/diff?from=2&to=1`).expect(200)).body.changes[0]).toEqual({ op: 'changed', path: 'criteria.rules.1.kind', before: 'age', after: 'not' });
    });

    test('a missing version is 404; a bad `to` is 400 naming it', async () => {
      const id = await created();
      await publish(id).expect(201);
      expect((await get(`/campaigns/${id}/diff?from=3&to=draft`).expect(404)).body.error).toBe(`campaign ${id} has no version 3`);
      expect((await get(`/campaigns/${id}/diff?from=1&to=2`).expect(404)).body.error).toBe(`campaign ${id} has no version 2`);
      expect((await get(`/campaigns/${id}/diff?from=1&to=latest`).expect(400)).body.fields).toEqual([{ field: 'to', message: 'must be a version number or draft' }]);
      expect((await get(`/campaigns/${id}/diff?from=0&to=1`).expect(400)).body.fields).toEqual([{ field: 'from', message: 'must be at least 1' }]);
    });
  });

  describe('roles', () => {
    test('only process owners write: agents, back office, supervisors and auditors get 403', async () => {
      const id = await created();
      for (const user of ['agent', 'berater', 'supervisor', 'auditor'] as const) {
        expect((await saveDraft(id, 1, definition({ priority: 5 }), user).expect(403)).body.error).toBe('this needs one of the roles: process-owner');
        await publish(id, { user }).expect(403);
      }
      expect((await get(`/campaigns/${id}`)).body.draft.revision).toBe(1);
      expect((await get(`/campaigns/${id}`)).body.versions).toEqual([]);
    });

    test('supervisors and auditors read drafts; back office reads nothing', async () => {
      const id = await created();
      for (const user of ['supervisor', 'auditor'] as const) {
        expect((await get(`/campaigns/${id}`, user).expect(200)).body.draft.revision).toBe(1);
        expect((await get(`/campaigns`, user).expect(200)).body.campaigns.map((c: { campaignId: string }) => c.campaignId)).toContain(id);
      }
      await get('/campaigns', 'berater').expect(403);
      await get(`/campaigns/${id}`, 'berater').expect(403);
    });

    test('an agent sees published versions only: no drafts, no unpublished campaigns, no diff to the draft', async () => {
      const unpublished = await created();
      const published = await created();
      await publish(published).expect(201);
      await saveDraft(published, 1, definition({ name: 'Entwurf: noch geheim' })).expect(200);

      const list = (await get('/campaigns', 'agent').expect(200)).body.campaigns as Array<Record<string, unknown>>;
      expect(list.map((c) => c.campaignId)).toContain(published);
      expect(list.map((c) => c.campaignId)).not.toContain(unpublished);
      expect(list.find((c) => c.campaignId === published)).toEqual({ campaignId: published, name: 'Kreditkarte – Upgrade auf Gold', triggerKind: 'service-request', liveVersion: 1, livePublishedAt: expect.any(String) });

      const campaign = await get(`/campaigns/${published}`, 'agent').expect(200);
      expect(campaign.body).toEqual({ campaignId: published, liveVersion: 1, versions: [expect.objectContaining({ version: 1 })] });
      expect(campaign.text).not.toContain('Entwurf');
      expect((await get(`/campaigns/${unpublished}`, 'agent').expect(404)).body.error).toBe(`no published campaign ${unpublished}`);
      expect((await get(`/campaigns/${published}/versions/1`, 'agent').expect(200)).body.definition.name).toBe('Kreditkarte – Upgrade auf Gold');
      expect((await get(`/campaigns/${published}/diff?from=1&to=draft`, 'agent').expect(403)).body.error).toBe('agents see published versions only: compare two versions');
      await get(`/campaigns/${published}/diff?from=1&to=1`, 'agent').expect(200);
    });
  });

  describe('bad definitions are refused with a 400 naming the path', () => {
    test.each([
      ['an age rule with min above max', definition({ criteria: { kind: 'all', rules: [{ kind: 'owns', products: ['mastercard-classic'] }, { kind: 'age', min: 70, max: 18 }] } }), [{ field: 'definition.criteria.rules.1.min', message: 'must not be above max' }]],
      ['an age rule without bounds', definition({ criteria: { kind: 'not', rule: { kind: 'age' } } }), [{ field: 'definition.criteria.rule.min', message: 'needs min, max or both' }]],
      ['an unknown product deep in a rule', definition({ criteria: { kind: 'any', rules: [{ kind: 'consent', channel: 'phone' }, { kind: 'not', rule: { kind: 'owns', products: ['platinum-card' as 'mastercard-gold'] } }] } }), [{ field: 'definition.criteria.rules.1.rule.products.0', message: expect.stringContaining('mastercard-classic') }]],
      ['an unknown field in a rule', definition({ exclusions: [{ kind: 'segment', in: ['youth'], also: 1 } as never] }), [{ field: 'definition.exclusions.0.also', message: 'is not a known field' }]],
      ['validity ending before it starts', definition({ validFrom: '2027-06-01', validUntil: '2027-05-31' }), [{ field: 'definition.validUntil', message: 'must not be before validFrom' }]],
      ['an outcome listed twice', definition({ outcomes: [{ outcome: 'not-interested' }, { outcome: 'not-interested' }] }), [{ field: 'definition.outcomes.1.outcome', message: 'not-interested is listed twice' }]],
      ['a missing name', definition({ name: undefined }), [{ field: 'definition.name', message: 'is required' }]],
    ])('%s', async (_what, body, fields) => {
      const id = newId();
      const res = await saveDraft(id, 0, body).expect(400);
      expect(res.body.fields).toEqual(fields);
      expect(res.body.error).toBe(res.body.fields.map((f: { field: string; message: string }) => `${f.field}: ${f.message}`).join('; '));
      await get(`/campaigns/${id}`).expect(404);
    });

    test('a missing revision, a bad id and a bad version number are 400s naming them', async () => {
      const id = newId();
      expect((await request(app).put(`/api/v1/campaigns/${id}/draft`).set(as('owner')).send({ definition: definition() }).expect(400)).body.fields).toEqual([{ field: 'revision', message: 'is required' }]);
      expect((await saveDraft('Kredit_Karte', 0, definition()).expect(400)).body.fields).toEqual([{ field: 'id', message: expect.stringMatching(/^lowercase letters/) }]);
      expect((await get(`/campaigns/${id}/versions/0`).expect(400)).body.fields).toEqual([{ field: 'version', message: 'must be at least 1' }]);
      expect((await get(`/campaigns/${id}/versions/2147483648`).expect(400)).body.fields).toEqual([{ field: 'version', message: 'must be at most 2147483647' }]);
      await get(`/campaigns/${id}/versions/1`).expect(404);
    });
  });

  test('every change is in the audit trail with its user; a replayed publish adds nothing', async () => {
    const id = await created();
    await saveDraft(id, 1, definition({ priority: 110 })).expect(200);
    const published = await publish(id, { key: 'audit-1' }).expect(201);
    await publish(id, { key: 'audit-1' }).expect(201);
    await publish(id).expect(409);
    const trail = (await get('/audit?actor=owner.test&limit=200', 'auditor').expect(200)).body.entries as AuditEntry[];
    const mine = trail.filter((entry) => entry.objectId === id).reverse();
    expect(mine).toEqual([
      expect.objectContaining({ actor: 'owner.test', role: 'process-owner', action: 'campaign.draft-saved', objectType: 'campaign', objectId: id, detail: { revision: 1, created: true, triggerKind: 'service-request', sha256: expect.any(String) } }),
      expect.objectContaining({ action: 'campaign.draft-saved', detail: expect.objectContaining({ revision: 2, created: false }) }),
      expect.objectContaining({ action: 'campaign.published', requestId: expect.any(String), detail: { version: 1, draftRevision: 2, sha256: published.body.sha256 } }),
    ]);
    expect(mine.every((entry) => entry.customerId === undefined)).toBe(true);
  });

  describe('the live versions the decision reads', () => {
    test('the newest published version of every campaign, valid on the day (bank time zone), parsed with defaults', async () => {
      const now = new Date('2027-03-10T12:00:00Z');
      const plain = await created({ name: 'ohne Zeitraum' });
      const future = await created({ validFrom: '2027-04-01' });
      const past = await created({ validUntil: '2027-03-09' });
      const lastDay = await created({ validUntil: '2027-03-10' });
      const neverPublished = await created();
      for (const id of [plain, future, past, lastDay]) await publish(id).expect(201);
      await saveDraft(plain, 1, definition({ name: 'ohne Zeitraum, v2' })).expect(200);
      await publish(plain).expect(201);

      const valid = (await store.livePublished(now)).filter((v) => [plain, future, past, lastDay, neverPublished].includes(v.campaignId));
      expect(valid.map((v) => [v.campaignId, v.version]).sort()).toEqual([[lastDay, 1], [plain, 2]].sort());
      expect(valid.find((v) => v.campaignId === plain)).toEqual({ campaignId: plain, version: 2, definition: CampaignDefinitionSchema.parse(definition({ name: 'ohne Zeitraum, v2' })), publishedAt: expect.any(String), publishedBy: 'owner.test' });
      // 23:30 UTC on the 10th is already the 11th in Berlin: the last day is over.
      expect((await store.livePublished(new Date('2027-03-10T23:30:00Z'))).map((v) => v.campaignId)).not.toContain(lastDay);
      // Without a day: every live version, valid or not (the decision may give "not valid" as a reason).
      const all = (await store.livePublished()).filter((v) => [plain, future, past, lastDay, neverPublished].includes(v.campaignId));
      expect(all.map((v) => v.campaignId).sort()).toEqual([plain, future, past, lastDay].sort());
    });

    test('a publish through the store clears its cache at once; another process sees it once the cache lifetime has passed', async () => {
      let clock = 1_000_000;
      const elsewhere = new PrismaCampaignStore(db.client, { cacheMs: 5_000, nowMs: () => clock });
      const id = await created();
      await publish(id).expect(201);
      const versionOf = async (s: PrismaCampaignStore) => (await s.livePublished()).find((v) => v.campaignId === id)?.version;
      expect(await versionOf(store)).toBe(1);
      expect(await versionOf(elsewhere)).toBe(1);

      await saveDraft(id, 1, definition({ priority: 42 })).expect(200);
      await publish(id).expect(201);
      expect(await versionOf(store)).toBe(2); // the app's store: cleared by its own publish
      expect(await versionOf(elsewhere)).toBe(1); // another instance: still its cached answer…
      clock += 5_000;
      expect(await versionOf(elsewhere)).toBe(2); // …until its lifetime is over
    });
  });
});

test('the OpenAPI document keeps the recursive criteria as a component, with no dangling $defs', async () => {
  const { body } = await request(api.app).get('/api/v1/openapi.json').expect(200);
  const text = JSON.stringify(body);
  expect(text).not.toContain('#/$defs/');
  expect(body.components.schemas.CampaignCriterion.oneOf.length).toBeGreaterThan(10);
  const draft = body.paths['/api/v1/campaigns/{id}/draft'].put.requestBody.content['application/json'].schema;
  expect(draft.properties.definition.properties.criteria).toEqual({ $ref: '#/components/schemas/CampaignCriterion' });
  expect(Object.keys(body.paths['/api/v1/campaigns/{id}/publish'].post.responses).sort()).toEqual(['201', '400', '401', '403', '404', '409', '413', '415', '422']);
});
