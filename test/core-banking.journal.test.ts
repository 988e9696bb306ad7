/**
 * The simulator as its own process (`main.ts`) with a journal: a consent write it acknowledged
 * survives kill -9, and the same idempotency key after the restart is a duplicate, not a second
 * write. A cut-off last line (a write killed before its fsync returned) is dropped on start.
 * SIGTERM stops it cleanly.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RecordConsentCommand } from '../adapters/core-banking/core-banking.port';
import { HttpCoreBanking } from '../adapters/core-banking/http-core-banking';
import { ConsentLedger } from '../adapters/core-banking/simulator/consent-ledger';
import { DEFAULT_PERSONAS } from '../adapters/core-banking/simulator/population';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(ROOT, 'adapters', 'core-banking', 'simulator', 'main.ts');

let dir: string;
let journalFile: string;
const running = new Set<ChildProcessWithoutNullStreams>();

interface Simulator {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `main.ts` on a free port and resolves with its URL once it says it is listening. */
async function startSimulator(): Promise<Simulator> {
  // Its own process group: tsx runs the script in a child node process, and kill -9 must hit both
  // (a signal to tsx alone would leave that child running on the journal).
  const child = spawn(TSX, [MAIN, '--port', '0', '--journal', journalFile, '--size', '2000'], { cwd: ROOT, detached: true });
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator not listening after 20 s:\n${output}`)), 20_000);
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited with ${code} before listening:\n${output}`));
    });
  });
  return { child, url, output: () => output, exited };
}

/** kill -9 of tsx and the node process running the simulator. */
function killHard(child: ChildProcessWithoutNullStreams): void {
  if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
}

async function writesOf(url: string, customerId: string): Promise<Array<{ consentId: string; idempotencyKey: string }>> {
  const response = await fetch(`${url}/_sim/consents/${customerId}/writes`);
  return ((await response.json()) as { writes: Array<{ consentId: string; idempotencyKey: string }> }).writes;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'drehscheibe-core-banking-'));
  journalFile = path.join(dir, 'data', 'core-banking.jsonl');
});

afterEach(async () => {
  for (const child of running) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    killHard(child);
    await gone;
  }
  rmSync(dir, { recursive: true, force: true });
});

test('an acknowledged consent write survives kill -9, and its key stays a duplicate after the restart', async () => {
  const customerId = DEFAULT_PERSONAS.noConsent;
  const write: RecordConsentCommand = {
    customerId,
    purpose: 'advertising',
    channel: 'phone',
    granted: true,
    decidedAt: '2025-11-03T10:15:00.000Z',
    evidenceId: 'evidence-journal-1',
    idempotencyKey: 'journal-test-1',
  };

  const first = await startSimulator();
  const before = new HttpCoreBanking({ baseUrl: first.url });
  expect(await before.getConsents(customerId)).toEqual([]);
  const recorded = await before.recordConsent(write);
  expect(recorded.duplicate).toBe(false);
  killHard(first.child);
  expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

  const second = await startSimulator();
  const after = new HttpCoreBanking({ baseUrl: second.url });
  expect(await after.getConsents(customerId)).toEqual([{ purpose: 'advertising', channel: 'phone', granted: true, recordedAt: write.decidedAt }]);
  expect(await after.recordConsent(write)).toEqual({ consentId: recorded.consentId, duplicate: true });
  expect(await writesOf(second.url, customerId)).toEqual([expect.objectContaining({ consentId: recorded.consentId, idempotencyKey: write.idempotencyKey })]);
  expect(readFileSync(journalFile, 'utf8').trim().split('\n')).toHaveLength(1);
});

test('a line cut off by a crash is dropped on start, later writes land on lines of their own, and SIGTERM stops cleanly', async () => {
  const customerId = DEFAULT_PERSONAS.declined;
  const base = { customerId, purpose: 'advertising', channel: 'email', granted: true, decidedAt: '2025-11-03T10:15:00.000Z' } as const;

  const first = await startSimulator();
  const recorded = await new HttpCoreBanking({ baseUrl: first.url }).recordConsent({ ...base, evidenceId: 'ev-a', idempotencyKey: 'journal-test-a' });
  killHard(first.child);
  await first.exited;
  // What a kill in the middle of the next append leaves behind: half a line, no newline.
  appendFileSync(journalFile, '{"consentId":"never-acknowledged","customerId":"K-1000');

  const second = await startSimulator();
  const client = new HttpCoreBanking({ baseUrl: second.url });
  expect((await client.recordConsent({ ...base, evidenceId: 'ev-b', idempotencyKey: 'journal-test-b' })).duplicate).toBe(false);
  const lines = readFileSync(journalFile, 'utf8').split('\n');
  expect(lines.pop()).toBe('');
  expect(lines.map((line) => (JSON.parse(line) as { idempotencyKey: string }).idempotencyKey)).toEqual(['journal-test-a', 'journal-test-b']);
  expect((await writesOf(second.url, customerId)).map((w) => w.consentId)).toContainEqual(recorded.consentId);
  expect(await writesOf(second.url, customerId)).toHaveLength(2);

  // To tsx only, as a service manager would send it; tsx hands it on to the simulator.
  second.child.kill('SIGTERM');
  expect(await second.exited).toEqual({ code: 0, signal: null });
  expect(second.output()).toContain('stopped');
});

test('a journal damaged in the middle is refused rather than replayed without acknowledged writes', () => {
  const file = path.join(dir, 'damaged.jsonl');
  const good = JSON.stringify({
    consentId: 'c-1',
    customerId: 'K-100000',
    idempotencyKey: 'k-1',
    purpose: 'advertising',
    channel: 'phone',
    granted: true,
    decidedAt: '2025-11-03T10:15:00.000Z',
    evidenceId: 'ev-1',
    receivedAt: '2025-11-03T10:15:01.000Z',
  });
  writeFileSync(file, `${good}\nnot json\n${good.replace('k-1', 'k-2')}\n`);
  expect(() => ConsentLedger.fromJournal(file)).toThrow(/line 2/);
  writeFileSync(file, `${good}\n`);
  const ledger = ConsentLedger.fromJournal(file);
  expect(ledger.writesOf('K-100000').map((w) => w.idempotencyKey)).toEqual(['k-1']);
  ledger.close();
});
