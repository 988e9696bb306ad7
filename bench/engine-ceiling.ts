/**
 * Drehscheibe's starts against the engine's own ceiling (issue 14, section 5), in one run on one
 * server, so the ratios hold on a noisy machine where raw figures do not:
 *
 * - the ceiling, raw SDK on a bundle of its own (bench/support/ceiling.workflows.ts): starts of a
 *   no-op workflow that no worker polls (start only), a no-op started and awaited (start →
 *   complete), and a workflow of one activity that does nothing, started and awaited;
 * - the REST starts an agent makes: `POST /api/v1/contact-blocks` (update-with-start, answered
 *   once the block is stored) and `POST /api/v1/callbacks` (answered once the process runs), each
 *   with an Idempotency-Key, through the whole API (auth, validation, idempotency store, audit);
 * - the consent check an agent runs during a contact (`POST /api/v1/consent-checks`), sequential;
 *
 * each at 8 and 32 concurrent clients (closed loop), taken in interleaved rounds so a burst of
 * noise from other processes hits every measurement alike. Throughput is reported as a ratio to
 * the one-activity workflow's at the same concurrency: a REST start is such a workflow plus the
 * API's own work. On the embedded default the same plan, shortened, runs a second time on a dev
 * server with the CLI's defaults, to show what the tuning in workers/dev-server-tuning.ts buys, and
 * once more with the workflows bundled from the eager index as before 2026-11-27 16:30 (every new
 * workflow evaluates every workflow and domain module), to show what workflows/worker-entry.ts buys.
 *
 * Writes bench/results/engine-ceiling.md (the table) and bench/results/engine-ceiling.svg.
 *
 *   npx tsx bench/engine-ceiling.ts [rounds=3]           (fresh embedded dev server, SQLite app database)
 *   TEMPORAL_ADDRESS=host:7233 npx tsx bench/engine-ceiling.ts   (a running cluster; no defaults pass)
 *   DATABASE_URL=postgresql://… …                         (the application database on PostgreSQL)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { primaryProvider } from '../test/support/database';
import { closedLoop, merged, percentile, throughputOf, type LoadResult, type Operation } from './support/load';
import { startBenchServer, type ServerTuning } from './support/temporal-server';
import { setUpBenchSystem } from './support/bench-system';
import { barChartSvg } from './support/svg-chart';
import { bundleWorkflows } from '../test/support/temporal';

const ROUNDS = Number(process.argv[2] ?? 3);
/** The eager entry every workflow evaluated in full before workflows/worker-entry.ts. */
const EAGER_INDEX = require.resolve('../workflows/index');
const RESULTS = path.resolve(__dirname, 'results');

interface Measured {
  name: string;
  clients: number;
  result: LoadResult;
}

interface PlanItem {
  name: string;
  clients: number;
  /** Operations per round. */
  perRound: number;
  operation: Operation;
}

/** Runs `plan` in `rounds` interleaved rounds after a short warm-up of every operation. */
async function runPlan(plan: PlanItem[], rounds: number): Promise<Measured[]> {
  for (const item of plan) await closedLoop(item.clients, Math.min(item.clients, 16), item.operation);
  const results = plan.map((): LoadResult[] => []);
  for (let round = 0; round < rounds; round++) {
    for (const [k, item] of plan.entries()) results[k]!.push(await closedLoop(item.clients, item.perRound, item.operation));
  }
  return plan.map((item, k) => ({ name: item.name, clients: item.clients, result: merged(results[k]!) }));
}

