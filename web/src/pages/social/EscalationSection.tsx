/**
 * A reputation risk's evidence and escalation: the post as preserved with its SHA-256 (over
 * `postedAt + "\n" + text`, as in the audit trail's `social-case.evidence-preserved`), where the
 * escalation stands, every alert sent (level, contact, time, channels, to whom), and for
 * supervisors "Eskalation bestätigen" while it runs. The API's answer, or its refusal, is said in
 * a live region beside the button.
 */
import { useRef, useState } from 'react';
import { api } from '../../api/client';
import { Button, Notice } from '../../components';
import { dateTime } from '../../format';
import { CHANNEL_LABELS, describeSocialError, sentLabel } from './labels';
import { casePath } from './queries';
import { isClosed, type SocialCaseState } from './types';

function escalationSentence(escalation: NonNullable<SocialCaseState['escalation']>, nameOf: (id: string) => string): string {
  const level = escalation.alerts.length;
  if (escalation.status === 'acknowledged') {
    return `Bestätigt von ${nameOf(escalation.acknowledgedBy ?? '')}${escalation.acknowledgedAt ? ` am ${dateTime(escalation.acknowledgedAt)} Uhr` : ''}: die Eskalationskette ist angehalten.`;
  }
  if (escalation.status === 'exhausted') {
    return `Ausgeschöpft${escalation.exhaustedAt ? ` am ${dateTime(escalation.exhaustedAt)} Uhr` : ''}: keine Stufe hat bestätigt. Eine Reparaturaufgabe für den Betrieb ist angelegt.`;
  }
  return level === 0 ? 'Läuft: die erste Stufe wird alarmiert.' : `Läuft: Stufe ${level} ist alarmiert und hat noch nicht bestätigt. Ohne Bestätigung wird die nächste Stufe alarmiert.`;
}

export function EscalationSection({ state, supervisor, nameOf, onAcknowledged }: { state: SocialCaseState; supervisor: boolean; nameOf(id: string): string; onAcknowledged(state: SocialCaseState): void }) {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const stateLine = useRef<HTMLParagraphElement>(null);
  const { evidence, escalation } = state;

  const acknowledge = async () => {
    setBusy(true);
    setNotice(null);
    try {
      const updated = await api<SocialCaseState>(`${casePath(state.caseId)}/acknowledge`, { method: 'POST', body: {} });
      onAcknowledged(updated);
      // The button goes away with the running escalation: the focus goes to what it changed.
      stateLine.current?.focus();
      setNotice({ kind: 'success', text: 'Die Eskalation ist bestätigt; es werden keine weiteren Stufen alarmiert.' });
    } catch (error) {
      setNotice({ kind: 'error', text: describeSocialError(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="social-escalation" className="social-escalation">
      <h3 id="social-escalation">Beweissicherung und Eskalation</h3>
      {evidence ? (
        <dl className="task-facts">
          <dt>SHA-256 des Beweises</dt>
          <dd>
            <code className="evidence-hash">{evidence.sha256}</code>
          </dd>
          <dt>Gesichert</dt>
          <dd>
            <time dateTime={evidence.capturedAt}>{dateTime(evidence.capturedAt)}</time> Uhr
          </dd>
          <dt>Gebildet über</dt>
          <dd>Veröffentlichungszeit ({evidence.postedAt}), Zeilenumbruch, Text des Eintrags, wie empfangen</dd>
        </dl>
      ) : (
        <p>Für diesen Fall ist kein Beweis gesichert.</p>
      )}
      {escalation ? (
        <>
          <p className="social-escalation-state" ref={stateLine} tabIndex={-1}>
            <strong>Eskalation:</strong> {escalationSentence(escalation, nameOf)}
          </p>
          {escalation.alerts.length > 0 ? (
            <div className="table-scroll">
              <table>
                <caption>Gesendete Alarme</caption>
                <thead>
                  <tr>
                    <th scope="col">Stufe</th>
                    <th scope="col">Kontakt</th>
                    <th scope="col">Zeit</th>
                    <th scope="col">Kanäle</th>
                    <th scope="col">Gesendet</th>
                  </tr>
                </thead>
                <tbody>
                  {escalation.alerts.map((alert) => (
                    <tr key={alert.level}>
                      <th scope="row">Stufe {alert.level}</th>
                      <td>{alert.contact}</td>
                      <td>
                        <time dateTime={alert.at}>{dateTime(alert.at)}</time>
                      </td>
                      <td>{alert.channels.map((channel) => CHANNEL_LABELS[channel]).join(', ')}</td>
                      <td>
                        <ul className="social-sent">
                          {alert.sent.map((sent) => (
                            <li key={sent}>{sentLabel(sent)}</li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {supervisor && escalation.status === 'running' && !isClosed(state.status) ? (
            <div className="actions">
              <Button busy={busy} onClick={() => void acknowledge()}>
                Eskalation bestätigen
              </Button>
            </div>
          ) : null}
          {!supervisor && escalation.status === 'running' ? <p className="meta">Bestätigen können Supervisor/innen.</p> : null}
        </>
      ) : null}
      <Notice kind="success">{notice?.kind === 'success' ? notice.text : null}</Notice>
      <Notice kind="error">{notice?.kind === 'error' ? notice.text : null}</Notice>
    </section>
  );
}
