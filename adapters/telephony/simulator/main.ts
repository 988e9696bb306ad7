/**
 * The telephony simulator as its own process, for development and manual testing:
 *
 *     tsx adapters/telephony/simulator/main.ts --port 4020 [--host 127.0.0.1]
 *
 * Prints its URL, starts with the queue `direktberatung` (2 advisors answering after 2 s), and
 * stops cleanly on Ctrl-C (SIGINT) or SIGTERM. Steer it over HTTP under `/_sim`.
 */
import { parseArgs } from 'node:util';
import { startTelephonySimulator } from './server';

async function main(): Promise<void> {
  let port: number;
  let host: string;
  try {
    const { values } = parseArgs({ options: { port: { type: 'string', default: '4020' }, host: { type: 'string', default: '127.0.0.1' } } });
    port = Number(values.port);
    host = values.host;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  } catch (error) {
    process.stderr.write(`telephony simulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }

  const simulator = await startTelephonySimulator({ port, host });
  simulator.control.setQueue('direktberatung', { agentsAvailable: 2, answerAfterMs: 2000 });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await simulator.close();
    process.stdout.write('telephony simulator stopped\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  process.stdout.write(`telephony simulator listening on ${simulator.url}   (controls: ${simulator.url}/_sim/…, e.g. GET ${simulator.url}/_sim/queues)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`telephony simulator could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
