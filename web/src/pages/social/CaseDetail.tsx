/**
 * One case in full: the post (text and author: personal data, shown here only), when it was
 * posted and received, what the rules found and what the case is now, the reaction's due time,
 * the reply and the services notified, for a reputation risk the evidence and the escalation
 * (EscalationSection), and the steps taken. Its heading takes the focus when a person picked the
 * case from the list, so the next Tab starts here.
 */
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { dateTime } from '../../format';
import { DueTime } from '../tasks/DueTime';
import { CaseSteps } from './CaseSteps';
import { reactionOwed } from './CaseList';
import { EscalationSection } from './EscalationSection';
import { entryLabel, NETWORK_LABELS, KIND_LABELS, SERVICE_LABELS, STATUS_LABELS, TYPE_LABELS } from './labels';
import type { SocialCaseState } from './types';

/** The author as the network shows them: "Erika Mustermann (@erika.m)". */
export const authorLabel = (author: SocialCaseState['author']) => (author.name ? `${author.name} (@${author.handle})` : `@${author.handle}`);

/** What the rules found, with the rule as the reason and other types that matched. */
export function classificationLabel(classified: SocialCaseState['classified']): string {
  if (classified.type === 'unclassified') return 'Keine Regel passt: das Team entscheidet.';
  const also = classified.alsoMatched.length > 0 ? `; passt auch zu: ${classified.alsoMatched.map((type) => TYPE_LABELS[type]).join(', ')}` : '';
  return `${TYPE_LABELS[classified.type]} (Regel ${classified.rule ?? '–'}${also})`;
}

export function CaseDetail({
  state,
  now,
  focus,
  supervisor,
  mayOpenTask,
  nameOf,
  onAcknowledged,
}: {
  state: SocialCaseState;
  now: Date;
  focus: boolean;
  supervisor: boolean;
  mayOpenTask: boolean;
  nameOf(id: string): string;
  onAcknowledged(state: SocialCaseState): void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Once per case shown (the component is keyed by the case), not on every refresh.
  const focusWhenShown = useRef(focus);
  useEffect(() => {
    if (focusWhenShown.current) heading.current?.focus();
  }, []);
  const reactedAt = state.steps.find((step) => step.step === 'classified')?.at;

  return (
    <section aria-labelledby="social-case-title" className="social-case">
      <h2 id="social-case-title" ref={heading} tabIndex={-1}>
        {entryLabel(state.network, state.kind)} von {authorLabel(state.author)}
      </h2>
      <figure className="evidence-wording social-post">
        <figcaption>Text des Eintrags</figcaption>
        <blockquote className="social-post-text">{state.text}</blockquote>
      </figure>
      <dl className="task-facts">
        <dt>Netzwerk</dt>
        <dd>{NETWORK_LABELS[state.network]} ({KIND_LABELS[state.kind]}, Kennung {state.postId})</dd>
        <dt>Verfasst von</dt>
        <dd>{authorLabel(state.author)}</dd>
        <dt>Veröffentlicht</dt>
        <dd>
          <time dateTime={state.postedAt}>{dateTime(state.postedAt)}</time> Uhr
        </dd>
        <dt>Eingegangen</dt>
        <dd>
          <time dateTime={state.receivedAt}>{dateTime(state.receivedAt)}</time> Uhr
        </dd>
        <dt>Nach den Regeln</dt>
        <dd>{classificationLabel(state.classified)}</dd>
        <dt>Einstufung jetzt</dt>
        <dd>{TYPE_LABELS[state.type]}</dd>
        <dt>Status</dt>
        <dd>{STATUS_LABELS[state.status]}</dd>
        <dt>Reaktion fällig</dt>
        <dd>
          <DueTime dueAt={state.dueAt} now={now} active={reactionOwed({ status: state.status, reactedAt })} />
          {reactedAt ? (
            <>
              {' '}
              – reagiert <time dateTime={reactedAt}>{dateTime(reactedAt)}</time> Uhr
            </>
          ) : null}
        </dd>
        {state.taskId ? (
          <>
            <dt>Aufgabe des Teams</dt>
            <dd>{mayOpenTask ? <Link to={`/aufgaben/${encodeURIComponent(state.taskId)}`}>Zur Aufgabe</Link> : state.taskId}</dd>
          </>
        ) : null}
        {state.reply ? (
          <>
            <dt>Öffentliche Antwort</dt>
            <dd>
              „{state.reply.text}“ – {state.reply.failed ? 'vom Netzwerk abgelehnt' : 'veröffentlicht'} <time dateTime={state.reply.at}>{dateTime(state.reply.at)}</time> Uhr, freigegeben von {nameOf(state.reply.by)}
            </dd>
          </>
        ) : null}
        {state.notified.length > 0 ? (
          <>
            <dt>Benachrichtigte Dienstleister</dt>
            <dd>{state.notified.map((entry) => `${SERVICE_LABELS[entry.service] ?? entry.service} (${entry.to.join(', ')})`).join('; ')}</dd>
          </>
        ) : null}
        <dt>Fall-ID</dt>
        <dd>
          <code className="process-id">{state.caseId}</code>
        </dd>
      </dl>
      {state.evidence || state.escalation ? <EscalationSection state={state} supervisor={supervisor} nameOf={nameOf} onAcknowledged={onAcknowledged} /> : null}
      <CaseSteps steps={state.steps} nameOf={nameOf} />
    </section>
  );
}
