/**
 * Step 7 of the call: the customer is interested and the Direktberatung should take over (seed
 * 000: "avisiertes Verbinden" or a callback message). With the call id the process tries the
 * announced warm transfer first; otherwise, or when nobody takes it, the Direktberatung gets a
 * task and an email with the preferred time. One Idempotency-Key per submission, reused on retry.
 * After the start the callback's state is shown, with a link to its process page.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, CheckboxGroup, Notice, SelectField, TextArea } from '../../components';
import { dateTime } from '../../format';
import { PreferredTimeFields, usePreferredTime } from './PreferredTimeFields';
import { CALLBACK_STATUS, OFFER_TOPIC_OPTIONS, topicLabel, TRANSFER_OUTCOMES } from './labels';
import { consoleError, germanFieldErrors } from './messages';
import type { CallbackStarted, CallbackState, CustomerSummary } from './types';
import { useSubmissionKey } from './useSubmissionKey';

interface Props {
  customer: CustomerSummary;
  callId: string;
  onCallIdError(message: string | undefined): void;
}

/** Whether the callback still moves soon by itself: the warm transfer runs, or its first task is not open yet. */
const moving = (state: CallbackState) => state.status === 'transferring' || (state.status === 'waiting' && state.attempts.length === 0);

export function CallbackSection({ customer, callId, onCallIdError }: Props) {
  const [topic, setTopic] = useState('kreditkarte');
  const time = usePreferredTime();
  const [note, setNote] = useState('');
  const [transfer, setTransfer] = useState<string[]>([]);
  const submission = useSubmissionKey();
  const start = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<CallbackStarted>('/callbacks', { method: 'POST', body, idempotencyKey: submission.keyFor(body) }),
    onMutate: () => onCallIdError(undefined),
    onSuccess: () => submission.succeeded(),
    onError: (error) => onCallIdError(germanFieldErrors(error).callId),
  });
  const started = start.data;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({
      customerId: customer.customerId,
      topic,
      preferredTime: time.value,
      ...(note.trim() ? { note } : {}),
      ...(transfer.length > 0 ? { callId } : {}),
    });
  };
  const fields = germanFieldErrors(start.error);
  return (
    <section className="console-step" aria-labelledby="schritt-rueckruf">
      <h2 id="schritt-rueckruf">7. Interesse: Rückruf durch die Direktberatung</h2>
      <p>Die Direktberatung ruft den Kunden zum gewünschten Zeitpunkt zurück. Mit der Anruf-ID wird zuerst versucht, ihn angekündigt weiterzuverbinden.</p>
      <form className="form narrow" onSubmit={submit} noValidate aria-label="Rückruf anfordern">
        <SelectField label="Thema" name="topic" value={topic} onChange={setTopic} options={OFFER_TOPIC_OPTIONS} error={fields.topic} required />
        <PreferredTimeFields state={time} label="Wann möchte der Kunde angerufen werden?" name="" fields={fields} />
        <TextArea label="Notiz für die Direktberatung" name="note" value={note} onChange={setNote} maxLength={1000} error={fields.note} hint="Was der Kunde möchte, z. B. „möchte die Gold-Karte“." />
        <CheckboxGroup
          label="Weiterverbinden"
          name="transfer"
          value={transfer}
          onChange={setTransfer}
          options={[{ value: 'warm', label: `Zuerst angekündigt weiterverbinden (Anruf-ID ${callId})` }]}
          hint="Nur, solange der Kunde noch in der Leitung ist."
        />
        <div className="actions">
          <Button type="submit" busy={start.isPending}>
            Rückruf anfordern
          </Button>
        </div>
      </form>
      <Notice kind="success">
        {started
          ? `Rückruf zum Thema „${topicLabel(started.topic)}“ angefordert. ${start.variables?.callId ? 'Das Weiterverbinden wird versucht; klappt es nicht, erhält die Direktberatung' : 'Die Direktberatung erhält'} eine Aufgabe und eine E-Mail.`
          : undefined}
      </Notice>
      <Notice kind="error">{start.error ? (Object.keys(fields).length > 0 ? 'Bitte die markierten Angaben prüfen.' : consoleError(start.error)) : undefined}</Notice>
      {started ? <CallbackProgress callbackId={started.callbackId} workflowId={started.workflowId} /> : null}
    </section>
  );
}

/**
 * A callback's state as it moves (polled every second while the warm transfer runs or its first
 * task is not open yet), with a link to its process. Also shown after an offer's "Interesse".
 */
export function CallbackProgress({ callbackId, workflowId }: { callbackId: string; workflowId: string }) {
  const query = useQuery({
    queryKey: ['callback', callbackId],
    queryFn: ({ signal }) => api<CallbackState>(`/callbacks/${encodeURIComponent(callbackId)}`, { signal }),
    refetchOnWindowFocus: false,
    refetchInterval: (current) => (current.state.data && !moving(current.state.data) ? false : 1_000),
  });
  const state = query.data;
  const error = query.error;
  const next = state?.attempts.find((attempt) => attempt.reached === undefined);
  return (
    <div className="console-part" role="status">
      <h3>Stand des Rückrufs</h3>
      {error ? <p>{consoleError(error)}</p> : null}
      {state ? (
        <dl className="facts">
          <dt>Status</dt>
          <dd>{CALLBACK_STATUS[state.status] ?? state.status}</dd>
          {state.transfer ? (
            <>
              <dt>Weiterverbinden</dt>
              <dd>{TRANSFER_OUTCOMES[state.transfer.outcome] ?? state.transfer.outcome}</dd>
            </>
          ) : null}
          <dt>Versuche</dt>
          <dd>{state.attempts.length}</dd>
          {next ? (
            <>
              <dt>Fällig</dt>
              <dd>{dateTime(next.dueAt)}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p>Der Stand wird geladen …</p>
      )}
      <p>
        <Link to={`/prozesse/${encodeURIComponent(workflowId)}`}>Zum Prozess {workflowId}</Link>
      </p>
    </div>
  );
}
