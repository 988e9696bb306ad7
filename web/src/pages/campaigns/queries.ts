/** The campaign editor's reads, shared by its pages. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CampaignDiff, CampaignView, CampaignVersionView, ServiceProcesses } from './types';

/** The twelve pilot processes never change while the app runs. */
export function useServiceProcesses(): (process: string) => string {
  const processes = useQuery({
    queryKey: ['service-processes'],
    queryFn: ({ signal }) => api<ServiceProcesses>('/service-processes', { signal }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const titles = new Map((processes.data?.processes ?? []).map((entry) => [entry.process, entry.title]));
  return (process: string) => titles.get(process) ?? process;
}

export function useProcessList() {
  return useQuery({
    queryKey: ['service-processes'],
    queryFn: ({ signal }) => api<ServiceProcesses>('/service-processes', { signal }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export const campaignPath = (id: string) => `/campaigns/${encodeURIComponent(id)}`;

export function useCampaign(id: string) {
  return useQuery({ queryKey: ['campaign', id], queryFn: ({ signal }) => api<CampaignView>(campaignPath(id), { signal }), retry: false });
}

/** A published version never changes: read once. */
export function useVersion(id: string, version: number | undefined) {
  return useQuery({
    queryKey: ['campaign-version', id, version],
    queryFn: ({ signal }) => api<CampaignVersionView>(`${campaignPath(id)}/versions/${version}`, { signal }),
    enabled: version !== undefined,
    staleTime: Infinity,
  });
}

/** `to` is a version or the draft at `revision` (part of the key, so a saved draft is compared again). */
export function useDiff(id: string, from: number | undefined, to: number | 'draft' | undefined, revision?: number) {
  return useQuery({
    queryKey: ['campaign-diff', id, from, to, to === 'draft' ? revision : null],
    queryFn: ({ signal }) => api<CampaignDiff>(`${campaignPath(id)}/diff?from=${from}&to=${to}`, { signal }),
    enabled: from !== undefined && to !== undefined,
    staleTime: to === 'draft' ? 0 : Infinity,
  });
}
