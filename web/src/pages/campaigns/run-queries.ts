/** Reads and keys of the campaign-run pages. */
import { useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { campaignPath } from './queries';
import { FINAL_STATUSES, runPath, type RunListItem, type RunProgress } from './run-types';

/** A run's page refreshes this often while the run can still change. */
export const RUN_REFRESH_MS = 3_000;

/** A campaign's runs, newest first (a campaign without runs, or an API without runs yet, has none). */
export function useCampaignRuns(campaignId: string, enabled = true) {
  return useQuery({
    queryKey: ['campaign-runs', campaignId],
    queryFn: async ({ signal }) => {
      try {
        return await api<{ runs: RunListItem[] }>(`${campaignPath(campaignId)}/runs`, { signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return { runs: [] };
        throw error;
      }
    },
    enabled,
    retry: false,
    select: (answer) => [...answer.runs].sort((a, b) => b.launchedAt.localeCompare(a.launchedAt)),
  });
}

/**
 * Whether a run's figures change no more: cancelled or completed, ended, and no customer's
 * contact still open (a cancelled run's contacts close one by one for a moment after the cancel,
 * and the counts follow them).
 */
export const settled = (run: RunProgress) => FINAL_STATUSES.has(run.status) && run.endedAt !== undefined && run.counts.waiting + run.counts.released + run.counts.taskOpen === 0;

/** One run's progress, read again every 3 s until it is cancelled or completed and its counts are final. */
export function useRunProgress(runId: string) {
  return useQuery({
    queryKey: ['campaign-run', runId],
    queryFn: ({ signal }) => api<RunProgress>(runPath(runId), { signal }),
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 3,
    refetchInterval: (query) => (query.state.data && settled(query.state.data) ? false : query.state.error instanceof ApiError && query.state.error.status === 404 ? false : RUN_REFRESH_MS),
    refetchIntervalInBackground: false,
  });
}

/** A fresh key with a readable prefix, e.g. `kampagnenlauf-3f2a…`. */
export function newKey(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * One `Idempotency-Key` per intent (e.g. "launch version 3", "pause run x"): a retry of the same
 * intent after a failure sends the same key; `done` forgets it after a success.
 */
export function useIntentKeys(prefix: string): { keyFor(intent: string): string; done(intent: string): void } {
  const keys = useRef(new Map<string, string>());
  return {
    keyFor(intent) {
      const known = keys.current.get(intent);
      if (known) return known;
      const key = newKey(prefix);
      keys.current.set(intent, key);
      return key;
    },
    done(intent) {
      keys.current.delete(intent);
    },
  };
}
