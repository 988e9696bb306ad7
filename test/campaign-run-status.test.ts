/**
 * The status the progress API reports while a run's process lives: the process's own, except that
 * a selection whose counts are not yet in the projection is still "selecting" (CI saw a reader
 * between the process's last page and its projection get "running" with 0 selected).
 */
import { reportedStatus } from '../api/campaign-runs.use-cases';

test('a run whose last page is read but not yet projected is reported as selecting', () => {
  expect(reportedStatus({ status: 'running', read: 2_000 }, { read: 1_000 })).toBe('selecting');
  expect(reportedStatus({ status: 'running', read: 2_000 }, { read: 0 })).toBe('selecting');
});

test('once the counts are projected, the process\'s status stands', () => {
  expect(reportedStatus({ status: 'running', read: 2_000 }, { read: 2_000 })).toBe('running');
});

test('a pause or cancel answers at once, whatever the projection holds', () => {
  expect(reportedStatus({ status: 'paused', read: 2_000 }, { read: 1_000 })).toBe('paused');
  expect(reportedStatus({ status: 'cancelled', read: 2_000 }, { read: 0 })).toBe('cancelled');
  expect(reportedStatus({ status: 'selecting', read: 500 }, { read: 0 })).toBe('selecting');
});
