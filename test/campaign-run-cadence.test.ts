/**
 * How a run spreads its releases over the hour (issue 12): never a burst of the hour's budget at
 * once, never more often than every ten seconds, and never fewer per hour than pacing allows.
 */
import { MIN_RELEASE_INTERVAL_MS, releaseCadence } from '../domain/campaign-run';

const HOUR = 3_600_000;

describe('the release cadence', () => {
  test.each([1, 2, 12, 60, 360, 361, 1_000, 5_000])('%i an hour: spread over the hour, the budget reachable', (perHour) => {
    const { intervalMs, perPass } = releaseCadence(perHour);
    expect(intervalMs).toBeGreaterThanOrEqual(MIN_RELEASE_INTERVAL_MS);
    expect(intervalMs).toBeLessThanOrEqual(HOUR);
    // The passes of one hour can release the whole budget...
    expect(Math.floor(HOUR / intervalMs) * perPass).toBeGreaterThanOrEqual(perHour);
    // ...and no pass releases much more than its even share.
    expect(perPass).toBeLessThanOrEqual(Math.ceil((perHour * intervalMs) / HOUR));
  });

  test('a slow pace releases one at a time, a fast one a few every ten seconds', () => {
    expect(releaseCadence(2)).toEqual({ intervalMs: 30 * 60_000, perPass: 1 });
    expect(releaseCadence(60)).toEqual({ intervalMs: 60_000, perPass: 1 });
    expect(releaseCadence(1_000)).toEqual({ intervalMs: 10_000, perPass: 3 });
  });

  test('a pace below one an hour still releases one an hour', () => {
    expect(releaseCadence(0)).toEqual({ intervalMs: HOUR, perPass: 1 });
  });
});
