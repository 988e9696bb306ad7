/**
 * Step 8 of the call: customer data and interests (issue 11, "Dauerhafte Services"). Two parts:
 *
 * - Kontaktdaten: the contact details core banking lacks (`missing` of the summary), asked for
 *   and sent once to core banking (`POST /customers/{id}/contact-data`, written through by a
 *   process). Only the missing ones are asked; a wrong value is named beside its field.
 * - Interessen: what the customer mentioned ("plant Immobilienkauf"), ticked from the bank's list
 *   (`GET /interests`), with a note for the advisor (`POST /customers/{id}/profile-notes`). It
 *   reaches the customer's advisors as a notice to read, not as a task. Earlier notes are listed.
 *
 * One Idempotency-Key per submission, reused when the same submission is sent again after a failure.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, CheckboxGroup, Notice, TextArea, TextField } from '../../components';
import { dateTime } from '../../format';
import { channelLabel, contactFieldLabel, listWords } from './labels';
import { consoleError, germanFieldErrors } from './messages';
import { CUSTOMER_READ, customerPath } from './queries';
import type { ConsentTrail, ContactDataAccepted, ContactField, CustomerSummary, InterestList, ProfileNote, ProfileNoteList } from './types';
import { useSubmissionKey } from './useSubmissionKey';

/** The step's heading id: the customer card links here when contact details are missing. */
export const CUSTOMER_DATA_STEP = 'schritt-kundendaten';
/** The note's limit, as the API has it. */
const NOTE_MAX = 500;
/** The bank's list of interests changes with a release only. */
const INTERESTS_READ = { staleTime: Infinity, refetchOnWindowFocus: false } as const;

interface Props {
  customer: CustomerSummary;
  callId: string;
  /** A problem with the call id goes beside the call id's field. */
  onCallIdError(message: string | undefined): void;
}

export function CustomerProfileSection({ customer, callId, onCallIdError }: Props) {
  return (
    <section className="console-step" aria-labelledby={CUSTOMER_DATA_STEP}>
      <h2 id={CUSTOMER_DATA_STEP}>8. Kundendaten und Interessen</h2>
      <p>Fehlende Kontaktdaten erfragen und an das Kernbankensystem geben; was der Kunde über seine Pläne erzählt, für die Beraterin / den Berater notieren.</p>
      <ContactData customer={customer} callId={callId} onCallIdError={onCallIdError} />
      <Interests customer={customer} callId={callId} onCallIdError={onCallIdError} />
    </section>
  );
}

/** The channels advertising needs a consent for, when the customer has none now (nothing for minors: no advertising at all). */
function useMissingAdvertisingConsent(customer: CustomerSummary): string[] {
  // The same read as step 2's (one request for both); step 3 updates it after an answer.
  const trail = useQuery({ queryKey: ['consents', customer.customerId], queryFn: ({ signal }) => api<ConsentTrail>(customerPath(customer.customerId, '/consents'), { signal }), ...CUSTOMER_READ });
  if (customer.minor) return [];
  const current = trail.data?.current ?? customer.coreBankingConsents;
  return ['phone', 'email'].filter((channel) => !current.some((consent) => consent.channel === channel && consent.granted));
}

