/**
 * `HttpTelephony` against the telephony simulator over real HTTP on 127.0.0.1: every outcome of
 * a warm transfer and an outbound call, idempotency (also for overlapping requests), and how
 * failures of the gateway become `TelephonyError` kinds without personal data in the message.
 */
import { HttpTelephony } from '../adapters/telephony/http-telephony';
import { startTelephonySimulator, type TelephonySimulator } from '../adapters/telephony/simulator/server';
import { TelephonyError, type WarmTransferRequest } from '../adapters/telephony/telephony.port';

const QUEUE = 'direktberatung';
const NUMBER = '+4930123456';

let simulator: TelephonySimulator;
let telephony: HttpTelephony;
let keys = 0;

beforeAll(async () => {
  simulator = await startTelephonySimulator();
  telephony = new HttpTelephony({ baseUrl: simulator.url, requestTimeoutMs: 2000 });
});

afterAll(() => simulator.close());

beforeEach(() => simulator.control.reset());

/** A transfer of `callId` with a fresh idempotency key, unless `overrides` names one. */
function transfer(callId: string, overrides: Partial<WarmTransferRequest> = {}): WarmTransferRequest {
  keys += 1;
  return {
    callId,
    targetQueue: QUEUE,
    announcement: 'Kundin K-100042, Interesse an Kreditkarte',
    timeoutSeconds: 2,
    idempotencyKey: `transfer-${keys}`,
    ...overrides,
  };
}

/** Runs `action` and answers the `TelephonyError` it must throw. */
async function telephonyError(action: () => Promise<unknown>): Promise<TelephonyError> {
  const error = await action().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof TelephonyError)) throw new Error(`expected a TelephonyError, got ${String(error)}`);
  return error;
}

