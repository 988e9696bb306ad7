/**
 * What one write partition per task queue buys on the embedded dev server (workers/dev-server-tuning.ts):
 * the one-activity workflow of the engine-ceiling bench at 8 concurrent clients on two dev servers
 * started side by side, one with the production tuning, one with the same tuning but Temporal's
 * default of 4 write partitions, measured in interleaved rounds so noise hits both alike.
 *
 * With 4 partitions a task lands on a random partition and reaches a poll on another only through
 * the root partition's forwarding; now and then a task waited about 2 s for it.
 *
 *   npx tsx bench/task-queue-partitions.ts [rounds=5] [runsPerRound=300]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import '../test/support/quiet-temporal';
import { DEV_SERVER_DYNAMIC_CONFIG, devServerTuningArgs } from '../workers/dev-server-tuning';
import { resolveTemporalCli } from '../tools/temporal-cli';
import { closedLoop, merged, percentile, throughputOf, type LoadResult } from './support/load';
import { ceilingActivities } from './support/ceiling.activities';

const ROUNDS = Number(process.argv[2] ?? 5);
const PER_ROUND = Number(process.argv[3] ?? 300);
const PARTITIONS_KEY = 'matching.numTaskqueueWritePartitions';

interface Setup {
  label: string;
  run: () => Promise<unknown>;
  close: () => Promise<void>;
}

async function setUp(label: string, extraArgs: string[]): Promise<Setup> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'drehscheibe-partitions-'));
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: await resolveTemporalCli(), dbFilename: path.join(dataDir, 'temporal.db'), log: { format: 'pretty', level: 'error' }, extraArgs },
  });
  const taskQueue = `partitions-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: require.resolve('./support/ceiling.workflows'), activities: ceilingActivities });
  const running = worker.run();
  return {
    label,
    run: () => env.client.workflow.execute('benchOneActivity', { taskQueue, workflowId: `partitions-${randomUUID()}` }),
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  if (DEV_SERVER_DYNAMIC_CONFIG[PARTITIONS_KEY] !== 1) throw new Error(`the production tuning no longer sets ${PARTITIONS_KEY} to 1; this bench compares against it`);
  const setups = [
    await setUp('production tuning (1 write partition)', devServerTuningArgs()),
    await setUp('same, 4 write partitions (Temporal default)', devServerTuningArgs({ [PARTITIONS_KEY]: 4 })),
  ];
  try {
    for (const setup of setups) await closedLoop(8, 50, setup.run);
    const results = setups.map((): LoadResult[] => []);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [k, setup] of setups.entries()) results[k]!.push(await closedLoop(8, PER_ROUND, setup.run));
    }
    const all = results.map((rounds) => merged(rounds));
    const reference = throughputOf(all[1]!);
    const lines = [
      `Measured ${new Date().toISOString()}: one-activity workflow, 8 clients, ${ROUNDS} interleaved rounds of ${PER_ROUND}.`,
      '',
      '| server | ops/s | × 4 partitions | p50 ms | p99 ms | max ms | runs over 1 s | n |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...setups.map((setup, k) => {
        const r = all[k]!;
        const max = r.latencies[r.latencies.length - 1] ?? Number.NaN;
        return `| ${setup.label} | ${throughputOf(r).toFixed(1)} | ${(throughputOf(r) / reference).toFixed(2)} | ${percentile(r.latencies, 50).toFixed(0)} | ${percentile(r.latencies, 99).toFixed(0)} | ${max.toFixed(0)} | ${r.latencies.filter((l) => l > 1000).length} | ${r.count} |`;
      }),
    ];
    console.log(`\n${lines.join('\n')}\n`);
  } finally {
    for (const setup of setups) await setup.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
