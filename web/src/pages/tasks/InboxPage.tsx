/**
 * `/aufgaben`: the tasks of my queues, most urgent first. Filters live in the URL (a link or a
 * reload keeps them); paging follows the API's keyset cursor, so tasks completed meanwhile never
 * shift a page; the list updates itself from the live feed and says what changed in a polite
 * live region, without moving the focus. Above the tasks: notices to read ("Hinweise"), which are
 * no tasks (NoticeList).
 */
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { Button, CheckboxGroup, Notice, Page, RadioGroup, SelectField } from '../../components';
import { dateTime, dueState } from '../../format';
import { useSession, type Me } from '../../session';
import { DueTime } from './DueTime';
import { NoticeList, useNotices } from './NoticeList';
import { queueLabel, STATUS_LABELS } from './labels';
import { ACTIVE, type Task, type TaskEvent, type TaskPage, type TaskStatus } from './types';
import { FEED_STATE_TEXT, useTaskEvents } from './useTaskEvents';
import { useNow } from './useNow';
import { useQueuePeople } from './people';

const PAGE_SIZE = 25;

interface Filters {
  queue: string;
  status: '' | TaskStatus;
  who: 'alle' | 'meine' | 'frei';
  overdue: boolean;
}

function filtersOf(params: URLSearchParams): Filters {
  const status = params.get('status') ?? '';
  const who = params.get('wer');
  return {
    queue: params.get('warteschlange') ?? '',
    status: (Object.keys(STATUS_LABELS) as TaskStatus[]).includes(status as TaskStatus) ? (status as TaskStatus) : '',
    who: who === 'meine' || who === 'frei' ? who : 'alle',
    overdue: params.get('ueberfaellig') === 'ja',
  };
}

function paramsOf(filters: Filters): Record<string, string> {
  return {
    ...(filters.queue ? { warteschlange: filters.queue } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.who !== 'alle' ? { wer: filters.who } : {}),
    ...(filters.overdue ? { ueberfaellig: 'ja' } : {}),
  };
}

/** The API query of one page. "Not taken" has no API filter: open and escalated, then unassigned ones. */
function listPath(filters: Filters, user: Me, cursor: string | undefined): string {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (filters.queue) query.set('queue', filters.queue);
  if (filters.status) query.set('status', filters.status);
  else if (filters.who === 'frei') query.set('status', 'open,escalated');
  if (filters.who === 'meine') query.set('assignee', user.id);
  // Overdue: due before this moment, and still waiting for someone.
  if (filters.overdue) {
    query.set('dueBefore', new Date().toISOString());
    if (!filters.status) query.set('status', filters.who === 'frei' ? 'open,escalated' : ACTIVE.join(','));
  }
  if (cursor) query.set('cursor', cursor);
  return `/tasks?${query.toString()}`;
}

/** What a change means for me, in one sentence; nothing for my own doing or what the list shows already. */
function announcementOf(event: TaskEvent, known: Map<string, number>, user: Me, nameOf: (id: string) => string): string | undefined {
  if (event.change === 'removed') return known.has(event.id) ? 'Eine Aufgabe liegt nicht mehr in Ihren Warteschlangen.' : undefined;
  if ((known.get(event.id) ?? 0) >= event.version) return undefined;
  if (!known.has(event.id) && event.change === 'created') return `Neue Aufgabe: ${event.title}, fällig ${dateTime(event.dueAt)}.`;
  if (event.status === 'escalated') return `Eskaliert: ${event.title} liegt jetzt bei ${queueLabel(event.queue)}.`;
  if (event.status === 'claimed' && event.assignee && event.assignee !== user.id) return `${event.title}: übernommen von ${nameOf(event.assignee)}.`;
  if (event.status === 'open' && !known.has(event.id)) return `Neu in Ihren Warteschlangen: ${event.title}.`;
  if (event.status === 'completed') return `Erledigt: ${event.title}.`;
  if (event.status === 'cancelled') return `Abgebrochen: ${event.title}.`;
  return undefined;
}

