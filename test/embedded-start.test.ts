/**
 * `npm start` as a newcomer runs it: the embedded Temporal dev server, worker, REST API and
 * SQLite in one process. A block made before a restart (Ctrl-C) is still there after it, and
 * its workflow still answers and can be lifted.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reservedPort } from './support/ports';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
let dataDir: string;
let ports: { api: number; temporal: number; ui: number; coreBanking: number; telephony: number; smtp: number };


interface Running {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
}

async function start(): Promise<Running> {
  const child = spawn(TSX, ['workers/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, 'app.db')}`,
      PORT: String(ports.api),
      TEMPORAL_DEV_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      CORE_BANKING_SIM_PORT: String(ports.coreBanking),
      TELEPHONY_SIM_PORT: String(ports.telephony),
      SMTP_CATCHER_PORT: String(ports.smtp),
      TEMPORAL_ADDRESS: '',
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not running after 90 s:\n${output}`)), 90_000);
    const check = () => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before running:\n${output}`));
    });
  });
  return { child, output: () => output };
}

async function stop({ child }: Running): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  return exited;
}

let agentToken = '';
const api = (pathname: string, init?: RequestInit) =>
  fetch(`http://127.0.0.1:${ports.api}${pathname}`, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${agentToken}`, ...init?.headers },
  });

/** The demo agent's token, as `npm start` prints it. */
function printedAgentToken(output: string): string {
  const token = output.match(/^\s+agent\.anna\s+agent\s+(\S+)$/m)?.[1];
  if (!token) throw new Error(`no demo token for agent.anna in:\n${output}`);
  return token;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'drehscheibe-start-'));
  ports = { api: await reservedPort(), temporal: await reservedPort(), ui: await reservedPort(), coreBanking: await reservedPort(), telephony: await reservedPort(), smtp: await reservedPort() };
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test('npm start serves health, the API and the Temporal UI, and keeps blocks across a restart', async () => {
  const first = await start();
  let second: Running | undefined;
  try {
    expect(first.output()).toContain(`http://127.0.0.1:${ports.api}`);
    expect(first.output()).toContain(`Temporal UI   http://127.0.0.1:${ports.ui}`);
    expect((await api('/healthz')).status).toBe(200);
    agentToken = printedAgentToken(first.output());
    expect((await api('/api/v1/customers/K-777/contact-blocks', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ui = await fetch(`http://127.0.0.1:${ports.ui}/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/<html/i);

    const created = await api('/api/v1/contact-blocks', {
      method: 'POST',
      body: JSON.stringify({ customerId: 'K-777', topic: 'kreditkarte', months: 6, reason: 'kein Interesse' }),
    });
    expect(created.status).toBe(201);
    const { endsAt } = (await created.json()) as { endsAt: string };

    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain('stopping');

    second = await start();
    // Demo tokens derive from a secret kept in DATA_DIR: the same after a restart.
    expect(printedAgentToken(second.output())).toBe(agentToken);
    const listed = (await (await api('/api/v1/customers/K-777/contact-blocks')).json()) as { blocks: Array<{ endsAt: string }> };
    expect(listed.blocks).toEqual([expect.objectContaining({ topic: 'kreditkarte', endsAt })]);
    const extended = await api('/api/v1/contact-blocks', {
      method: 'POST',
      body: JSON.stringify({ customerId: 'K-777', topic: 'kreditkarte', months: 12, reason: 'wieder nein' }),
    });
    expect(extended.status).toBe(200);
    const lifted = await api('/api/v1/contact-blocks/K-777/kreditkarte', { method: 'DELETE' });
    expect(lifted.status).toBe(200);
    expect(((await lifted.json()) as { status: string; extensions: number })).toMatchObject({ status: 'lifted', extensions: 1 });
  } finally {
    if (first.child.exitCode === null) await stop(first);
    if (second) expect(await stop(second)).toBe(0);
  }
});