function ContactData({ customer, callId, onCallIdError }: Props) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<ContactField, string>>({ email: '', phone: '' });
  const [empty, setEmpty] = useState(false);
  /** The fields sent to core banking during this call. */
  const [captured, setCaptured] = useState<ContactField[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  const submission = useSubmissionKey();
  const send = useMutation({
    mutationFn: (body: { contactId: string; email?: string; phone?: string }) =>
      api<ContactDataAccepted>(customerPath(customer.customerId, '/contact-data'), { method: 'POST', body, idempotencyKey: submission.keyFor(body) }),
    onMutate: () => onCallIdError(undefined),
    onSuccess: (accepted) => {
      submission.succeeded();
      setCaptured((before) => [...before.filter((field) => !accepted.fields.includes(field)), ...accepted.fields]);
      setValues((before) => ({ ...before, ...Object.fromEntries(accepted.fields.map((field) => [field, ''])) }));
      // Core banking gets them now: the card stops asking (without reading the customer again).
      queryClient.setQueryData<CustomerSummary>(['customer', customer.customerId], (summary) => (summary ? { ...summary, missing: summary.missing.filter((field) => !accepted.fields.includes(field)) } : summary));
      // The form goes when nothing is left to ask: the focus goes to the part's heading, not to the page's start.
      if (customer.missing.every((field) => captured.includes(field) || accepted.fields.includes(field))) heading.current?.focus();
    },
    onError: (error) => onCallIdError(germanFieldErrors(error).contactId),
  });
  const advertising = useMissingAdvertisingConsent(customer);
  const open = customer.missing.filter((field) => !captured.includes(field));
  const fields = germanFieldErrors(send.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const given = open.filter((field) => values[field].trim() !== '');
    setEmpty(given.length === 0);
    if (given.length === 0) return;
    send.mutate({ contactId: callId, ...Object.fromEntries(given.map((field) => [field, values[field].trim()])) });
  };
  const errorOf = (field: ContactField, first: boolean) => (empty && first ? (open.length === 1 ? `Bitte die ${contactFieldLabel(field)} eingeben.` : 'Bitte eine E-Mail-Adresse oder Mobilnummer eingeben.') : fields[field]);

  return (
    <div className="console-part">
      <h3 ref={heading} tabIndex={-1}>
        Kontaktdaten
      </h3>
      {customer.missing.length === 0 && captured.length === 0 ? <p>Das Kernbankensystem hat E-Mail-Adresse und Mobilnummer des Kunden: hier ist nichts zu erfassen.</p> : null}
      {open.length > 0 ? (
        <>
          <p>
            Dem Kernbankensystem fehlt: <strong>{listWords(open.map(contactFieldLabel))}</strong>. Bitte den Kunden danach fragen und eintragen; es wird einmal an das Kernbankensystem übertragen.
          </p>
          <form className="form narrow" onSubmit={submit} noValidate aria-label="Kontaktdaten erfassen">
            {open.map((field, index) => (
              <TextField
                key={field}
                label={contactFieldLabel(field)}
                name={field}
                type={field === 'email' ? 'email' : 'tel'}
                inputMode={field === 'email' ? 'email' : 'tel'}
                value={values[field]}
                onChange={(value) => {
                  setValues((before) => ({ ...before, [field]: value }));
                  setEmpty(false);
                }}
                error={errorOf(field, index === 0)}
                hint={field === 'email' ? 'Zum Beispiel name@beispiel.de' : 'Zum Beispiel 0171 2345678'}
                maxLength={field === 'email' ? 254 : 24}
              />
            ))}
            <div className="actions">
              <Button type="submit" busy={send.isPending}>
                Kontaktdaten übertragen
              </Button>
            </div>
          </form>
        </>
      ) : null}
      <Notice kind="success">{captured.length > 0 ? `Wird an das Kernbankensystem übertragen: ${listWords(captured.map(contactFieldLabel))}.` : undefined}</Notice>
      <Notice kind="error">{send.error ? (fields.contactId ? 'Bitte die Anruf-ID oben prüfen.' : Object.keys(fields).length > 0 ? 'Bitte die markierten Angaben prüfen.' : consoleError(send.error)) : undefined}</Notice>
      {advertising.length > 0 ? (
        <p>
          <strong>Werbeeinwilligung fehlt</strong> ({listWords(advertising.map(channelLabel))}): siehe <a href="#schritt-einwilligung">Schritt 3 „Werbeeinwilligung“</a>. Eine neue Kontaktangabe allein erlaubt keine Werbung.
        </p>
      ) : null}
    </div>
  );
}

/** The field problems of a profile note, `interests.0` counted as `interests`. */
function profileNoteErrors(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, message] of Object.entries(germanFieldErrors(error))) result[key.split('.')[0] ?? key] ??= message;
  return result;
}

