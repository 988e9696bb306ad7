/**
 * One process (issue 9, part 5): its state, its tasks (each linking to the task's page), its
 * steps on a timeline from the Temporal history (names and times; the data inside stays
 * encrypted) and the link to the process in the Temporal UI where one is configured.
 */
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { Notice, Page } from '../../components';
import { dateTime } from '../../format';
import { statusBadge, statusLabel, stepLabel, taskStatusLabel, typeLabel, type ProcessStep } from './labels';
import type { ProcessSummary } from './ProcessSearchPage';

interface ProcessTask {
  id: string;
  title: string;
  status: string;
  queue: string;
  dueAt: string;
  assignee?: string;
  completedBy?: string;
  completedAt?: string;
}

interface ProcessView extends ProcessSummary {
  tasks: ProcessTask[];
  steps: ProcessStep[];
  temporalUiUrl?: string;
}

export default function ProcessPage() {
  const { id = '' } = useParams();
  const process = useQuery({
    queryKey: ['process', id],
    queryFn: ({ signal }) => api<ProcessView>(`/processes/${encodeURIComponent(id)}`, { signal }),
    retry: false,
    // A running process moves on by itself: its state and steps are fetched again now and then.
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 10_000 : false),
  });
  const view = process.data;
  const title = view ? `Prozess: ${typeLabel(view.type)}` : 'Prozess';
  const missing = process.error instanceof ApiError && (process.error.status === 404 || process.error.status === 400);

  return (
    <Page title={title}>
      <p>
        <Link to="/prozesse">Zurück zur Prozesssuche</Link>
      </p>
      <div role="status">{process.isPending ? 'Prozess wird geladen …' : ''}</div>
      <Notice kind="error">{process.error ? (missing ? `Einen Prozess mit der ID „${id}“ gibt es nicht. Bitte die ID prüfen.` : describeError(process.error)) : undefined}</Notice>
      {view ? (
        <>
          <section aria-labelledby="zustand">
            <h2 id="zustand">Zustand</h2>
            <dl className="facts">
              <dt>Art</dt>
              <dd>{typeLabel(view.type)}</dd>
              <dt>Status</dt>
              <dd>
                <span className={`badge ${statusBadge(view.status)}`}>{statusLabel(view.status)}</span>
              </dd>
              <dt>Gestartet</dt>
              <dd>{dateTime(view.startedAt)}</dd>
              <dt>Beendet</dt>
              <dd>{view.closedAt ? dateTime(view.closedAt) : 'noch nicht'}</dd>
              <dt>Prozess-ID</dt>
              <dd className="process-id">{view.workflowId}</dd>
              {view.temporalUiUrl ? (
                <>
                  <dt>Temporal UI</dt>
                  <dd>
                    <a href={view.temporalUiUrl} target="_blank" rel="noreferrer">
                      Diesen Prozess im Temporal UI öffnen<span className="visually-hidden"> (öffnet ein neues Fenster)</span>
                    </a>
                  </dd>
                </>
              ) : null}
            </dl>
          </section>
          <section aria-labelledby="aufgaben">
            <h2 id="aufgaben">Aufgaben</h2>
            {view.tasks.length === 0 ? (
              <p>Dieser Prozess hat keine Aufgaben für Menschen geöffnet.</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <caption>Aufgaben dieses Prozesses, die neuesten zuerst</caption>
                  <thead>
                    <tr>
                      <th scope="col">Aufgabe</th>
                      <th scope="col">Status</th>
                      <th scope="col">Warteschlange</th>
                      <th scope="col">Fällig</th>
                      <th scope="col">Bearbeitet von</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.tasks.map((task) => (
                      <tr key={task.id}>
                        <th scope="row">
                          <Link to={`/aufgaben/${encodeURIComponent(task.id)}`}>{task.title}</Link>
                        </th>
                        <td>{taskStatusLabel(task.status)}</td>
                        <td>{task.queue}</td>
                        <td>{dateTime(task.dueAt)}</td>
                        <td>{task.completedBy ?? task.assignee ?? '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="schritte">
            <h2 id="schritte">Schritte</h2>
            <p className="meta">Aus dem Verlauf in Temporal, das Älteste zuerst. Die Daten der Schritte sind dort verschlüsselt und erscheinen hier nicht.</p>
            <ol className="process-steps" aria-label="Schritte des Prozesses">
              {view.steps.map((step) => (
                <li key={step.eventId} className={`process-step process-step-${step.kind}`}>
                  <time dateTime={step.at}>{dateTime(step.at)}</time> <span>{stepLabel(step)}</span>
                  {step.firesAt ? <span className="meta"> (bis {dateTime(step.firesAt)})</span> : null}
                  {step.childWorkflowId ? (
                    <>
                      {' '}
                      <Link to={`/prozesse/${encodeURIComponent(step.childWorkflowId)}`}>Teilprozess ansehen</Link>
                    </>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
        </>
      ) : null}
    </Page>
  );
}
