/**
 * Ports for servers a test starts as child processes and must name in advance (and keep across
 * a restart). Asking the kernel for a free port (listen on 0, close, hand it over) races: another
 * suite's server asking the kernel meanwhile may be given the same port before ours binds it.
 * The kernel only hands out ports from its ephemeral range (32768–60999 on Linux), so ports
 * below it are never given to anyone else; each jest worker takes its own slice of them, so two
 * suites running at once never pick the same one.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const SLICE = 1000;
const FIRST = 20_000;

function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return low ?? 32_768;
  } catch {
    return 32_768;
  }
}

let next: number | undefined;

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A port in this jest worker's own slice below the ephemeral range that nothing listens on now
 * (a server left over from an earlier run is skipped).
 */
export async function reservedPort(): Promise<number> {
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  const base = FIRST + (worker - 1) * SLICE;
  if (base + SLICE > ephemeralRangeStart()) throw new Error(`no port slice below the ephemeral range for jest worker ${worker}`);
  next ??= base;
  while (next < base + SLICE) {
    const port = next++;
    if (await bindable(port)) return port;
  }
  throw new Error(`ports ${base}–${base + SLICE - 1} are all in use`);
}
