/**
 * `/aufgaben/:id`: what the task is about, claim and give back, the completion form generated
 * from the task type's schema, the workflow's answer after completion (in German), and
 * reassignment for supervisors; a campaign call also shows its conversation script
 * (CampaignCallScript), a social-media reaction the post it answers (TaskSocialPost). Conflicts
 * read as sentences.
 */
import { Fragment, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { Button, Notice, Page } from '../../components';
import { dateTime } from '../../format';
import { hasRole, useSession } from '../../session';
import { DueTime } from './DueTime';
import { CompleteForm } from './CompleteForm';
import { ReassignForm } from './ReassignForm';
import { DialButton } from './DialButton';
import { CampaignCallScript } from './CampaignCallScript';
import { TaskSocialPost } from '../social/TaskSocialPost';
import { answerSentence, contextLabel, contextValue, queueLabel, STATUS_LABELS } from './labels';
import { ACTIVE, type CompletionAnswer, type Task, type TaskType } from './types';
import { useNow } from './useNow';
import { useQueuePeople } from './people';

/** A task's page is a read the audit trail records: no refetch for a window's focus alone. */
const TASK_READ = { refetchOnWindowFocus: false, staleTime: 30_000 } as const;

export function useTaskTypes() {
  return useQuery({ queryKey: ['task-types'], queryFn: ({ signal }) => api<{ types: TaskType[] }>('/task-types', { signal }), staleTime: Infinity });
}

export default function TaskPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const now = useNow();
  const path = `/tasks/${encodeURIComponent(id)}`;
  const task = useQuery({ queryKey: ['task', id], queryFn: ({ signal }) => api<Task>(path, { signal }), ...TASK_READ });
  const types = useTaskTypes();
  const { nameOf } = useQueuePeople();
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [answer, setAnswer] = useState<CompletionAnswer | null>(null);
  const [busy, setBusy] = useState<'claim' | 'unclaim' | null>(null);

  const show = (updated: Task) => {
    queryClient.setQueryData(['task', id], updated);
    void queryClient.invalidateQueries({ queryKey: ['tasks'] });
  };
  /** After a conflict the page shows the task as it is now. */
  const failed = (error: unknown) => {
    setNotice({ kind: 'error', text: describeError(error, nameOf) });
    if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: ['task', id] });
  };

  const act = async (action: 'claim' | 'unclaim') => {
    setBusy(action);
    setNotice(null);
    try {
      const updated = await api<Task>(`${path}/${action}`, { method: 'POST' });
      show(updated);
      setNotice({ kind: 'success', text: action === 'claim' ? 'Sie haben die Aufgabe übernommen.' : 'Die Aufgabe ist zurück in der Warteschlange.' });
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  if (task.isPending) return <Page title="Aufgabe"><p role="status">Die Aufgabe wird geladen …</p></Page>;
  if (task.isError) {
    return (
      <Page title="Aufgabe">
        <Notice kind="error">{describeError(task.error)}</Notice>
        <p><Link to="/aufgaben">Zurück zu den Aufgaben</Link></p>
      </Page>
    );
  }

  const current = task.data;
  const type = types.data?.types.find((candidate) => candidate.type === current.type && candidate.version === current.resultVersion);
  const active = ACTIVE.includes(current.status);
  const mine = current.assignee === user.id;
  const supervisor = hasRole(user, 'supervisor');
  const heldByOther = current.assignee !== undefined && !mine;

  return (
    <Page title={current.title}>
      <p><Link to="/aufgaben">Zurück zu den Aufgaben</Link></p>
      <Notice kind="success">{notice?.kind === 'success' ? notice.text : null}</Notice>
      <Notice kind="error">{notice?.kind === 'error' ? notice.text : null}</Notice>

      <section aria-labelledby="worum">
        <h2 id="worum">Worum es geht</h2>
        <dl className="task-facts">
          <dt>Art</dt>
          <dd>{type?.title ?? current.type}</dd>
          <dt>Status</dt>
          <dd>{STATUS_LABELS[current.status]}</dd>
          <dt>Fällig</dt>
          <dd><DueTime dueAt={current.dueAt} now={now} active={active} /></dd>
          <dt>Warteschlange</dt>
          <dd>{queueLabel(current.queue)}</dd>
          <dt>Bearbeitet von</dt>
          <dd>{mine ? `Ihnen (${user.name})` : current.assignee ? nameOf(current.assignee) : 'noch niemandem'}</dd>
          {Object.entries(current.context).map(([key, value]) => (
            <Fragment key={key}>
              <dt>{contextLabel(key)}</dt>
              <dd>
                {key === 'appointmentId' && typeof value === 'string' ? (
                  <Link to={`/termine/${encodeURIComponent(value)}`}>Zum Termin {value}</Link>
                ) : (
                  contextValue(value, key)
                )}
              </dd>
            </Fragment>
          ))}
          <dt>Angelegt</dt>
          <dd>{dateTime(current.createdAt)}</dd>
          {current.completedAt ? (
            <>
              <dt>Erledigt</dt>
              <dd>{dateTime(current.completedAt)}{current.completedBy ? ` von ${current.completedBy === user.id ? 'Ihnen' : nameOf(current.completedBy)}` : ''}</dd>
            </>
          ) : null}
        </dl>
      </section>

      {current.type === 'campaign-call' ? <CampaignCallScript task={current} schema={type?.schema} /> : null}
      {current.type === 'social-reaction' ? <TaskSocialPost task={current} now={now} /> : null}

      {current.status === 'completed' ? (
        <section aria-labelledby="weiter" className="task-answer">
          <h2 id="weiter">Wie es weitergeht</h2>
          <p>{answerSentence(current, type?.schema, answer ?? undefined)}</p>
        </section>
      ) : null}

      {active ? (
        <section aria-labelledby="bearbeiten">
          <h2 id="bearbeiten">Bearbeiten</h2>
          {heldByOther && current.assignee ? <p>Diese Aufgabe bearbeitet gerade {nameOf(current.assignee)}.</p> : null}
          <div className="task-actions">
            {!mine && (!heldByOther || supervisor) ? (
              <Button busy={busy === 'claim'} onClick={() => void act('claim')}>
                Übernehmen
              </Button>
            ) : null}
            {mine || (heldByOther && supervisor) ? (
              <Button variant="secondary" busy={busy === 'unclaim'} onClick={() => void act('unclaim')}>
                Zurückgeben
              </Button>
            ) : null}
          </div>
          <DialButton task={current} />
          {type && (!heldByOther || supervisor) ? (
            <CompleteForm
              task={current}
              type={type}
              onDone={(done) => {
                setAnswer(done);
                show(done.task);
                setNotice({ kind: 'success', text: `Erledigt. ${answerSentence(done.task, type.schema, done)}` });
              }}
              onConflict={failed}
            />
          ) : null}
          {!type && types.isSuccess ? <p>Für diese Art von Aufgabe gibt es hier kein Formular; sie kann nicht mehr erledigt werden.</p> : null}
          {types.isError ? <Notice kind="error">{describeError(types.error)}</Notice> : null}
        </section>
      ) : null}

      {active && supervisor ? <ReassignForm task={current} onDone={(moved) => { show(moved); setNotice({ kind: 'success', text: 'Die Aufgabe ist neu zugewiesen.' }); }} /> : null}
    </Page>
  );
}
