/**
 * Step 4 of the call: an appointment with a branch advisor (seed 000: "Terminvereinbarungsservice
 * … inkl. Kalendereintrag"). The agent picks the topic, the branch (the customer's by default) or
 * one advisor, and from which day to look; the free slots come as a list of choices in German
 * date and time; booking answers what happens next. A slot taken meanwhile (409) replaces the
 * list with the next free slots the API offers. One Idempotency-Key per submission, reused on retry.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { Button, Notice, RadioGroup, SelectField, TextArea, TextField } from '../../components';
import { CustomerAppointments, customerAppointmentsKey } from '../appointments/CustomerAppointments';
import { consoleError, germanFieldErrors } from './messages';
import type { CustomerSummary } from './types';
import { useSubmissionKey } from './useSubmissionKey';

interface Slot {
  advisorId: string;
  advisorName: string;
  branchId: string;
  start: string;
  end: string;
}

interface Appointment {
  appointmentId: string;
  workflowId: string;
  advisorName: string;
  branchId: string;
  topic: string;
  channel: string;
  start: string;
  status: string;
  reminder: { status: string; at?: string };
}

const ZONE = 'Europe/Berlin';
const DAY = 24 * 60 * 60_000;
const dayLabel = new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const timeLabel = new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** "Dienstag, 1. Dezember 2026, 10:00 Uhr" */
const when = (iso: string) => `${dayLabel.format(new Date(iso))}, ${timeLabel.format(new Date(iso))} Uhr`;

/** The topics branch advisors advise on. */
const TOPIC_OPTIONS = [
  { value: 'girokonto', label: 'Girokonto' },
  { value: 'kreditkarte', label: 'Kreditkarte' },
  { value: 'geldanlage', label: 'Geldanlage' },
  { value: 'altersvorsorge', label: 'Altersvorsorge' },
  { value: 'baufinanzierung', label: 'Baufinanzierung' },
  { value: 'privatkredit', label: 'Privatkredit' },
];
const TOPIC_LABELS: Record<string, string> = Object.fromEntries(TOPIC_OPTIONS.map((option) => [option.value, option.label]));
const CHANNEL_OPTIONS = [
  { value: 'branch', label: 'In der Filiale' },
  { value: 'phone', label: 'Am Telefon' },
  { value: 'video', label: 'Per Video' },
];
const CHANNEL_LABELS: Record<string, string> = { branch: 'in der Filiale', phone: 'am Telefon', video: 'per Video' };
const RANGE_OPTIONS = [
  { value: '3', label: '3 Tage' },
  { value: '7', label: '1 Woche' },
  { value: '14', label: '2 Wochen' },
];

/**
 * Three weeks from today, as local days with German names. Today is offered first: a customer
 * on the line may want to come in this afternoon; the search leaves out slots that start too soon.
 */
function dayOptions(): Array<{ value: string; label: string }> {
  // Noon of each day (UTC), so that a 23- or 25-hour day at a clock change neither skips nor repeats a day.
  const today = Date.parse(`${isoDay.format(new Date())}T12:00:00Z`);
  return Array.from({ length: 21 }, (_, i) => {
    const at = new Date(today + i * DAY);
    return { value: isoDay.format(at), label: i === 0 ? `heute, ${dayLabel.format(at)}` : dayLabel.format(at) };
  });
}

/** `YYYY-MM-DD` plus `days - 1` days: the last day of the range. */
function lastDay(first: string, days: number): string {
  return new Date(Date.parse(`${first}T12:00:00Z`) + (days - 1) * DAY).toISOString().slice(0, 10);
}

