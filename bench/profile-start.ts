/**
 * One start of the engine-ceiling bench under load, alone, to profile where its CPU goes:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-start.ts ['REST POST contact-block'] [count=400]
 *
 * (one .cpuprofile per thread: the main thread runs the API and the activities, a workflow
 * thread per task queue runs the workflows). Prints ops/s, p50 and p99 of the measured part
 * after a warm-up of 100; the operations are those of bench/support/bench-system.ts.
 */
import { closedLoop, percentile, throughputOf } from './support/load';
import { setUpBenchSystem } from './support/bench-system';
import { startBenchServer } from './support/temporal-server';

async function main(): Promise<void> {
  const name = process.argv[2] ?? 'REST POST contact-block';
  const count = Number(process.argv[3] ?? 400);
  const server = await startBenchServer('production');
  const { operations, close } = await setUpBenchSystem(server);
  const operation = operations[name];
  if (!operation) throw new Error(`no operation "${name}"; there are: ${Object.keys(operations).join(', ')}`);
  try {
    await closedLoop(8, 100, operation);
    const result = await closedLoop(8, count, operation);
    console.log(`${name}: ${throughputOf(result).toFixed(1)}/s at 8 clients, p50 ${percentile(result.latencies, 50).toFixed(0)} ms, p99 ${percentile(result.latencies, 99).toFixed(0)} ms`);
  } finally {
    await close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
