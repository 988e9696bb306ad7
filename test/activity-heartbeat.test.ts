/**
 * `whileHeartbeating` (activities/heartbeat.ts): an activity that runs long says it is alive
 * while its work runs, and stops saying so when the work is done or failed. The campaign run's
 * long steps are scheduled with a heartbeat timeout, and its projection write without one (a
 * write does not heartbeat, so a timeout would fail it after 30 s of a slow database).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DefaultLogger } from '@temporalio/worker';
import { MockActivityEnvironment } from '@temporalio/testing';
import { whileHeartbeating } from '../activities/heartbeat';

function recordHeartbeats() {
  // The failing case's "activity failed" log is expected: only errors of the environment show.
  const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
  const beats: number[] = [];
  env.on('heartbeat', () => beats.push(Date.now()));
  return { env, beats };
}

describe('whileHeartbeating', () => {
  test('heartbeats at once and then every interval while the work runs, and not after it', async () => {
    const { env, beats } = recordHeartbeats();
    // The work lasts until four heartbeats have come (so the count does not depend on how late
    // the machine runs timers): without a repeating heartbeat it would never end.
    const fourBeats = new Promise<void>((resolve) => env.on('heartbeat', () => beats.length >= 4 && resolve()));
    const started = Date.now();
    const result = await env.run(() => whileHeartbeating(async () => {
      await fourBeats;
      return 'done';
    }, 50));
    expect(result).toBe('done');
    expect(beats).toHaveLength(4);
    // One at once, then one per interval: the fourth no earlier than three intervals in.
    expect(beats[0]! - started).toBeLessThan(50);
    expect(beats[3]! - beats[0]!).toBeGreaterThanOrEqual(3 * 50 - 5);
    await sleep(200);
    expect(beats).toHaveLength(4);
  });

  test('a failing work fails the activity with its own error, and the heartbeats stop', async () => {
    const { env, beats } = recordHeartbeats();
    await expect(env.run(() => whileHeartbeating(async () => {
      await sleep(80);
      throw new Error('core banking refused the page');
    }, 20))).rejects.toThrow('core banking refused the page');
    const settled = beats.length;
    expect(settled).toBeGreaterThanOrEqual(1);
    await sleep(100);
    expect(beats).toHaveLength(settled);
  });
});