export function AppointmentSection({ customer }: { customer: CustomerSummary }) {
  const [days] = useState(dayOptions);
  const [topic, setTopic] = useState('kreditkarte');
  const [branchId, setBranchId] = useState(customer.branchId);
  const [advisorId, setAdvisorId] = useState('');
  const [channel, setChannel] = useState('branch');
  const [from, setFrom] = useState(days[0]!.value);
  const [range, setRange] = useState('7');
  const [chosen, setChosen] = useState('');
  const [note, setNote] = useState('');
  const [offered, setOffered] = useState<Slot[]>();
  const [taken, setTaken] = useState(false);
  const [unchosen, setUnchosen] = useState(false);

  const search = useMutation({
    mutationFn: () => {
      const query = new URLSearchParams({ topic, from, to: lastDay(from, Number(range)), channel, limit: '12' });
      if (advisorId.trim()) query.set('advisorId', advisorId.trim());
      else query.set('branchId', branchId.trim());
      return api<{ slots: Slot[] }>(`/appointment-slots?${query.toString()}`);
    },
    onSuccess: (answer) => {
      setOffered(answer.slots);
      setChosen('');
      setTaken(false);
      book.reset();
    },
  });

  const submission = useSubmissionKey();
  const queryClient = useQueryClient();
  const book = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Appointment>('/appointments', { method: 'POST', body, idempotencyKey: submission.keyFor(body) }),
    onMutate: () => setTaken(false),
    onSuccess: () => {
      submission.succeeded();
      void queryClient.invalidateQueries({ queryKey: customerAppointmentsKey(customer.customerId) });
    },
    onError: (error) => {
      // Taken meanwhile: the answer carries the next free slots.
      if (error instanceof ApiError && error.status === 409 && Array.isArray((error.body as { slots?: unknown })?.slots)) {
        setOffered((error.body as { slots: Slot[] }).slots);
        setChosen('');
        setTaken(true);
      }
    },
  });

  const slotKey = (slot: Slot) => `${slot.advisorId}@${slot.start}`;
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    search.mutate();
  };
  const submitBooking = (event: FormEvent) => {
    event.preventDefault();
    const slot = offered?.find((candidate) => slotKey(candidate) === chosen);
    setUnchosen(!slot);
    if (!slot) return;
    book.mutate({ customerId: customer.customerId, topic, advisorId: slot.advisorId, start: slot.start, channel, ...(note.trim() ? { note } : {}) });
  };

  const searchFields = germanFieldErrors(search.error);
  const bookFields = germanFieldErrors(book.error);
  const booked = book.data;
  return (
    <section className="console-step" aria-labelledby="schritt-angebot">
      <h2 id="schritt-angebot">4. Angebot und Termin</h2>
      <p>Einen Beratungstermin mit einer Beraterin oder einem Berater der Filiale vereinbaren: Thema und Filiale (oder eine Berater-ID) wählen, freie Termine suchen, einen wählen und buchen.</p>
      <form className="form narrow" onSubmit={submitSearch} noValidate aria-label="Freie Termine suchen">
        <SelectField label="Thema" name="appointment-topic" value={topic} onChange={setTopic} options={TOPIC_OPTIONS} error={searchFields.topic} required />
        <TextField label="Filiale" name="branchId" value={branchId} onChange={setBranchId} error={searchFields.branchId} hint="Die Filiale des Kunden ist vorgeschlagen, z. B. F-01." maxLength={32} />
        <TextField label="Berater-ID (optional)" name="advisorId" value={advisorId} onChange={setAdvisorId} error={searchFields.advisorId} hint="Nur wenn der Kunde eine bestimmte Beraterin oder einen bestimmten Berater wünscht, z. B. B-0101." maxLength={32} />
        <RadioGroup label="Wie findet der Termin statt?" name="channel" value={channel} onChange={setChannel} options={CHANNEL_OPTIONS} error={searchFields.channel} required />
        <SelectField label="Ab" name="from" value={from} onChange={setFrom} options={days} error={searchFields.from} required />
        <SelectField label="Zeitraum" name="range" value={range} onChange={setRange} options={RANGE_OPTIONS} error={searchFields.to} required />
        <div className="actions">
          <Button type="submit" busy={search.isPending}>
            Freie Termine suchen
          </Button>
        </div>
      </form>
      <Notice kind="error">{search.error ? (Object.keys(searchFields).length > 0 ? 'Bitte die markierten Angaben prüfen.' : searchError(search.error)) : undefined}</Notice>
      <Notice kind="info">{offered && offered.length === 0 ? 'In diesem Zeitraum ist kein Termin frei. Bitte einen anderen Zeitraum oder eine andere Filiale wählen.' : undefined}</Notice>
      <Notice kind="error">{taken ? 'Dieser Termin wurde gerade vergeben. Bitte einen der nächsten freien Termine wählen.' : undefined}</Notice>
      {offered && offered.length > 0 && !booked ? (
        <form className="form narrow" onSubmit={submitBooking} noValidate aria-label="Termin buchen">
          <RadioGroup
            label="Freie Termine"
            name="slot"
            value={chosen}
            onChange={(value) => {
              setChosen(value);
              setUnchosen(false);
            }}
            options={offered.map((slot) => ({ value: slotKey(slot), label: `${when(slot.start)} bei ${slot.advisorName} (Filiale ${slot.branchId})` }))}
            error={unchosen ? 'Bitte einen Termin wählen.' : bookFields.start}
            required
          />
          <TextArea label="Notiz für die Beratung" name="appointment-note" value={note} onChange={setNote} maxLength={1000} error={bookFields.note} hint="Was der Kunde möchte, z. B. „vergleicht Baufinanzierungen“." />
          <div className="actions">
            <Button type="submit" busy={book.isPending}>
              Termin buchen
            </Button>
          </div>
        </form>
      ) : null}
      <Notice kind="error">{book.error && !taken ? (Object.keys(bookFields).length > 0 ? 'Bitte die markierten Angaben prüfen.' : consoleError(book.error)) : undefined}</Notice>
      {booked ? <Booked appointment={booked} /> : null}
      <CustomerAppointments customerId={customer.customerId} />
    </section>
  );
}

