/**
 * Step 3 of the call: advertising consent (Werbeeinverständnis, seed 000 "Praxisbeispiel –
 * Einholung Werbeeinverständnis"). The API checks whether to ask; if so the agent reads the
 * script's wording and, on objections, the prepared answers, then records yes (with channels),
 * no or undecided. What was stored as proof (evidence id, hash of the wording) is shown, and
 * whether core banking has the decision yet.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, CheckboxGroup, Notice, RadioGroup, SelectField } from '../../components';
import { dateTime } from '../../format';
import { ANSWERS, channelLabel, CHANNEL_OPTIONS, CHECK_STATUS, notAskedSentence } from './labels';
import { consoleError, germanFieldErrors } from './messages';
import { TableScroll } from './TableScroll';
import type { ConsentCheck, ConsentCheckState, CustomerSummary, EvidenceRecord } from './types';

interface Props {
  customer: CustomerSummary;
  callId: string;
  /** A problem with the call id goes beside the call id's field. */
  onCallIdError(message: string | undefined): void;
}

type Answer = 'yes' | 'no' | 'undecided';
const ANSWER_OPTIONS = [
  { value: 'yes', label: 'Ja, einverstanden' },
  { value: 'no', label: 'Nein' },
  { value: 'undecided', label: 'Noch unentschieden („Das überlege ich mir noch.“)' },
];

/** States in which the check still moves by itself (the write-through to core banking). */
const MOVING = new Set(['checking', 'writing-through']);

export function ConsentSection({ customer, callId, onCallIdError }: Props) {
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState('phone');
  const check = useMutation({
    mutationFn: () => api<ConsentCheck>('/consent-checks', { method: 'POST', body: { customerId: customer.customerId, contactId: callId, channel } }),
    onMutate: () => onCallIdError(undefined),
    onError: (error) => onCallIdError(germanFieldErrors(error).contactId),
  });
  const opened = check.data;
  return (
    <section className="console-step" aria-labelledby="schritt-einwilligung">
      <h2 id="schritt-einwilligung">3. Werbeeinwilligung</h2>
      <p>Nach dem Serviceanliegen prüft die Drehscheibe, ob eine Einwilligung für Werbung per Telefon und E-Mail fehlt, und gibt den Leitfaden dazu.</p>
      <form
        className="form narrow"
        noValidate
        aria-label="Einwilligung prüfen"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          check.mutate();
        }}
      >
        <SelectField label="Kanal dieses Kontakts" name="channel" value={channel} onChange={setChannel} options={CHANNEL_OPTIONS} />
        <div className="actions">
          <Button type="submit" busy={check.isPending}>
            Einwilligung prüfen
          </Button>
        </div>
      </form>
      <Notice kind="success">
        {opened ? (opened.ask ? `Bitte fragen: es fehlt die Einwilligung für ${opened.missingChannels.map(channelLabel).join(' und ')}. Der Leitfaden steht unten.` : notAskedSentence(opened.code)) : undefined}
      </Notice>
      <Notice kind="error">{check.error && !germanFieldErrors(check.error).contactId ? consoleError(check.error) : check.error ? 'Bitte die Anruf-ID oben prüfen.' : undefined}</Notice>
      {opened?.ask ? (
        <Ask
          key={opened.checkId}
          check={opened}
          customer={customer}
          onAnswered={() => Promise.all(['consents', 'contact-policy'].map((key) => queryClient.invalidateQueries({ queryKey: [key, customer.customerId] })))}
        />
      ) : null}
    </section>
  );
}