describe('warm transfer', () => {
  it('connects the customer to an advisor who answers, and the agent leaves the call', async () => {
    simulator.control.setQueue(QUEUE, { agentsAvailable: 1, answerAfterMs: 20 });
    const callId = simulator.control.startCall();

    const result = await telephony.warmTransfer(transfer(callId));

    expect(result).toEqual({ outcome: 'connected', advisorId: expect.any(String) });
    const advisorId = result.outcome === 'connected' ? result.advisorId : undefined;
    expect(simulator.control.calls()).toEqual([expect.objectContaining({ callId, state: 'with-advisor', advisorId })]);
  });

  it('hands the announcement, queue and timeout to the telephony platform', async () => {
    simulator.control.setQueue(QUEUE, { agentsAvailable: 1, answerAfterMs: 0 });
    const callId = simulator.control.startCall();
    const request = transfer(callId, { announcement: 'Kunde K-200017, Sorten bestellt, möchte Kreditkarte', timeoutSeconds: 1.5 });

    await telephony.warmTransfer(request);

    expect(simulator.control.transfers()).toEqual([
      expect.objectContaining({
        callId,
        idempotencyKey: request.idempotencyKey,
        targetQueue: QUEUE,
        announcement: 'Kunde K-200017, Sorten bestellt, möchte Kreditkarte',
        timeoutSeconds: 1.5,
        outcome: 'connected',
      }),
    ]);
  });

  it('answers no-agent-available for a queue nobody staffs, or whose advisors are all busy', async () => {
    const first = simulator.control.startCall();
    await expect(telephony.warmTransfer(transfer(first))).resolves.toEqual({ outcome: 'no-agent-available' });

    simulator.control.setQueue(QUEUE, { agentsAvailable: 1, answerAfterMs: 0 });
    await expect(telephony.warmTransfer(transfer(first))).resolves.toMatchObject({ outcome: 'connected' });
    // The only advisor is now talking to the first customer.
    const second = simulator.control.startCall();
    await expect(telephony.warmTransfer(transfer(second))).resolves.toEqual({ outcome: 'no-agent-available' });

    simulator.control.endCall(first);
    await expect(telephony.warmTransfer(transfer(second))).resolves.toMatchObject({ outcome: 'connected' });
  });

  it('times out when nobody answers, and returns within the bound', async () => {
    simulator.control.setQueue(QUEUE, { agentsAvailable: 2, answerAfterMs: 'never' });
    const callId = simulator.control.startCall();

    const started = Date.now();
    const result = await telephony.warmTransfer(transfer(callId, { timeoutSeconds: 0.3 }));

    expect(result).toEqual({ outcome: 'timed-out' });
    expect(Date.now() - started).toBeLessThan(300 + 2000);
    // The advisor who did not pick up is free again, the customer still with the agent.
    expect(simulator.control.queues()).toEqual([expect.objectContaining({ queue: QUEUE, busy: 0 })]);
    expect(simulator.control.calls()).toEqual([expect.objectContaining({ callId, state: 'with-agent' })]);
  });

  it('times out when the advisor would answer only after the timeout', async () => {
    simulator.control.setQueue(QUEUE, { agentsAvailable: 1, answerAfterMs: 5000 });
    const callId = simulator.control.startCall();

    const started = Date.now();
    await expect(telephony.warmTransfer(transfer(callId, { timeoutSeconds: 0.3 }))).resolves.toEqual({ outcome: 'timed-out' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('answers call-ended for an unknown call, an ended call, and a customer who hangs up while it rings', async () => {
    simulator.control.setQueue(QUEUE, { agentsAvailable: 1, answerAfterMs: 'never' });
    await expect(telephony.warmTransfer(transfer('no-such-call'))).resolves.toEqual({ outcome: 'call-ended' });

    const ended = simulator.control.startCall();
    simulator.control.endCall(ended);
    await expect(telephony.warmTransfer(transfer(ended))).resolves.toEqual({ outcome: 'call-ended' });

    const hangsUp = simulator.control.startCall();
    const ringing = telephony.warmTransfer(transfer(hangsUp, { timeoutSeconds: 5 }));
    await until(() => simulator.control.transfers().some((t) => t.callId === hangsUp));
    simulator.control.endCall(hangsUp);
    await expect(ringing).resolves.toEqual({ outcome: 'call-ended' });
    expect(simulator.control.queues()).toEqual([expect.objectContaining({ busy: 0 })]);
  });

  it('does one transfer for a repeated idempotency key and answers both requests alike', async () => {
    simulator.control.setQueue(QUEUE, { agentsAvailable: 2, answerAfterMs: 0 });
    const callId = simulator.control.startCall();
    const request = transfer(callId);

    const first = await telephony.warmTransfer(request);
    const again = await telephony.warmTransfer(request);

    expect(first).toMatchObject({ outcome: 'connected' });
    expect(again).toEqual(first);
    expect(simulator.control.transfers()).toHaveLength(1);
    expect(simulator.control.queues()).toEqual([expect.objectContaining({ busy: 1 })]);
  });

  it('does one transfer when requests with the same key overlap, and gives both its answer', async () => {
    simulator.control.setQueue(QUEUE, { agentsAvailable: 2, answerAfterMs: 200 });
    const callId = simulator.control.startCall();
    const request = transfer(callId);

    const first = telephony.warmTransfer(request);
    await until(() => simulator.control.transfers().length === 1);
    // The first request is still ringing when the retry arrives.
    const [a, b] = await Promise.all([first, telephony.warmTransfer(request)]);

    expect(a).toMatchObject({ outcome: 'connected' });
    expect(b).toEqual(a);
    expect(simulator.control.transfers()).toHaveLength(1);
  });

  it('rejects a key reused for a different transfer', async () => {
    simulator.control.setQueue(QUEUE, { agentsAvailable: 2, answerAfterMs: 0 });
    const callId = simulator.control.startCall();
    const request = transfer(callId);
    await telephony.warmTransfer(request);

    const error = await telephonyError(() => telephony.warmTransfer({ ...request, targetQueue: 'baufinanzierung' }));

    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('idempotency-key-reused');
    expect(simulator.control.transfers()).toHaveLength(1);
  });
});

describe('outbound call', () => {
  it('answers answered with the new call, which the agent of the queue then holds', async () => {
    const result = await telephony.placeCall({ phoneNumber: NUMBER, queue: 'ksc-outbound', callerId: '+4930999000', idempotencyKey: 'out-1' });

    expect(result).toEqual({ outcome: 'answered', callId: expect.any(String) });
    const callId = result.outcome === 'answered' ? result.callId : undefined;
    expect(simulator.control.calls()).toEqual([
      expect.objectContaining({ callId, direction: 'outbound', state: 'with-agent', phoneNumber: NUMBER, queue: 'ksc-outbound', callerId: '+4930999000' }),
    ]);
  });

  it.each([
    [{ outcome: 'no-answer', afterMs: 10 }, { outcome: 'no-answer' }],
    [{ outcome: 'busy', afterMs: 10 }, { outcome: 'busy' }],
    [{ outcome: 'failed', afterMs: 0, reason: 'number not in service' }, { outcome: 'failed', reason: 'number not in service' }],
  ] as const)('answers %o as %o', async (behaviour, expected) => {
    simulator.control.setOutbound(behaviour);

    await expect(telephony.placeCall({ phoneNumber: NUMBER, queue: 'ksc-outbound', idempotencyKey: `out-${behaviour.outcome}` })).resolves.toEqual(expected);
    expect(simulator.control.calls()).toEqual([expect.objectContaining({ state: 'not-connected', outcome: expected.outcome })]);
  });

  it('follows the behaviour set for one number over the default', async () => {
    simulator.control.setOutbound({ outcome: 'busy', afterMs: 0 });
    simulator.control.setOutbound({ outcome: 'answered', afterMs: 0 }, NUMBER);

    await expect(telephony.placeCall({ phoneNumber: NUMBER, queue: 'ksc-outbound', idempotencyKey: 'a' })).resolves.toMatchObject({ outcome: 'answered' });
    await expect(telephony.placeCall({ phoneNumber: '+4940555666', queue: 'ksc-outbound', idempotencyKey: 'b' })).resolves.toEqual({ outcome: 'busy' });
  });

  it('counts a customer who picks up only after the ring timeout as no-answer', async () => {
    simulator.control.setOutbound({ outcome: 'answered', afterMs: 5000 });
    const shortRing = new HttpTelephony({ baseUrl: simulator.url, requestTimeoutMs: 2000, ringTimeoutSeconds: 0.2 });

    const started = Date.now();
    await expect(shortRing.placeCall({ phoneNumber: NUMBER, queue: 'ksc-outbound', idempotencyKey: 'late' })).resolves.toEqual({ outcome: 'no-answer' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('places one call for a repeated idempotency key, also when the requests overlap', async () => {
    simulator.control.setOutbound({ outcome: 'answered', afterMs: 150 });
    const request = { phoneNumber: NUMBER, queue: 'ksc-outbound', idempotencyKey: 'care-call:K-100042:1' };

    const [a, b] = await Promise.all([telephony.placeCall(request), telephony.placeCall(request)]);
    const c = await telephony.placeCall(request);

    expect(a).toMatchObject({ outcome: 'answered' });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(simulator.control.calls()).toHaveLength(1);
  });

  it('rejects a number that is not E.164 without repeating it', async () => {
    const error = await telephonyError(() => telephony.placeCall({ phoneNumber: '030 1234567', queue: 'ksc-outbound', idempotencyKey: 'bad' }));

    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('400');
    expect(error.message).not.toContain('1234567');
    expect(simulator.control.calls()).toHaveLength(0);
  });
});

describe('gateway failures', () => {
  it('maps an injected 503 to unavailable; a retry with the same key then does the transfer once', async () => {
    simulator.control.setQueue(QUEUE, { agentsAvailable: 1, answerAfterMs: 0 });
    simulator.control.injectFault({ status: 503 });
    const callId = simulator.control.startCall();
    const request = transfer(callId);

    const error = await telephonyError(() => telephony.warmTransfer(request));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('503');
    expect(simulator.control.transfers()).toHaveLength(0);

    await expect(telephony.warmTransfer(request)).resolves.toMatchObject({ outcome: 'connected' });
    expect(simulator.control.transfers()).toHaveLength(1);
  });

  it('maps an injected 4xx to rejected and a 500 on an outbound call to unavailable, never naming the number', async () => {
    simulator.control.injectFault({ status: 403, code: 'forbidden' });
    const rejected = await telephonyError(() => telephony.placeCall({ phoneNumber: NUMBER, queue: 'ksc-outbound', idempotencyKey: 'f1' }));
    expect(rejected.kind).toBe('rejected');
    expect(rejected.message).toContain('forbidden');

    simulator.control.injectFault({ status: 500 });
    const unavailable = await telephonyError(() => telephony.placeCall({ phoneNumber: NUMBER, queue: 'ksc-outbound', idempotencyKey: 'f2' }));
    expect(unavailable.kind).toBe('unavailable');

    for (const error of [rejected, unavailable]) expect(error.message).not.toContain(NUMBER.slice(1));
  });

  it('maps a gateway that does not answer within the request timeout to timeout', async () => {
    simulator.control.injectFault({ stallMs: 3000 });
    const impatient = new HttpTelephony({ baseUrl: simulator.url, requestTimeoutMs: 200, ringTimeoutSeconds: 0.1 });

    const started = Date.now();
    const error = await telephonyError(() => impatient.placeCall({ phoneNumber: NUMBER, queue: 'ksc-outbound', idempotencyKey: 'slow' }));

    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.message).not.toContain(NUMBER.slice(1));
  });

  it('refuses a non-positive transfer timeout before sending anything', async () => {
    const callId = simulator.control.startCall();

    const error = await telephonyError(() => telephony.warmTransfer(transfer(callId, { timeoutSeconds: 0 })));

    expect(error.kind).toBe('rejected');
    expect(simulator.control.transfers()).toHaveLength(0);
  });
});

describe('simulator down', () => {
  it('answers unavailable when the gateway is stopped, also for a transfer that was ringing', async () => {
    const own = await startTelephonySimulator();
    const client = new HttpTelephony({ baseUrl: own.url, requestTimeoutMs: 2000 });
    own.control.setQueue(QUEUE, { agentsAvailable: 1, answerAfterMs: 'never' });
    const callId = own.control.startCall();

    const ringing = telephonyError(() => client.warmTransfer(transfer(callId, { timeoutSeconds: 5 })));
    await until(() => own.control.transfers().length === 1);
    await own.close();

    const cutOff = await ringing;
    expect(cutOff.kind).toBe('unavailable');
    const refused = await telephonyError(() => client.placeCall({ phoneNumber: NUMBER, queue: 'ksc-outbound', idempotencyKey: 'down' }));
    expect(refused.kind).toBe('unavailable');
    expect(refused.message).toContain('ECONNREFUSED');
    expect(refused.message).not.toContain(NUMBER.slice(1));
  });
});

/** Polls `condition` until it holds (at most 2 s). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
