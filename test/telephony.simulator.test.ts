/**
 * The telephony simulator's HTTP side: the `/_sim` controls that the embedded development setup
 * and manual testing use, the gateway's error answers, and the simulator as its own process.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startTelephonySimulator, type TelephonySimulator } from '../adapters/telephony/simulator/server';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

let simulator: TelephonySimulator;

beforeAll(async () => {
  simulator = await startTelephonySimulator();
});

afterAll(() => simulator.close());

beforeEach(() => simulator.control.reset());

/** A JSON request to the simulator; answers status and parsed body (undefined when empty). */
async function call(method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${simulator.url}${pathname}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const transferBody = { targetQueue: 'direktberatung', announcement: 'Kunde K-1, Kreditkarte', timeoutSeconds: 1 };
const warmTransfer = (callId: string, key: string, body: unknown = transferBody) =>
  call('POST', `/calls/${callId}/warm-transfers`, body, { 'Idempotency-Key': key });
const placeCall = (phoneNumber: string, key: string) =>
  call('POST', '/outbound-calls', { phoneNumber, queue: 'ksc-outbound' }, { 'Idempotency-Key': key });

describe('/_sim/calls', () => {
  it('starts a call with a given or a generated id, lists it, and ends it', async () => {
    expect(await call('POST', '/_sim/calls', { callId: 'call-4711' })).toEqual({ status: 201, body: { callId: 'call-4711' } });
    const generated = await call('POST', '/_sim/calls');
    expect(generated.status).toBe(201);
    expect(generated.body?.callId).toEqual(expect.any(String));

    expect((await call('GET', '/_sim/calls')).body).toEqual({
      calls: [
        expect.objectContaining({ callId: 'call-4711', direction: 'inbound', state: 'with-agent' }),
        expect.objectContaining({ callId: generated.body?.callId, state: 'with-agent' }),
      ],
    });

    expect((await call('DELETE', '/_sim/calls/call-4711')).status).toBe(204);
    expect(simulator.control.calls()[0]).toMatchObject({ callId: 'call-4711', state: 'ended' });
  });

  it('answers 409 for a call id in use and 404 for ending an unknown call', async () => {
    await call('POST', '/_sim/calls', { callId: 'call-1' });

    expect(await call('POST', '/_sim/calls', { callId: 'call-1' })).toEqual({ status: 409, body: { code: 'call-exists', message: expect.any(String) } });
    expect(await call('DELETE', '/_sim/calls/call-2')).toEqual({ status: 404, body: { code: 'call-not-found', message: expect.any(String) } });
  });
});

describe('/_sim/queues and /_sim/transfers', () => {
  it('sets a queue that the next transfer follows, and lists the transfer', async () => {
    const queue = await call('PUT', '/_sim/queues/direktberatung', { agentsAvailable: 1, answerAfterMs: 0 });
    expect(queue).toEqual({ status: 200, body: { queue: 'direktberatung', agentsAvailable: 1, answerAfterMs: 0, busy: 0 } });
    await call('POST', '/_sim/calls', { callId: 'call-1' });

    const transfer = await warmTransfer('call-1', 'k-1');

    expect(transfer).toEqual({ status: 200, body: { outcome: 'connected', advisorId: 'direktberatung-advisor-1' } });
    expect((await call('GET', '/_sim/transfers')).body).toEqual({
      transfers: [expect.objectContaining({ callId: 'call-1', idempotencyKey: 'k-1', announcement: 'Kunde K-1, Kreditkarte', state: 'done', outcome: 'connected' })],
    });
    expect((await call('GET', '/_sim/queues')).body).toEqual({ queues: [expect.objectContaining({ queue: 'direktberatung', busy: 1 })] });
  });

  it('lets a queue never answer', async () => {
    await call('PUT', '/_sim/queues/direktberatung', { agentsAvailable: 1, answerAfterMs: 'never' });
    await call('POST', '/_sim/calls', { callId: 'call-1' });

    expect((await warmTransfer('call-1', 'k-1', { ...transferBody, timeoutSeconds: 0.2 })).body).toEqual({ outcome: 'timed-out' });
  });

  it('answers 400 naming the field for a bad queue setting', async () => {
    const answer = await call('PUT', '/_sim/queues/direktberatung', { agentsAvailable: -1, answerAfterMs: 'soon' });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid-request' });
    expect(answer.body?.message).toEqual(expect.stringContaining('agentsAvailable'));
    expect(answer.body?.message).toEqual(expect.stringContaining('answerAfterMs'));
    expect(simulator.control.queues()).toEqual([]);
  });
});

describe('/_sim/outbound', () => {
  it('sets the default outcome and one for a single number', async () => {
    expect((await call('PUT', '/_sim/outbound', { outcome: 'busy', afterMs: 0 })).status).toBe(200);
    expect((await call('PUT', '/_sim/outbound/%2B4940555666', { outcome: 'failed', afterMs: 0, reason: 'invalid number' })).status).toBe(200);

    expect((await placeCall('+4930123456', 'a')).body).toEqual({ outcome: 'busy' });
    expect((await placeCall('+4940555666', 'b')).body).toEqual({ outcome: 'failed', reason: 'invalid number' });
  });

  it('answers 400 for a number that is not E.164 and for an unknown outcome', async () => {
    expect((await call('PUT', '/_sim/outbound/0401234', { outcome: 'busy', afterMs: 0 })).status).toBe(400);
    expect((await call('PUT', '/_sim/outbound', { outcome: 'voicemail', afterMs: 0 })).status).toBe(400);
  });
});

describe('/_sim/faults and /_sim/reset', () => {
  it('fails the next gateway requests as told, but never the controls', async () => {
    expect((await call('POST', '/_sim/faults', { status: 502, code: 'bad-gateway', times: 2 })).status).toBe(204);

    expect((await call('GET', '/_sim/calls')).status).toBe(200);
    expect(await placeCall('+4930123456', 'a')).toEqual({ status: 502, body: { code: 'bad-gateway', message: expect.any(String) } });
    expect((await placeCall('+4930123456', 'a')).status).toBe(502);
    expect((await placeCall('+4930123456', 'a')).body).toMatchObject({ outcome: 'answered' });
  });

  it('refuses a fault that would do nothing', async () => {
    expect((await call('POST', '/_sim/faults', { times: 3 })).status).toBe(400);
  });

  it('forgets calls, queues, transfers and idempotency keys', async () => {
    await call('PUT', '/_sim/queues/direktberatung', { agentsAvailable: 1, answerAfterMs: 0 });
    await call('POST', '/_sim/calls', { callId: 'call-1' });
    await warmTransfer('call-1', 'k-1');

    expect((await call('POST', '/_sim/reset')).status).toBe(204);

    expect(simulator.control.calls()).toEqual([]);
    expect(simulator.control.queues()).toEqual([]);
    expect(simulator.control.transfers()).toEqual([]);
    // The same key is new again: the call is unknown now.
    expect((await warmTransfer('call-1', 'k-1')).body).toEqual({ outcome: 'call-ended' });
  });

  it('answers a transfer still ringing at a reset with 503', async () => {
    await call('PUT', '/_sim/queues/direktberatung', { agentsAvailable: 1, answerAfterMs: 'never' });
    await call('POST', '/_sim/calls', { callId: 'call-1' });
    const ringing = warmTransfer('call-1', 'k-1', { ...transferBody, timeoutSeconds: 5 });
    while (simulator.control.transfers().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    await call('POST', '/_sim/reset');

    expect(await ringing).toEqual({ status: 503, body: { code: 'simulator-reset', message: expect.any(String) } });
  });
});

describe('gateway errors', () => {
  it('answers 400 for a missing Idempotency-Key or a bad body, naming what is wrong', async () => {
    await call('POST', '/_sim/calls', { callId: 'call-1' });

    const noKey = await call('POST', '/calls/call-1/warm-transfers', transferBody);
    expect(noKey.status).toBe(400);
    expect(noKey.body?.message).toEqual(expect.stringContaining('Idempotency-Key'));

    const badBody = await warmTransfer('call-1', 'k-1', { ...transferBody, timeoutSeconds: 1000, extra: true });
    expect(badBody.status).toBe(400);
    expect(badBody.body?.message).toEqual(expect.stringContaining('timeoutSeconds'));

    const notJson = await fetch(`${simulator.url}/outbound-calls`, { method: 'POST', headers: { 'content-type': 'application/json', 'Idempotency-Key': 'k' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(simulator.control.transfers()).toEqual([]);
  });

  it('answers 409 for a second transfer of a call that is still ringing', async () => {
    await call('PUT', '/_sim/queues/direktberatung', { agentsAvailable: 2, answerAfterMs: 'never' });
    await call('POST', '/_sim/calls', { callId: 'call-1' });
    const first = warmTransfer('call-1', 'k-1', { ...transferBody, timeoutSeconds: 0.3 });
    while (simulator.control.transfers().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    expect((await warmTransfer('call-1', 'k-2')).body).toMatchObject({ code: 'transfer-in-progress' });
    expect((await first).body).toEqual({ outcome: 'timed-out' });
  });

  it('answers 404 with an error body for an unknown endpoint', async () => {
    expect(await call('GET', '/nothing-here')).toEqual({ status: 404, body: { code: 'not-found', message: expect.any(String) } });
  });
});

describe('main.ts', () => {
  it('runs as its own process with the development queue, prints its URL and stops on SIGTERM', async () => {
    const child = spawn(TSX, ['adapters/telephony/simulator/main.ts', '--port', '0'], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL after 8 s:\n${output}`)), 8000);
        child.stdout.on('data', () => {
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });

      const queues = (await (await fetch(`${url}/_sim/queues`)).json()) as unknown;
      expect(queues).toEqual({ queues: [{ queue: 'direktberatung', agentsAvailable: 2, answerAfterMs: 2000, busy: 0 }] });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('telephony simulator stopped');
  });
});
