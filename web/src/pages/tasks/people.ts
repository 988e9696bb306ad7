/**
 * Who works which queue (`GET /api/v1/task-queues`): names instead of ids wherever a colleague
 * appears, and the people a supervisor can hand a task to.
 */
import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export interface QueuePeople {
  queue: string;
  people: Array<{ id: string; name: string }>;
}

export function useQueuePeople() {
  const query = useQuery({ queryKey: ['task-queues'], queryFn: ({ signal }) => api<{ queues: QueuePeople[] }>('/task-queues', { signal }), staleTime: 5 * 60_000 });
  const queues = query.data?.queues;
  /** A colleague's name; their id while the list loads or when they work none of my queues. */
  const nameOf = useCallback((id: string) => queues?.flatMap((entry) => entry.people).find((person) => person.id === id)?.name ?? id, [queues]);
  return { queues: queues ?? [], nameOf, isPending: query.isPending };
}
