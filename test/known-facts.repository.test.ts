/**
 * What Drehscheibe knows of a page of customers (the selection of a campaign run and its dry
 * run read it), on SQLite and PostgreSQL: consent decisions from the evidence (an `undecided`
 * answer is none), only blocks still active, only contacts and interests inside their windows,
 * and nothing of customers outside the page.
 */
import { PrismaConsentEvidenceStore } from '../prisma/consent-evidence.repository';
import { PrismaContactBlockStore } from '../prisma/contact-block.repository';
import { PrismaContactHistoryStore } from '../prisma/contact-history.repository';
import type { Database } from '../prisma/database';
import { PrismaKnownFacts } from '../prisma/known-facts.repository';
import { PrismaProfileNoteStore } from '../prisma/profile-note.repository';
import { createTestDatabase, providersUnderTest, type TestDatabase } from './support/database';

const AT = new Date('2026-11-26T09:00:00Z');
const days = (n: number) => new Date(AT.getTime() + n * 86_400_000).toISOString();

describe.each(providersUnderTest())('known facts on %s', (provider) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    db = await testDb.open();
    const evidence = new PrismaConsentEvidenceStore(db.client);
    const base = { purpose: 'advertising' as const, workflowId: 'consent:test' };
    await evidence.append({ ...base, id: 'e1', customerId: 'K-1', channel: 'phone', granted: false, answer: 'withdrawn', decidedAt: days(-3) });
    await evidence.append({ ...base, id: 'e2', customerId: 'K-1', channel: 'email', granted: false, answer: 'undecided', decidedAt: days(-2) });
    await evidence.append({ ...base, id: 'e3', customerId: 'K-2', channel: 'email', granted: true, answer: 'yes', decidedAt: days(-1) });
    const blocks = new PrismaContactBlockStore(db.client);
    const block = { reason: 'Kunde: kein Interesse', startedAt: days(-10), extensions: 0, version: 1 };
    await blocks.save({ ...block, blockId: 'b1', workflowId: 'contact-block:b1', customerId: 'K-1', topic: 'kreditkarte', status: 'active', endsAt: days(170) });
    await blocks.save({ ...block, blockId: 'b2', workflowId: 'contact-block:b2', customerId: 'K-1', topic: 'baufinanzierung', status: 'active', endsAt: days(-1) });
    await blocks.save({ ...block, blockId: 'b3', workflowId: 'contact-block:b3', customerId: 'K-2', topic: 'all', status: 'lifted', endsAt: days(100) });
    const history = new PrismaContactHistoryStore(db.client);
    const contact = { purpose: 'advertising' as const, channel: 'phone' as const, outcome: 'campaign-not-interested', workflowId: 'campaign-contact:test' };
    await history.record({ ...contact, id: 'h1', customerId: 'K-2', at: days(-20), topic: 'kreditkarte', campaignId: 'aktion-1' });
    await history.record({ ...contact, id: 'h2', customerId: 'K-2', at: days(-400), topic: 'girokonto' });
    const notes = new PrismaProfileNoteStore(db.client);
    const note = { contactId: 'C-1', recordedBy: 'agent.test', queue: 'filiale-F-01' };
    await notes.create({ ...note, id: 'pn-1', customerId: 'K-2', interests: ['immobilienkauf', 'geldanlage'], recordedAt: days(-30) });
    await notes.create({ ...note, id: 'pn-2', customerId: 'K-2', interests: ['immobilienkauf'], recordedAt: days(-5) });
    await notes.create({ ...note, id: 'pn-3', customerId: 'K-1', interests: ['fahrzeugkauf'], recordedAt: days(-500) });
    await notes.create({ ...note, id: 'pn-4', customerId: 'K-9', interests: ['fahrzeugkauf'], recordedAt: days(-1) });
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  test('one page: decisions, active blocks, contacts and interests in their windows', async () => {
    const known = await new PrismaKnownFacts(db.client).knownFacts(['K-1', 'K-2', 'K-3'], { at: AT, historySince: new Date(days(-365)), interestsSince: new Date(days(-365)) });
    expect([...known.keys()].sort()).toEqual(['K-1', 'K-2']);
    expect(known.get('K-1')).toEqual({
      consents: [{ channel: 'phone', granted: false, recordedAt: new Date(days(-3)) }],
      blocks: [{ topic: 'kreditkarte', endsAt: new Date(days(170)) }],
      history: [],
      interests: [],
    });
    const k2 = known.get('K-2')!;
    expect(k2.consents).toEqual([{ channel: 'email', granted: true, recordedAt: new Date(days(-1)) }]);
    expect(k2.blocks).toEqual([]);
    expect(k2.history).toEqual([{ at: new Date(days(-20)), purpose: 'advertising', channel: 'phone', topic: 'kreditkarte', campaignId: 'aktion-1' }]);
    expect([...k2.interests].sort()).toEqual(['geldanlage', 'immobilienkauf']);
  });

  test('a page larger than SQLite binds parameters (1,200 customers) reads in chunks', async () => {
    const many = [...Array.from({ length: 1_199 }, (_, i) => `K-X${i}`), 'K-2'];
    const known = await new PrismaKnownFacts(db.client).knownFacts(many, { at: AT, historySince: new Date(days(-365)), interestsSince: new Date(days(-365)) });
    expect([...known.keys()]).toEqual(['K-2']);
  });

  test('an empty page reads nothing', async () => {
    expect((await new PrismaKnownFacts(db.client).knownFacts([], { at: AT, historySince: AT, interestsSince: AT })).size).toBe(0);
  });
});
