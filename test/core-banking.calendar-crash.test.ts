/**
 * The simulator as its own process (`main.ts`) with a journal: calendar changes it acknowledged
 * survive kill -9 (they go to `core-banking.calendar.jsonl` beside the consents' journal), and a
 * repeated key after the restart answers what it answered before the crash.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CalendarError, type Interval } from '../adapters/core-banking/core-banking.port';
import { HttpCoreBanking } from '../adapters/core-banking/http-core-banking';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(ROOT, 'adapters', 'core-banking', 'simulator', 'main.ts');
const MINUTE = 60_000;

let dir: string;
const running = new Set<ChildProcessWithoutNullStreams>();

/** Starts `main.ts` on a free port and resolves with its URL once it says it is listening. */
async function startSimulator(journalFile: string): Promise<{ child: ChildProcessWithoutNullStreams; url: string; exited: Promise<unknown> }> {
  // Its own process group, so kill -9 hits tsx and the node process it runs.
  const child = spawn(TSX, [MAIN, '--port', '0', '--journal', journalFile, '--size', '200', '--as-of', '2026-01-01'], { cwd: ROOT, detached: true });
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) =>
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
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`simulator exited before listening:\n${output}`));
    });
  });
  return { child, url, exited };
}

function killHard(child: ChildProcessWithoutNullStreams): void {
  if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'drehscheibe-calendar-crash-'));
});

afterEach(async () => {
  for (const child of running) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    killHard(child);
    await gone;
  }
  rmSync(dir, { recursive: true, force: true });
});

test('a confirmed booking and a moved one survive kill -9; their keys answer as before; the slots stay taken', async () => {
  const journalFile = path.join(dir, 'data', 'core-banking.jsonl');
  const first = await startSimulator(journalFile);
  const before = new HttpCoreBanking({ baseUrl: first.url });
  // The process runs on real time: book in the coming two weeks.
  const from = new Date(Math.ceil((Date.now() + 86_400_000) / (15 * MINUTE)) * 15 * MINUTE).toISOString();
  const to = new Date(Date.parse(from) + 14 * 86_400_000).toISOString();
  let advisorId = '';
  let slots: Interval[] = [];
  for (const advisor of await before.listAdvisors({ branchId: 'F-01' })) {
    const { free } = await before.getFreeBusy(advisor.advisorId, { from, to });
    slots = free
      .filter((f) => Date.parse(f.end) - Date.parse(f.start) >= 60 * MINUTE && Date.parse(f.start) % (15 * MINUTE) === 0)
      .map((f) => ({ start: f.start, end: new Date(Date.parse(f.start) + 60 * MINUTE).toISOString() }));
    advisorId = advisor.advisorId;
    if (slots.length >= 3) break;
  }
  expect(slots.length).toBeGreaterThanOrEqual(3);
  const [a, b, c] = slots as [Interval, Interval, Interval];
  const booked = await before.holdSlot({ advisorId, ...a, subject: 'Beratung', idempotencyKey: 'crash-hold-1' });
  const confirmed = await before.confirmBooking({ bookingId: booked.bookingId, idempotencyKey: 'crash-confirm-1' });
  const other = await before.holdSlot({ advisorId, ...b, subject: 'Beratung', idempotencyKey: 'crash-hold-2' });
  const moved = await before.moveBooking({ bookingId: other.bookingId, ...c, idempotencyKey: 'crash-move-2' });
  killHard(first.child);
  await first.exited;
  expect(existsSync(path.join(dir, 'data', 'core-banking.calendar.jsonl'))).toBe(true);

  const second = await startSimulator(journalFile);
  const after = new HttpCoreBanking({ baseUrl: second.url });
  expect(await after.getBooking(booked.bookingId)).toEqual(confirmed);
  expect((await after.getBooking(other.bookingId))?.start).toBe(moved.start);
  expect(await after.holdSlot({ advisorId, ...a, subject: 'Beratung', idempotencyKey: 'crash-hold-1' })).toEqual(booked);
  expect(await after.confirmBooking({ bookingId: booked.bookingId, idempotencyKey: 'crash-confirm-1' })).toEqual(confirmed);
  const taken = await after.holdSlot({ advisorId, ...a, subject: 'Beratung', idempotencyKey: 'crash-hold-3' }).catch((e: unknown) => e);
  expect(taken).toBeInstanceOf(CalendarError);
  expect(taken).toMatchObject({ reason: 'slot-taken' });
  // The slot the move left is free again after the restart.
  expect((await after.holdSlot({ advisorId, ...b, subject: 'Beratung', idempotencyKey: 'crash-hold-4' })).status).toBe('held');
});