function Ask({ check, customer, onAnswered }: { check: Extract<ConsentCheck, { ask: true }>; customer: CustomerSummary; onAnswered(): Promise<unknown> }) {
  const [answer, setAnswer] = useState<Answer | ''>('');
  const askable = check.missingChannels.filter((channel) => channel === 'phone' || channel === 'email');
  const [channels, setChannels] = useState<string[]>(askable.includes('phone') ? ['phone'] : []);
  const [unchosen, setUnchosen] = useState(false);
  const record = useMutation({
    mutationFn: (body: { answer: Answer; channels?: string[] }) => api<{ checkId: string; evidence: EvidenceRecord[] }>(`/consent-checks/${encodeURIComponent(check.checkId)}/answer`, { method: 'POST', body }),
    onSuccess: onAnswered,
  });
  // After the answer: the check's state until core banking has the decision.
  const state = useQuery({
    queryKey: ['consent-check', check.checkId],
    queryFn: ({ signal }) => api<ConsentCheckState>(`/consent-checks/${encodeURIComponent(check.checkId)}`, { signal }),
    enabled: record.isSuccess,
    refetchOnWindowFocus: false,
    refetchInterval: (query) => (query.state.data && !MOVING.has(query.state.data.status) ? false : 1_000),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setUnchosen(answer === '');
    if (answer === '') return;
    record.mutate(answer === 'yes' ? { answer, channels } : { answer });
  };
  const fields = germanFieldErrors(record.error);
  const evidence = state.data?.evidence.length ? state.data.evidence : record.data?.evidence;
  return (
    <div className="console-part">
      <h3>Leitfaden (Version {check.scriptVersion})</h3>
      <p className="meta">
        Ansprache: Frau / Herr {customer.name.familyName}. Bitte wörtlich vorlesen: genau diese Formulierung wird als Nachweis gespeichert.
      </p>
      <blockquote className="console-script">{check.script.question}</blockquote>
      <h3>Antworten auf Einwände</h3>
      <dl className="console-objections">
        {check.script.objectionAnswers.map((item) => (
          <div key={item.objection}>
            <dt>„{item.objection}“</dt>
            <dd>{item.answer}</dd>
          </div>
        ))}
      </dl>
      <form className="form" onSubmit={submit} noValidate aria-label="Antwort des Kunden erfassen">
        <RadioGroup
          label="Antwort des Kunden"
          name="answer"
          value={answer}
          onChange={(value) => {
            setAnswer(value as Answer);
            setUnchosen(false);
          }}
          options={ANSWER_OPTIONS}
          error={unchosen ? 'Bitte die Antwort des Kunden wählen.' : fields.answer}
          required
        />
        {answer === 'yes' ? (
          <CheckboxGroup
            label="Einverstanden mit Werbung per"
            name="channels"
            value={channels}
            onChange={setChannels}
            options={askable.map((channel) => ({ value: channel, label: channelLabel(channel) }))}
            error={fields.channels ? 'Bitte mindestens einen Kanal wählen, dem der Kunde zugestimmt hat.' : undefined}
            required
          />
        ) : null}
        <div className="actions">
          <Button type="submit" busy={record.isPending} disabled={record.isSuccess}>
            Antwort speichern
          </Button>
        </div>
      </form>
      <Notice kind="success">{record.data ? answeredSentence(record.data.evidence) : undefined}</Notice>
      <Notice kind="error">{record.error && Object.keys(fields).length === 0 ? consoleError(record.error) : undefined}</Notice>
      {evidence && evidence.length > 0 ? (
        <TableScroll label="Gespeicherter Nachweis">
          <table>
            <caption>Gespeicherter Nachweis</caption>
            <thead>
              <tr>
                <th scope="col">Kanal</th>
                <th scope="col">Antwort</th>
                <th scope="col">Zeitpunkt</th>
                <th scope="col">Leitfaden</th>
                <th scope="col">Nachweis-ID</th>
                <th scope="col">Prüfsumme der Formulierung (SHA-256)</th>
                <th scope="col">Im Kernbankensystem</th>
              </tr>
            </thead>
            <tbody>
              {evidence.map((item) => (
                <tr key={item.id}>
                  <th scope="row">{channelLabel(item.channel)}</th>
                  <td>{ANSWERS[item.answer] ?? item.answer}</td>
                  <td>{dateTime(item.decidedAt)}</td>
                  <td>{item.scriptVersion === undefined ? '–' : `Version ${item.scriptVersion}`}</td>
                  <td className="console-code">{item.id}</td>
                  <td className="console-code">{item.wordingSha256 ?? '–'}</td>
                  <td>{item.coreBankingId ? `eingetragen (${item.coreBankingId})` : item.answer === 'undecided' ? 'nicht nötig' : 'noch nicht'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      <Notice kind="info">{state.data ? `Stand der Einwilligungsprüfung: ${CHECK_STATUS[state.data.status] ?? state.data.status}.` : undefined}</Notice>
    </div>
  );
}

/** What happens next after an answer, in one sentence. */
function answeredSentence(evidence: EvidenceRecord[]): string {
  const answer = evidence[0]?.answer;
  const channels = evidence.map((item) => channelLabel(item.channel)).join(' und ');
  if (answer === 'yes') return `Einwilligung für ${channels} gespeichert. Der Nachweis ist abgelegt; die Entscheidung wird einmal an das Kernbankensystem übertragen.`;
  if (answer === 'no') return `Ablehnung für ${channels} gespeichert. Der Nachweis ist abgelegt; die Entscheidung wird an das Kernbankensystem übertragen, und der Kunde wird eine Weile nicht erneut gefragt.`;
  return 'Der Kunde ist noch unentschieden. Das ist festgehalten; bei einem späteren Kontakt wird wieder gefragt. An das Kernbankensystem geht nichts.';
}
