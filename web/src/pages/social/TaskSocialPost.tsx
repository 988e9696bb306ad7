/**
 * The post a `social-reaction` task is about, above its form: the task's context names only the
 * case (no personal data in a task row), so the page reads the case (`GET /social-cases/{id}`, the
 * task's process) and shows what the agent answers: the text, network, author and time, the type
 * the rules propose with the rule as the reason, and the reaction's due time. Read once, as the
 * task itself: every read is an audit entry.
 */
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { Notice } from '../../components';
import { dateTime } from '../../format';
import { DueTime } from '../tasks/DueTime';
import type { Task } from '../tasks/types';
import { authorLabel, classificationLabel } from './CaseDetail';
import { reactionOwed, socialLink } from './CaseList';
import { describeSocialError, entryLabel, TYPE_LABELS } from './labels';
import { casePath } from './queries';
import type { SocialCaseState } from './types';
import './social.css';

/** The case of a task: its context's `caseId`, else the process the task belongs to. */
export const caseIdOf = (task: Task) => (typeof task.context.caseId === 'string' ? task.context.caseId : task.workflowId);

export function TaskSocialPost({ task, now }: { task: Task; now: Date }) {
  const caseId = caseIdOf(task);
  const query = useQuery({
    queryKey: ['social-case', caseId, 'task'],
    queryFn: ({ signal }) => api<SocialCaseState>(casePath(caseId), { signal }),
    refetchOnWindowFocus: false,
    staleTime: 30_000,
  });

  let body: ReactNode;
  if (query.isPending) {
    body = <p role="status">Der Eintrag wird geladen …</p>;
  } else if (query.isError) {
    body = <Notice kind="error">{`Der Eintrag (Fall ${caseId}) konnte nicht geladen werden. ${describeSocialError(query.error)}`}</Notice>;
  } else {
    const state = query.data;
    const reactedAt = state.steps.find((step) => step.step === 'classified')?.at;
    body = (
      <>
        <figure className="evidence-wording social-post">
          <figcaption>
            {entryLabel(state.network, state.kind)} von {authorLabel(state.author)}, <time dateTime={state.postedAt}>{dateTime(state.postedAt)}</time> Uhr
          </figcaption>
          <blockquote className="social-post-text">{state.text}</blockquote>
        </figure>
        <dl className="task-facts">
          <dt>Vorschlag der Regeln</dt>
          <dd>{classificationLabel(state.classified)}</dd>
          {state.type !== state.classified.type ? (
            <>
              <dt>Einstufung jetzt</dt>
              <dd>{TYPE_LABELS[state.type]}</dd>
            </>
          ) : null}
          <dt>Reaktion fällig</dt>
          <dd>
            <DueTime dueAt={state.dueAt} now={now} active={reactionOwed({ status: state.status, reactedAt })} /> (rund um die Uhr gerechnet)
          </dd>
          {state.evidence ? (
            <>
              <dt>Als Beweis gesichert</dt>
              <dd>
                SHA-256 <code className="evidence-hash">{state.evidence.sha256}</code>
              </dd>
            </>
          ) : null}
        </dl>
        <p>
          <Link to={socialLink(caseId, true)}>Den ganzen Fall auf der Seite Social Media öffnen</Link>
        </p>
      </>
    );
  }

  return (
    <section aria-labelledby="social-post-title" className="task-social-post">
      <h2 id="social-post-title">Der Eintrag</h2>
      {body}
    </section>
  );
}