function Interests({ customer, callId, onCallIdError }: Props) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['interests'], queryFn: ({ signal }) => api<InterestList>('/interests', { signal }), ...INTERESTS_READ });
  const notesKey = ['profile-notes', customer.customerId];
  const [chosen, setChosen] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [nothing, setNothing] = useState(false);
  const submission = useSubmissionKey();
  const record = useMutation({
    mutationFn: (body: { contactId: string; interests: string[]; note?: string }) =>
      api<ProfileNote>(customerPath(customer.customerId, '/profile-notes'), { method: 'POST', body, idempotencyKey: submission.keyFor(body) }),
    onMutate: () => onCallIdError(undefined),
    onSuccess: () => {
      submission.succeeded();
      setChosen([]);
      setNote('');
      return queryClient.invalidateQueries({ queryKey: notesKey });
    },
    onError: (error) => onCallIdError(germanFieldErrors(error).contactId),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = note.trim();
    setNothing(chosen.length === 0 && text === '');
    if (chosen.length === 0 && text === '') return;
    // In the list's order, whatever order they were ticked in.
    const interests = (list.data?.interests ?? []).map((interest) => interest.code).filter((code) => chosen.includes(code));
    record.mutate({ contactId: callId, interests, ...(text ? { note: text } : {}) });
  };
  const fields = profileNoteErrors(record.error);
  const recorded = record.data;
  return (
    <div className="console-part">
      <h3>Interessen und Pläne des Kunden</h3>
      <p>Was der Kunde nebenbei erwähnt, geht als Hinweis an seine Beraterin / seinen Berater: zur Kenntnis, keine Aufgabe. Spätere Angebote können sich darauf stützen.</p>
      <Notice kind="error">{list.error ? `Die Liste der Interessen konnte nicht geladen werden. ${consoleError(list.error)}` : undefined}</Notice>
      <form className="form" onSubmit={submit} noValidate aria-label="Interessen notieren">
        {list.isPending ? <p role="status">Die Liste der Interessen wird geladen …</p> : null}
        {list.data ? (
          <CheckboxGroup
            label="Der Kunde hat erwähnt"
            name="interests"
            value={chosen}
            onChange={(value) => {
              setChosen(value);
              setNothing(false);
            }}
            options={list.data.interests.map(({ code, label }) => ({ value: code, label }))}
            error={nothing ? 'Bitte mindestens ein Interesse ankreuzen oder eine Notiz schreiben.' : fields.interests}
            hint="Alles Zutreffende ankreuzen."
          />
        ) : null}
        <TextArea
          label="Notiz für die Beraterin / den Berater"
          name="note"
          value={note}
          onChange={(value) => {
            setNote(value);
            setNothing(false);
          }}
          maxLength={NOTE_MAX}
          error={fields.note}
          hint={`Freiwillig, höchstens ${NOTE_MAX} Zeichen (jetzt ${note.length}). Nur, was für die Beratung wichtig ist, z. B. „Kauf in etwa einem Jahr, Eigenkapital vorhanden“.`}
        />
        <div className="actions">
          <Button type="submit" busy={record.isPending}>
            Interessen notieren
          </Button>
        </div>
      </form>
      <Notice kind="success">
        {recorded && !record.isPending
          ? `Notiert und als Hinweis an die Beraterin / den Berater (Warteschlange ${recorded.notice.queue}) gegeben – keine Aufgabe, nur zur Kenntnis.`
          : undefined}
      </Notice>
      <Notice kind="error">{record.error ? (fields.contactId ? 'Bitte die Anruf-ID oben prüfen.' : Object.keys(fields).length > 0 ? 'Bitte die markierten Angaben prüfen.' : consoleError(record.error)) : undefined}</Notice>
      <EarlierNotes customerId={customer.customerId} />
    </div>
  );
}

/** The customer's earlier notes, newest first. */
function EarlierNotes({ customerId }: { customerId: string }) {
  const headingId = useId();
  const notes = useQuery({
    queryKey: ['profile-notes', customerId],
    queryFn: ({ signal }) => api<ProfileNoteList>(customerPath(customerId, '/profile-notes'), { signal }),
    ...CUSTOMER_READ,
  });
  const sorted = [...(notes.data?.profileNotes ?? [])].sort((a, b) => Date.parse(b.recordedAt) - Date.parse(a.recordedAt));
  return (
    <>
      <h4 id={headingId} className="console-notes-heading">
        Bisherige Notizen zum Kunden
      </h4>
      <Notice kind="error">{notes.error ? `Die bisherigen Notizen konnten nicht geladen werden. ${consoleError(notes.error)}` : undefined}</Notice>
      {notes.data && sorted.length === 0 ? <p>Noch keine Notizen zu Interessen des Kunden.</p> : null}
      {sorted.length > 0 ? (
        <ol className="console-notes" aria-labelledby={headingId}>
          {sorted.map((item) => (
            <li key={item.id}>
              <p className="meta">
                {dateTime(item.recordedAt)}, notiert von {item.recordedBy}
                {item.notice.readAt ? ` · gelesen ${dateTime(item.notice.readAt)}${item.notice.readBy ? ` von ${item.notice.readBy}` : ''}` : ` · noch nicht gelesen (Warteschlange ${item.notice.queue})`}
              </p>
              {item.interests.length > 0 ? <p>{item.interests.map((interest) => interest.label).join(' · ')}</p> : null}
              {item.note ? <p className="console-note-text">„{item.note}“</p> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}
