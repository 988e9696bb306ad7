/**
 * One entry of the evidence timeline. Consent evidence shows the wording exactly as it was read
 * out (question and objection answers, in a quotation block) and the SHA-256 the evidence holds,
 * with whether the stored script still hashes to it.
 */
import { Link } from 'react-router';
import { dateTime } from '../../format';
import { auditLabel, channelLabel, consentLabel, contactLabel, KIND_LABELS, PURPOSE_LABELS, rolesLabel } from './labels';

interface Wording {
  question: string;
  objectionAnswers: Array<{ objection: string; answer: string }>;
  sha256: string;
  matchesEvidence: boolean;
}

interface Base {
  id: string;
  at: string;
  actor: string;
  action: string;
}

export type TimelineEntry =
  | (Base & {
      kind: 'consent';
      consent: { answer: string; channel: string; granted: boolean; contactId?: string; scriptVersion?: number; wordingSha256?: string; wording?: Wording; workflowId: string; writtenThrough: boolean };
    })
  | (Base & { kind: 'contact'; contact: { purpose: string; channel: string; topic: string; outcome: string; workflowId: string; campaignId?: string; note?: string } })
  | (Base & { kind: 'audit'; audit: { role: string; objectType: string; objectId?: string; requestId?: string; detail?: Record<string, unknown> } });

const actorLabel = (actor: string) => (actor === 'system' ? 'System (Prozess)' : actor);
const processLink = (workflowId: string) => <Link to={`/prozesse/${encodeURIComponent(workflowId)}`}>Prozess ansehen</Link>;

export function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const headingId = `eintrag-${entry.id.replace(/[^A-Za-z0-9-]/g, '-')}`;
  return (
    <li className={`card evidence-entry evidence-${entry.kind}`}>
      <p className="meta">
        <span className={`badge evidence-kind-${entry.kind}`}>{KIND_LABELS[entry.kind]}</span> <time dateTime={entry.at}>{dateTime(entry.at)}</time> · {actorLabel(entry.actor)}
      </p>
      {entry.kind === 'consent' ? <ConsentEntry entry={entry} headingId={headingId} /> : null}
      {entry.kind === 'contact' ? <ContactEntry entry={entry} headingId={headingId} /> : null}
      {entry.kind === 'audit' ? <AuditEntry entry={entry} headingId={headingId} /> : null}
    </li>
  );
}

function ConsentEntry({ entry, headingId }: { entry: Extract<TimelineEntry, { kind: 'consent' }>; headingId: string }) {
  const { consent } = entry;
  return (
    <>
      <h3 id={headingId}>{consentLabel(consent.answer, consent.channel)}</h3>
      {consent.wording ? (
        <figure className="evidence-wording">
          <figcaption>Vorgelesener Wortlaut (Leitfaden, Fassung {consent.scriptVersion})</figcaption>
          <blockquote>
            <p>{consent.wording.question}</p>
          </blockquote>
          <details>
            <summary>Vorbereitete Antworten auf Einwände ({consent.wording.objectionAnswers.length})</summary>
            <dl>
              {consent.wording.objectionAnswers.map((item) => (
                <div key={item.objection}>
                  <dt>„{item.objection}“</dt>
                  <dd>
                    <blockquote>
                      <p>{item.answer}</p>
                    </blockquote>
                  </dd>
                </div>
              ))}
            </dl>
          </details>
        </figure>
      ) : consent.answer === 'withdrawn' ? null : (
        <p>Der Wortlaut dieser Fassung ist nicht gespeichert.</p>
      )}
      <dl className="facts">
        {consent.wordingSha256 ? (
          <>
            <dt>SHA-256 des Wortlauts</dt>
            <dd>
              <code className="evidence-hash">{consent.wordingSha256}</code>
              {consent.wording ? (
                <span className={`badge ${consent.wording.matchesEvidence ? 'badge-ok' : 'badge-bad'} evidence-check`}>
                  {consent.wording.matchesEvidence ? 'stimmt mit dem gespeicherten Wortlaut überein' : 'stimmt NICHT mit dem gespeicherten Wortlaut überein'}
                </span>
              ) : null}
            </dd>
          </>
        ) : null}
        <dt>Kanal</dt>
        <dd>{channelLabel(consent.channel)}</dd>
        {consent.contactId ? (
          <>
            <dt>Kontakt</dt>
            <dd>{consent.contactId}</dd>
          </>
        ) : null}
        <dt>Kernbanksystem</dt>
        <dd>{consent.writtenThrough ? 'übernommen' : 'noch nicht bestätigt'}</dd>
        <dt>Prozess</dt>
        <dd>{processLink(consent.workflowId)}</dd>
      </dl>
    </>
  );
}

function ContactEntry({ entry, headingId }: { entry: Extract<TimelineEntry, { kind: 'contact' }>; headingId: string }) {
  const { contact } = entry;
  return (
    <>
      <h3 id={headingId}>{contactLabel(contact.outcome)}</h3>
      <dl className="facts">
        <dt>Anlass</dt>
        <dd>
          {PURPOSE_LABELS[contact.purpose] ?? contact.purpose}, Thema {contact.topic}
          {contact.campaignId ? `, Kampagne ${contact.campaignId}` : ''}
        </dd>
        <dt>Kanal</dt>
        <dd>{channelLabel(contact.channel)}</dd>
        {contact.note ? (
          <>
            <dt>Notiz</dt>
            <dd>{contact.note}</dd>
          </>
        ) : null}
        <dt>Prozess</dt>
        <dd>{processLink(contact.workflowId)}</dd>
      </dl>
    </>
  );
}

function AuditEntry({ entry, headingId }: { entry: Extract<TimelineEntry, { kind: 'audit' }>; headingId: string }) {
  const { audit } = entry;
  return (
    <>
      <h3 id={headingId}>{auditLabel(entry.action)}</h3>
      <p className="meta">
        in der Rolle {rolesLabel(audit.role)}
        {audit.objectId && audit.objectType !== 'customer' ? (
          <>
            {' '}
            · Objekt <span className="evidence-id">{audit.objectId}</span>
          </>
        ) : null}
        {audit.requestId ? (
          <>
            {' '}
            · Anfrage <span className="evidence-id">{audit.requestId}</span>
          </>
        ) : null}
      </p>
    </>
  );
}
