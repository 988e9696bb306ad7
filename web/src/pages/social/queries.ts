/**
 * Reading social-media cases. The list (no personal data, not audited) is read every few seconds
 * while the page is open; one case is a read of the post that the audit trail records, so it is
 * read again only when the list shows that the case changed (its status or its count of steps),
 * not on a timer: a supervisor watching an escalation sees each alert, and the trail holds one
 * read per change rather than one every few seconds.
 */
import { useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { QueuePeople } from '../tasks/people';
import { NETWORK_LABELS, TYPE_LABELS } from './labels';
import type { SocialCaseState, SocialCaseSummary } from './types';

/** How often the list is read again. */
export const CASES_REFRESH_MS = 5_000;

/** How many cases the page lists (the newest). */
export const CASES_LIMIT = 50;

export const CASES_KEY = ['social-cases'] as const;

export const casePath = (caseId: string) => `/social-cases/${encodeURIComponent(caseId)}`;

/** What changed between two reads of the same list, in one sentence; nothing on the first read. */
function announcementOf(before: Map<string, SocialCaseSummary> | undefined, now: SocialCaseSummary[]): string | undefined {
  if (!before) return undefined;
  const fresh = now.filter((entry) => !before.has(entry.caseId));
  if (fresh.length === 1) return `Neuer Fall: ${NETWORK_LABELS[fresh[0]!.network]}, ${TYPE_LABELS[fresh[0]!.type]}.`;
  if (fresh.length > 1) return `${fresh.length} neue Fälle.`;
  const raised = now.filter((entry) => (entry.escalation?.level ?? 0) > (before.get(entry.caseId)?.escalation?.level ?? 0));
  if (raised.length === 1) return `Eskalation: ${NETWORK_LABELS[raised[0]!.network]}, Reputationsrisiko, jetzt Stufe ${raised[0]!.escalation!.level}.`;
  if (raised.length > 1) return `Eskalation in ${raised.length} Fällen eine Stufe höher.`;
  return undefined;
}

/** The newest cases (`all`: closed ones too), read every {@link CASES_REFRESH_MS}, with what changed as a sentence. */
export function useSocialCases(all: boolean) {
  const [announcement, setAnnouncement] = useState('');
  /** The last read of the same filter: switching the filter is no news. */
  const last = useRef<{ all: boolean; cases: Map<string, SocialCaseSummary> } | undefined>(undefined);
  const query = useQuery({
    queryKey: [...CASES_KEY, all ? 'all' : 'open'],
    queryFn: async ({ signal }) => {
      const answer = await api<{ cases: SocialCaseSummary[] }>(`/social-cases?open=${all ? 'false' : 'true'}&limit=${CASES_LIMIT}`, { signal });
      const sentence = announcementOf(last.current?.all === all ? last.current.cases : undefined, answer.cases);
      if (sentence) setAnnouncement(sentence);
      last.current = { all, cases: new Map(answer.cases.map((entry) => [entry.caseId, entry])) };
      return answer;
    },
    refetchInterval: CASES_REFRESH_MS,
    staleTime: 0,
  });
  return { query, cases: query.data?.cases ?? [], announcement };
}

/**
 * One case, read once per `version` (see the module's note): `undefined` waits (the list is not
 * read yet), so opening a case costs one read, not two.
 */
export function useSocialCase(caseId: string | undefined, version: string | undefined) {
  return useQuery({
    queryKey: ['social-case', caseId ?? '', version ?? ''],
    queryFn: ({ signal }) => api<SocialCaseState>(casePath(caseId ?? ''), { signal }),
    enabled: caseId !== undefined && version !== undefined,
    // The case on screen stays while its newer version loads; another case's never shows.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === caseId ? previous : undefined),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** What a case's list entry says about its version: changes with every status and every step. */
export const versionOf = (summary: SocialCaseSummary | undefined) => (summary ? `${summary.status}|${summary.stepCount}` : 'not-listed');

/**
 * Colleagues' names for ids (who acknowledged, who replied); `enabled` only for roles that may ask
 * (`GET /task-queues`: agents, back office, supervisors). Shares the task pages' cache.
 */
export function usePeopleNames(enabled: boolean): (id: string) => string {
  const query = useQuery({ queryKey: ['task-queues'], queryFn: ({ signal }) => api<{ queues: QueuePeople[] }>('/task-queues', { signal }), staleTime: 5 * 60_000, enabled });
  return (id) => (id === 'system' ? 'System' : (query.data?.queues.flatMap((entry) => entry.people).find((person) => person.id === id)?.name ?? id));
}