function searchError(error: unknown): string {
  if (error instanceof ApiError && error.status === 404) return 'Diese Filiale oder Berater-ID ist im Kernbankensystem nicht bekannt.';
  return consoleError(error);
}

function Booked({ appointment }: { appointment: Appointment }) {
  return (
    <div className="console-part" role="status">
      <h3>Termin gebucht</h3>
      <dl className="facts">
        <dt>Wann</dt>
        <dd>{when(appointment.start)}</dd>
        <dt>Mit</dt>
        <dd>
          {appointment.advisorName} (Filiale {appointment.branchId}), {CHANNEL_LABELS[appointment.channel] ?? appointment.channel}
        </dd>
        <dt>Thema</dt>
        <dd>{TOPIC_LABELS[appointment.topic] ?? appointment.topic}</dd>
      </dl>
      <p>Wie es weitergeht:</p>
      <ul>
        <li>Der Kunde erhält eine Bestätigung mit Kalendereinladung per E-Mail, wenn eine Adresse bekannt ist; die Beratung eine Nachricht, der Termin steht in ihrem Kalender.</li>
        <li>{appointment.reminder.at ? `Am ${when(appointment.reminder.at)} erinnern wir den Kunden per E-Mail.` : 'Eine Erinnerung gibt es nicht: der Termin ist zu bald.'}</li>
        <li>Nach dem Termin erfasst die Beratung das Ergebnis; bei einem Abschluss folgt der Nachsorgeanruf, bei Nichterscheinen ein Rückruf.</li>
      </ul>
      <p>
        <Link to={`/termine/${encodeURIComponent(appointment.appointmentId)}`}>Zum Termin</Link>
        {' · '}
        <Link to={`/prozesse/${encodeURIComponent(appointment.workflowId)}`}>Zum Prozess {appointment.workflowId}</Link>
      </p>
    </div>
  );
}
