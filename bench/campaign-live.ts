/**
 * What does reading the live campaigns cost on a live call? The service-request decision reads
 * `livePublished()` for every contact. Measures, with 20 published campaigns of 5 versions each,
 * the store without its cache (one query, 20 definitions parsed) and with it (the default: answers
 * from memory until a publish or 5 s), p50 and p99 in milliseconds.
 *
 *   npx tsx bench/campaign-live.ts     (SQLite; DATABASE_URL=postgresql://… adds PostgreSQL)
 */
import { performance } from 'node:perf_hooks';
import { CampaignDefinitionSchema, SERVICE_PROCESS_CODES, type CampaignDefinition } from '../domain/campaign';
import { PrismaCampaignStore } from '../prisma/campaign.repository';
import { createTestDatabase, providersUnderTest } from '../test/support/database';

const CAMPAIGNS = 20;
const VERSIONS = 5;
const ROUNDS = 500;

/** A definition about as large as a pilot campaign's (criteria, exclusions, a script with objections). */
function definitionOf(index: number, version: number): CampaignDefinition {
  return CampaignDefinitionSchema.parse({
    name: `Kampagne ${index}`,
    trigger: { kind: 'service-request', processes: [SERVICE_PROCESS_CODES[index % SERVICE_PROCESS_CODES.length]] },
    criteria: {
      kind: 'all',
      rules: [
        { kind: 'age', min: 18 },
        { kind: 'not', rule: { kind: 'segment', in: ['business'] } },
        { kind: 'not', rule: { kind: 'owns', products: ['mastercard-gold'] } },
        { kind: 'last-contact-older-than', topic: 'kreditkarte', days: 90 },
      ],
    },
    exclusions: [{ kind: 'federal-state', in: ['BY'] }],
    offer: { product: 'mastercard-gold', topic: 'kreditkarte', title: 'MasterCard Gold', argument: 'Reiseversicherungen und weltweit gebührenfrei bezahlen.'.repeat(3) },
    script: {
      opening: 'Guten Tag, darf ich Ihnen noch etwas zeigen, das zu Ihnen passt? '.repeat(8),
      objections: Array.from({ length: 4 }, (_, i) => ({ objection: `Einwand ${i}`, answer: 'Das verstehe ich gut, doch bedenken Sie bitte … '.repeat(6) })),
    },
    outcomes: [{ outcome: 'interested-transfer', say: 'Ich verbinde Sie.' }, { outcome: 'interested-callback' }, { outcome: 'not-interested', say: 'Schade.' }, { outcome: 'maybe-later' }],
    priority: version,
  });
}

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(3);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`;
}

async function main(): Promise<void> {
  for (const provider of providersUnderTest()) {
    const testDb = await createTestDatabase(provider);
    const db = await testDb.open();
    try {
      const seed = new PrismaCampaignStore(db.client, { cacheMs: 0 });
      for (let index = 0; index < CAMPAIGNS; index++) {
        let revision = 0;
        for (let version = 1; version <= VERSIONS; version++) {
          const saved = await seed.saveDraft(`campaign-${index}`, definitionOf(index, version), { revision, by: 'bench' });
          if (saved.kind !== 'saved') throw new Error(`draft not saved: ${saved.kind}`);
          revision = saved.draft.revision;
          const published = await seed.publish(`campaign-${index}`, { by: 'bench' });
          if (published.kind !== 'published') throw new Error(`not published: ${published.kind}`);
        }
      }
      for (const [label, store] of [
        ['without cache', new PrismaCampaignStore(db.client, { cacheMs: 0 })],
        ['with cache', new PrismaCampaignStore(db.client)],
      ] as const) {
        const samples: number[] = [];
        for (let round = -20; round < ROUNDS; round++) {
          const started = performance.now();
          const live = await store.livePublished(new Date());
          const elapsed = performance.now() - started;
          if (live.length !== CAMPAIGNS) throw new Error(`expected ${CAMPAIGNS} live campaigns, got ${live.length}`);
          if (round >= 0) samples.push(elapsed);
        }
        console.log(`${provider.padEnd(10)} livePublished ${label.padEnd(13)} ${percentiles(samples)}`);
      }
    } finally {
      await db.close();
      await testDb.drop();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
