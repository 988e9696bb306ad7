/**
 * Notices in the inbox (`GET /notices`): what colleagues noted during a customer contact for the
 * customer's advisors, e.g. "plant Immobilienkauf". A notice is to read, not a task: no due time,
 * nobody claims it; "Gelesen" marks it read for the queue (`POST /notices/{id}/read`) and it
 * leaves the list. The API decides whose notices one sees (those of the queues one works).
 */
import { useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { Button, Notice as Message } from '../../components';
import { dateTime } from '../../format';
import { queueLabel } from './labels';

/** `GET /notices`: one notice. */
export interface Notice {
  id: string;
  kind: 'profile-note';
  queue: string;
  customerId: string;
  title: string;
  interests: Array<{ code: string; label: string }>;
  note?: string;
  recordedBy: string;
  recordedAt: string;
  readAt?: string;
  readBy?: string;
}

/** New notices arrive without a live feed: the list is read again now and then, and when the window gets the focus. */
const NOTICES_REFRESH_MS = 60_000;

/**
 * The unread notices and "Gelesen". `shown`: whether the inbox shows the notices at all (not
 * when there are none and none was just read: the inbox then stays as it was).
 */
export function useNotices(userId: string) {
  const queryClient = useQueryClient();
  const key = ['notices', 'unread', userId];
  const heading = useRef<HTMLHeadingElement>(null);
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<{ notices: Notice[] }>('/notices', { signal }),
    refetchInterval: NOTICES_REFRESH_MS,
  });
  /** The title of the notice just marked read, for the live region. */
  const [lastRead, setLastRead] = useState<string>();
  const read = useMutation({
    // The key names the notice: a repeat after a failure marks it once.
    mutationFn: (notice: Notice) => api<Notice>(`/notices/${encodeURIComponent(notice.id)}/read`, { method: 'POST', idempotencyKey: `gelesen-${notice.id}` }),
    onSuccess: (_done, notice) => {
      queryClient.setQueryData<{ notices: Notice[] }>(key, (list) => (list ? { notices: list.notices.filter((item) => item.id !== notice.id) } : list));
      setLastRead(notice.title);
      // Its button is gone: the focus goes to the list's heading, not to the page's start.
      heading.current?.focus();
      return queryClient.invalidateQueries({ queryKey: key });
    },
    // Read by a colleague meanwhile, or gone: the list as it is now.
    onError: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  const notices = [...(query.data?.notices ?? [])].sort((a, b) => Date.parse(b.recordedAt) - Date.parse(a.recordedAt));
  // Someone who works no queue with notices (403) simply has none.
  const failed = query.isError && !(query.error instanceof ApiError && query.error.status === 403);
  const shown = notices.length > 0 || lastRead !== undefined || failed;
  return { query, failed, notices, read, lastRead, heading, shown };
}

export function NoticeList({ state, nameOf }: { state: ReturnType<typeof useNotices>; nameOf(id: string): string }) {
  const { query, failed, notices, read, lastRead, heading, shown } = state;
  if (!shown) return null;
  return (
    <section className="inbox-notices" aria-labelledby="hinweise">
      <h2 id="hinweise" ref={heading} tabIndex={-1}>
        Hinweise (zur Kenntnis)
      </h2>
      <p className="meta">Was Kolleginnen und Kollegen im Kundengespräch für die Beratung notiert haben. Keine Aufgabe: lesen und als gelesen markieren.</p>
      <Message kind="success">{lastRead ? `Als gelesen markiert: ${lastRead}.` : undefined}</Message>
      <Message kind="error">
        {failed ? `Die Hinweise konnten nicht geladen werden. ${describeError(query.error)}` : read.error ? `Der Hinweis konnte nicht als gelesen markiert werden. ${describeError(read.error, nameOf)}` : undefined}
      </Message>
      {notices.length === 0 && query.isSuccess ? <p>Keine ungelesenen Hinweise.</p> : null}
      {notices.length > 0 ? (
        <ul className="inbox-notice-list" aria-labelledby="hinweise">
          {notices.map((notice) => (
            <NoticeItem key={notice.id} notice={notice} nameOf={nameOf} busy={read.isPending && read.variables?.id === notice.id} onRead={() => read.mutate(notice)} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function NoticeItem({ notice, nameOf, busy, onRead }: { notice: Notice; nameOf(id: string): string; busy: boolean; onRead(): void }) {
  const titleId = `hinweis-${notice.id}`;
  return (
    <li className="inbox-notice">
      <h3 id={titleId}>{notice.title}</h3>
      <dl className="facts">
        {notice.interests.length > 0 ? (
          <>
            <dt>Interessen</dt>
            <dd>{notice.interests.map((interest) => interest.label).join(' · ')}</dd>
          </>
        ) : null}
        {notice.note ? (
          <>
            <dt>Notiz</dt>
            <dd className="inbox-notice-note">{notice.note}</dd>
          </>
        ) : null}
        <dt>Kunde</dt>
        <dd>{notice.customerId}</dd>
        <dt>Notiert</dt>
        <dd>
          {dateTime(notice.recordedAt)} von {nameOf(notice.recordedBy)}
        </dd>
        <dt>Warteschlange</dt>
        <dd>{queueLabel(notice.queue)}</dd>
      </dl>
      <div className="actions">
        <Button variant="secondary" busy={busy} onClick={onRead} aria-describedby={titleId}>
          Gelesen
        </Button>
      </div>
    </li>
  );
}
