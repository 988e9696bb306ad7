/**
 * How fast does an agent on a live call get answers? Measures, in one run on one machine, the
 * latency of the endpoints an agent desktop calls during a contact, as ratios to `GET /healthz`
 * (a round trip that does almost nothing) so the figures survive a noisy machine, plus the raw
 * milliseconds for orientation. Also the pure policy decision's throughput, and the appointment
 * slot search an agent runs while the customer waits (issue 10: p50 and p99), and the refinement
 * decision on a service request with 20 published campaigns (issue 11: p99 budget 150 ms).
 *
 *   npm run bench                      (SQLite; DATABASE_URL=postgresql://… for PostgreSQL)
 *   BENCH_TUNING=defaults npm run bench   (the dev server without workers/dev-server-tuning.ts)
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import '../test/support/quiet-temporal';
import { createApp } from '../api/app';
import { seedPilotCatalog } from '../api/campaign-catalog';
import { CampaignDefinitionSchema } from '../domain/campaign';
import { PILOT_CATALOG } from '../domain/pilot-catalog';
import { PrismaCampaignStore } from '../prisma/campaign.repository';
import { decideContact, DEFAULT_CALLING_HOURS } from '../domain/contact-policy';
import { primaryProvider } from '../test/support/database';
import { appDeps } from '../test/support/app';
import { startTestSystem } from '../test/support/system';
import { startWorker } from '../test/support/worker';
import { tokenOf } from '../test/support/users';
import { startBenchServer } from './support/temporal-server';

const ROUNDS = 300;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(label: string, rounds: number, call: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await call(-1 - i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await call(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { label, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), max: samples[samples.length - 1]! };
}

async function main(): Promise<void> {
  // The server as `npm start` runs it (or the cluster at TEMPORAL_ADDRESS): bench/support/temporal-server.ts.
  const temporal = await startBenchServer(process.env.BENCH_TUNING === 'defaults' ? 'defaults' : 'production');
  const { env } = temporal;
  const system = await startTestSystem(primaryProvider());
  const taskQueue = `bench-${randomUUID()}`;
  const worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue));
  const app = createApp(appDeps({ temporal: env.client, taskQueue, ...system.appParts() }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = { authorization: `Bearer ${tokenOf('agent')}`, 'content-type': 'application/json' };
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const post = async (path: string, body: unknown, extra: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const customers = system.coreBanking.population.customers.slice(100, 100 + ROUNDS).map((c) => c.profile.customerId);
  const pick = (i: number) => customers[(i + ROUNDS) % ROUNDS]!;

  const results = [
    await time('GET /healthz (baseline)', ROUNDS, () => get('/healthz')),
    await time('GET contact-policy (advertising, phone)', ROUNDS, (i) => get(`/api/v1/customers/${pick(i)}/contact-policy?purpose=advertising&channel=phone&topic=kreditkarte`)),
    await time('GET active contact blocks', ROUNDS, (i) => get(`/api/v1/customers/${pick(i)}/contact-blocks`)),
    await time('POST consent-check (new contact)', 100, async (i) => {
      const res = await fetch(`${base}/api/v1/consent-checks`, { method: 'POST', headers, body: JSON.stringify({ customerId: pick(i), contactId: `bench-${randomUUID().slice(0, 8)}`, channel: 'phone' }) });
      if (!res.ok) throw new Error(`consent-check: ${res.status} ${await res.text()}`);
      return res.json();
    }),
    // What the one idempotency rule costs a start: the same block start with and without a key
    // (the key adds a claim row before and the stored answer after).
    await time('POST contact-block (no key)', 100, (i) => post('/api/v1/contact-blocks', { customerId: pick(i), topic: `bench-a-${randomUUID().slice(0, 8)}`, months: 1, reason: 'Bench' })),
    await time('POST contact-block (Idempotency-Key)', 100, (i) =>
      post('/api/v1/contact-blocks', { customerId: pick(i), topic: `bench-b-${randomUUID().slice(0, 8)}`, months: 1, reason: 'Bench' }, { 'Idempotency-Key': randomUUID() }),
    ),
    await time('POST contact-block (replayed key)', 100, (i) => post('/api/v1/contact-blocks', { customerId: pick(0), topic: 'bench-replay', months: 1, reason: 'Bench' }, { 'Idempotency-Key': i < 0 ? `warm-${i}` : 'bench-replay' })),
  ];
  // Slot search: free slots of every advisor of a branch on the topic, or of one advisor, over a
  // week and two weeks of local days from tomorrow (the simulator's calendars are half booked).
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
  const [advisor] = await system.appParts().coreBanking.listAdvisors({ branchId: 'F-01', topic: 'kreditkarte' });
  if (!advisor) throw new Error('no advisor for kreditkarte in F-01');
  results.push(
    await time('GET appointment-slots (branch, 7 days)', ROUNDS, () => get(`/api/v1/appointment-slots?topic=kreditkarte&branchId=F-01&from=${day(1)}&to=${day(7)}`)),
    await time('GET appointment-slots (branch, 14 days)', ROUNDS, () => get(`/api/v1/appointment-slots?topic=kreditkarte&branchId=F-01&from=${day(1)}&to=${day(14)}`)),
    await time('GET appointment-slots (advisor, 7 days)', ROUNDS, () => get(`/api/v1/appointment-slots?topic=kreditkarte&advisorId=${advisor.advisorId}&from=${day(1)}&to=${day(7)}`)),
  );
  // Refinement on a live call (issue 11): 20 published campaigns, 8 of them triggered by the
  // request measured (the catalog's credit-card upgrade and seven variants), each decision
  // reading core banking, consents, blocks and history anew and storing its snapshot.
  const campaigns = new PrismaCampaignStore(system.appParts().db.client);
  await seedPilotCatalog(campaigns);
  const upgrade = CampaignDefinitionSchema.parse(PILOT_CATALOG.find((entry) => entry.campaignId === 'pilot-10-kreditkarte-upgrade')!.definition);
  for (let k = 1; k <= 20 - PILOT_CATALOG.length; k++) {
    const saved = await campaigns.saveDraft(`bench-variant-${k}`, { ...upgrade, name: `Variante ${k}`, priority: 100 + k }, { revision: 0, by: 'bench' });
    if (saved.kind !== 'saved') throw new Error('bench campaign exists');
    await campaigns.publish(`bench-variant-${k}`, { by: 'bench' });
  }
  const live = await campaigns.livePublished(new Date());
  if (live.length !== 20) throw new Error(`expected 20 published campaigns, found ${live.length}`);
  const refinementApp = createApp(appDeps({ temporal: env.client, taskQueue, ...system.appParts(), campaigns }));
  const refinementServer = refinementApp.listen(0, '127.0.0.1');
  await new Promise((resolve) => refinementServer.once('listening', resolve));
  const refinementBase = `http://127.0.0.1:${(refinementServer.address() as AddressInfo).port}`;
  results.push(
    await time('POST service-requests (20 campaigns)', ROUNDS, async (i) => {
      const res = await fetch(`${refinementBase}/api/v1/service-requests`, {
        method: 'POST',
        headers: { ...headers, 'Idempotency-Key': randomUUID() },
        body: JSON.stringify({ customerId: pick(i), contactId: `bench-${randomUUID().slice(0, 8)}`, process: 'kreditkarte-bestehende', channel: 'phone' }),
      });
      if (res.status !== 201) throw new Error(`service-requests: ${res.status} ${await res.text()}`);
      return res.json();
    }),
  );
  refinementServer.close();
  const baseline = results[0]!.p50;

  // The pure decision, in process: what every outbound step pays.
  const input = {
    customer: { birthDate: '1970-05-01', federalState: 'NW' },
    consents: [{ channel: 'phone' as const, granted: true, recordedAt: new Date('2020-01-01T00:00:00Z') }],
    blocks: [{ topic: 'depot', endsAt: new Date('2027-01-01T00:00:00Z') }],
    history: Array.from({ length: 20 }, (_, k) => ({ at: new Date(Date.UTC(2026, 9, k + 1)), purpose: 'service' as const, channel: 'phone' as const, topic: 'giro' })),
    contact: { purpose: 'advertising' as const, channel: 'phone' as const, topic: 'kreditkarte', initiatedBy: 'bank' as const },
    caps: [{ maxContacts: 1, periodDays: 30 }],
    callingHours: DEFAULT_CALLING_HOURS,
    now: new Date('2026-11-24T09:00:00Z'),
  };
  for (let i = 0; i < 2000; i++) decideContact(input);
  const decisions = 20_000;
  const started = performance.now();
  for (let i = 0; i < decisions; i++) decideContact({ ...input, now: new Date(input.now.getTime() + i * 60_000) });
  const perDecisionUs = ((performance.now() - started) * 1000) / decisions;

  console.log(`\nAgent-facing latency (${primaryProvider()}, ${ROUNDS} calls each, sequential; ratio = p50 / p50 of /healthz in this run)`);
  console.log('endpoint'.padEnd(42), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'p99 ms'.padStart(8), 'max ms'.padStart(8), 'ratio'.padStart(7));
  for (const r of results) {
    console.log(r.label.padEnd(42), r.p50.toFixed(2).padStart(8), r.p95.toFixed(2).padStart(8), r.p99.toFixed(2).padStart(8), r.max.toFixed(2).padStart(8), (r.p50 / baseline).toFixed(1).padStart(7));
  }
  console.log(`\ndecideContact: ${perDecisionUs.toFixed(1)} µs per decision (${Math.round(1e6 / perDecisionUs)} per second on one core)`);

  server.close();
  await worker.stop();
  await system.close();
  await temporal.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
