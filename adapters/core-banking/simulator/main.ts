/**
 * The core-banking simulator as its own process, for development and for tests that kill it:
 *
 *   tsx adapters/core-banking/simulator/main.ts --port 4010 --journal .data/core-banking.jsonl [--seed 42] [--size 10000] [--host 127.0.0.1] [--hold-ttl-seconds 600]
 *
 * Prints `core-banking simulator listening on <url> …` once it accepts connections, and stops
 * cleanly on SIGINT or SIGTERM (a second signal exits at once).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SEED } from './population';
import { startCoreBankingSimulator } from './server';

const USAGE = 'usage: main.ts [--port 4010] [--host 127.0.0.1] [--journal FILE] [--seed 42] [--size 10000] [--as-of YYYY-MM-DD] [--hold-ttl-seconds 600]';

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"\n${USAGE}`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      journal: { type: 'string' },
      seed: { type: 'string' },
      size: { type: 'string' },
      'as-of': { type: 'string' },
      'hold-ttl-seconds': { type: 'string' },
    },
    strict: true,
  });
  const simulator = await startCoreBankingSimulator({
    port: integer('port', values.port, 4010),
    host: values.host,
    seed: integer('seed', values.seed, DEFAULT_SEED),
    size: integer('size', values.size, 10_000),
    asOf: values['as-of'],
    journalFile: values.journal,
    holdTtlMs: integer('hold-ttl-seconds', values['hold-ttl-seconds'], 600) * 1000,
  });
  const journal = values.journal ? `journal ${values.journal}` : 'no journal: writes are lost on exit';
  process.stdout.write(`core-banking simulator listening on ${simulator.url} (seed ${simulator.population.seed}, ${simulator.population.customers.length} customers, ${journal})\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    simulator.close().then(
      () => process.stdout.write('stopped\n'),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