async function pass(tuning: ServerTuning, full: boolean, eager = false): Promise<{ label: string; measured: Measured[] }> {
  const server = await startBenchServer(tuning);
  try {
    const { operations, close } = await setUpBenchSystem(server, eager ? { bundle: await bundleWorkflows({ workflowsPath: EAGER_INDEX }) } : {});
    try {
      const at = (name: string, clients: number, perRound: number): PlanItem => ({ name, clients, perRound, operation: operations[name]! });
      const ceiling = ['start only (raw SDK, no-op)', 'start → complete (raw SDK, no-op)', 'one activity (raw SDK)'];
      const rest = ['REST POST contact-block', 'REST POST callback'];
      const plan: PlanItem[] = full
        ? [
            ...[8, 32].flatMap((clients) => [...ceiling, ...rest].map((name) => at(name, clients, clients === 8 ? 60 : 120))),
            at('REST POST consent-check', 1, 40),
          ]
        : [at('one activity (raw SDK)', 8, 60), at('REST POST contact-block', 8, 60), at('REST POST consent-check', 1, 40)];
      const label = eager ? `${server.label}, every workflow module loaded per workflow (eager index)` : server.label;
      return { label, measured: await runPlan(plan, full ? ROUNDS : Math.max(1, ROUNDS - 1)) };
    } finally {
      await close();
    }
  } finally {
    await server.stop();
  }
}

function table(label: string, measured: Measured[]): string {
  const ceilingAt = (clients: number) => measured.find((m) => m.name === 'one activity (raw SDK)' && m.clients === clients);
  const lines = [
    `**${label}**`,
    '',
    '| measurement | clients | ops/s | × one-activity ceiling | p50 ms | p99 ms | n |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const m of measured) {
    const ceiling = ceilingAt(m.clients);
    const ratio = ceiling ? (throughputOf(m.result) / throughputOf(ceiling.result)).toFixed(2) : '–';
    lines.push(`| ${m.name} | ${m.clients} | ${throughputOf(m.result).toFixed(1)} | ${ratio} | ${percentile(m.result.latencies, 50).toFixed(0)} | ${percentile(m.result.latencies, 99).toFixed(0)} | ${m.result.count} |`);
  }
  return lines.join('\n');
}

function chart(label: string, measured: Measured[]): string {
  const names = [...new Set(measured.filter((m) => m.clients !== 1).map((m) => m.name))];
  const value = (name: string, clients: number) => {
    const m = measured.find((item) => item.name === name && item.clients === clients);
    return m ? throughputOf(m.result) : Number.NaN;
  };
  return barChartSvg({
    title: "Starts against the engine's ceiling (one run, one server)",
    subtitle: `${label}; ${new Date().toISOString().slice(0, 10)}; 2 cores shared with other work`,
    axisLabel: 'operations per second (closed loop)',
    series: ['8 clients', '32 clients'],
    rows: names.map((name) => ({ label: name, values: [value(name, 8), value(name, 32)] })),
    format: (v) => v.toFixed(0),
  });
}

async function main(): Promise<void> {
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');
  const header = `Measured ${new Date().toISOString()} on ${cpus().length} cores (load average at start ${load()}), application database ${primaryProvider()}, ${ROUNDS} interleaved rounds.`;
  const main = await pass('production', true);
  const sections = [header, '', table(main.label, main.measured)];
  if (!process.env.TEMPORAL_ADDRESS) {
    const defaults = await pass('defaults', false);
    sections.push('', table(defaults.label, defaults.measured));
    // What loading only the workflow's own modules buys (workflows/worker-entry.ts), in the same run.
    const eager = await pass('production', false, true);
    sections.push('', table(eager.label, eager.measured));
  }
  sections.push('', `Load average at the end: ${load()}. Other processes shared the machine; compare ratios within one table, not raw figures across runs.`);
  const text = sections.join('\n');
  console.log(`\n${text}\n`);
  mkdirSync(RESULTS, { recursive: true });
  // The cluster's results sit beside the embedded default's, not over them.
  const name = process.env.TEMPORAL_ADDRESS ? 'engine-ceiling-cluster' : 'engine-ceiling';
  writeFileSync(path.join(RESULTS, `${name}.md`), `${text}\n`);
  writeFileSync(path.join(RESULTS, `${name}.svg`), chart(main.label, main.measured));
  console.log(`written: ${path.relative(process.cwd(), path.join(RESULTS, `${name}.md`))}, ${path.relative(process.cwd(), path.join(RESULTS, `${name}.svg`))}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