export default function InboxPage() {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const queryClient = useQueryClient();
  const now = useNow();
  const [announcement, setAnnouncement] = useState('');
  const known = useRef(new Map<string, number>());
  const { nameOf } = useQueuePeople();
  const notices = useNotices(user.id);

  const inbox = useInfiniteQuery({
    queryKey: ['tasks', 'inbox', user.id, filters],
    queryFn: ({ pageParam, signal }) => api<TaskPage>(listPath(filters, user, pageParam), { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });
  const tasks: Task[] = (inbox.data?.pages ?? []).flatMap((page) => page.tasks).filter((task) => filters.who !== 'frei' || !task.assignee);
  known.current = new Map(tasks.map((task) => [task.id, task.version]));

  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['tasks'] });
  const feed = useTaskEvents(
    (event) => {
      const sentence = announcementOf(event, known.current, user, nameOf);
      if (sentence) setAnnouncement(sentence);
      refresh();
    },
    refresh,
  );

  const change = (next: Partial<Filters>) => setParams(paramsOf({ ...filters, ...next }), { replace: true });
  const queues = Array.from(new Set([...user.queues, ...(filters.queue ? [filters.queue] : [])]));

  return (
    <Page title="Aufgaben" intro="Die Aufgaben Ihrer Warteschlangen, die dringendste zuerst.">
      <NoticeList state={notices} nameOf={nameOf} />
      {/* With notices above, the tasks get a heading of their own. */}
      {notices.shown ? <h2>Aufgaben Ihrer Warteschlangen</h2> : null}
      <form className="task-filters" aria-label="Aufgaben filtern" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          label="Warteschlange"
          name="warteschlange"
          value={filters.queue}
          onChange={(queue) => change({ queue })}
          options={[{ value: '', label: 'Alle meine Warteschlangen' }, ...queues.map((queue) => ({ value: queue, label: queueLabel(queue) }))]}
        />
        <SelectField
          label="Status"
          name="status"
          hint="Wartende: offen, übernommen oder eskaliert"
          value={filters.status}
          onChange={(status) => change({ status: status as Filters['status'] })}
          options={[{ value: '', label: 'Wartende' }, ...(Object.entries(STATUS_LABELS) as Array<[TaskStatus, string]>).map(([value, label]) => ({ value, label }))]}
        />
        <RadioGroup
          label="Wer"
          name="wer"
          value={filters.who}
          onChange={(who) => change({ who: who as Filters['who'] })}
          options={[
            { value: 'alle', label: 'alle' },
            { value: 'meine', label: 'meine' },
            { value: 'frei', label: 'noch nicht übernommen' },
          ]}
        />
        <CheckboxGroup label="Fälligkeit" name="ueberfaellig" value={filters.overdue ? ['ja'] : []} onChange={(value) => change({ overdue: value.includes('ja') })} options={[{ value: 'ja', label: 'nur überfällige' }]} />
      </form>

      <p className="feed-state">{FEED_STATE_TEXT[feed]}</p>
      <Notice kind="info">{announcement || null}</Notice>

      {inbox.isError ? <Notice kind="error">{describeError(inbox.error)}</Notice> : null}
      {inbox.isPending ? <p role="status">Aufgaben werden geladen …</p> : null}
      {inbox.isSuccess && tasks.length === 0 ? <p>Keine Aufgaben für diese Auswahl.</p> : null}
      {tasks.length > 0 ? (
        <div className="table-scroll">
          <table className="task-table">
            <caption>
              {tasks.length} {tasks.length === 1 ? 'Aufgabe' : 'Aufgaben'}, nach Fälligkeit sortiert
            </caption>
            <thead>
              <tr>
                <th scope="col">Aufgabe</th>
                <th scope="col">Fällig</th>
                <th scope="col">Status</th>
                <th scope="col">Bearbeitet von</th>
                <th scope="col">Warteschlange</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => {
                const active = ACTIVE.includes(task.status);
                return (
                  <tr key={task.id} className={active ? `task-row task-row-${dueState(task.dueAt, now)}` : 'task-row'}>
                    <th scope="row">
                      <Link to={`/aufgaben/${encodeURIComponent(task.id)}`}>{task.title}</Link>
                    </th>
                    <td>
                      <DueTime dueAt={task.dueAt} now={now} active={active} />
                    </td>
                    <td>{STATUS_LABELS[task.status]}</td>
                    <td>{task.assignee === user.id ? 'Ihnen' : task.assignee ? nameOf(task.assignee) : '–'}</td>
                    <td>{queueLabel(task.queue)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {inbox.hasNextPage ? (
        <Button variant="secondary" busy={inbox.isFetchingNextPage} onClick={() => void inbox.fetchNextPage()}>
          Weitere Aufgaben laden
        </Button>
      ) : null}
    </Page>
  );
}

