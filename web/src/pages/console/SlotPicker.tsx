/**
 * Finding and choosing a free slot with a branch advisor, shared by the console's steps that end
 * in an appointment: step 5 (the customer asks for one) and step 4 (the answer "Interesse:
 * Beratungstermin" to an offer, with the campaign's topic). The agent picks the topic (unless the
 * caller fixes it), the branch (the customer's by default) or one advisor, how the appointment
 * takes place and from which day to look; the free slots come as a list of choices in German date
 * and time. What "booking" means is the caller's (`book`: `POST /appointments`, or the offer's
 * outcome); a 409 whose answer carries `slots` (taken meanwhile) replaces the list with the next
 * free slots the API offers.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { Button, Notice, RadioGroup, SelectField, TextArea, TextField } from '../../components';
import { consoleError, germanFieldErrors } from './messages';
import type { CustomerSummary } from './types';

/** One free slot of `GET /appointment-slots`. */
export interface Slot {
  advisorId: string;
  advisorName: string;
  branchId: string;
  start: string;
  end: string;
}

/** What the agent chose, handed to `book`. */
export interface SlotChoice {
  topic: string;
  slot: Slot;
  channel: string;
  /** As typed; empty when none. */
  note: string;
}

const ZONE = 'Europe/Berlin';
const DAY = 24 * 60 * 60_000;
const dayLabel = new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const timeLabel = new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** "Dienstag, 1. Dezember 2026, 10:00 Uhr" */
export const when = (iso: string) => `${dayLabel.format(new Date(iso))}, ${timeLabel.format(new Date(iso))} Uhr`;

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
export const appointmentTopicLabel = (topic: string) => TOPIC_LABELS[topic] ?? topic;
const CHANNEL_OPTIONS = [
  { value: 'branch', label: 'In der Filiale' },
  { value: 'phone', label: 'Am Telefon' },
  { value: 'video', label: 'Per Video' },
];
const CHANNEL_LABELS: Record<string, string> = { branch: 'in der Filiale', phone: 'am Telefon', video: 'per Video' };
/** "in der Filiale", "am Telefon", "per Video" */
export const appointmentChannelLabel = (channel: string) => CHANNEL_LABELS[channel] ?? channel;
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

/** The next free slots of a 409 "taken meanwhile", if the answer is one. */
function slotsOfConflict(error: unknown): Slot[] | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const slots = (error.body as { slots?: unknown } | undefined)?.slots;
  return Array.isArray(slots) ? (slots as Slot[]) : undefined;
}

interface Props<T> {
  customer: CustomerSummary;
  /** The topic, when the caller fixes it (an offer's); otherwise the agent chooses one. */
  topic?: string;
  /** Accessible names of the two forms, distinct per use on the page. */
  searchLabel?: string;
  bookLabel?: string;
  noteLabel?: string;
  noteHint?: string;
  noteMaxLength?: number;
  /** Without its own note field (the caller has one). */
  withoutNote?: boolean;
  /** Books the chosen slot (sends its own Idempotency-Key). */
  book(choice: SlotChoice): Promise<T>;
  onBooked?(result: T, choice: SlotChoice): unknown;
  /** What shows once booked, instead of the list of slots. */
  renderBooked(result: T, choice: SlotChoice): ReactNode;
}

export function SlotPicker<T>({ customer, topic: fixedTopic, searchLabel = 'Freie Termine suchen', bookLabel = 'Termin buchen', noteLabel = 'Notiz für die Beratung', noteHint = 'Was der Kunde möchte, z. B. „vergleicht Baufinanzierungen“.', noteMaxLength = 1000, withoutNote = false, book, onBooked, renderBooked }: Props<T>) {
  const [days] = useState(dayOptions);
  const [chosenTopic, setTopic] = useState('kreditkarte');
  const topic = fixedTopic ?? chosenTopic;
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
      booking.reset();
    },
  });

  const booking = useMutation({
    mutationFn: book,
    onMutate: () => setTaken(false),
    onSuccess: (result, choice) => onBooked?.(result, choice),
    onError: (error) => {
      // Taken meanwhile: the answer carries the next free slots.
      const next = slotsOfConflict(error);
      if (next) {
        setOffered(next);
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
    booking.mutate({ topic, slot, channel, note });
  };

  const searchFields = germanFieldErrors(search.error);
  const bookFields = germanFieldErrors(booking.error);
  const booked = booking.data !== undefined && booking.variables ? { result: booking.data, choice: booking.variables } : undefined;
  return (
    <>
      <form className="form narrow" onSubmit={submitSearch} noValidate aria-label={searchLabel}>
        {fixedTopic === undefined ? (
          <SelectField label="Thema" name="appointment-topic" value={topic} onChange={setTopic} options={TOPIC_OPTIONS} error={searchFields.topic} required />
        ) : (
          <p>
            Thema: <strong>{appointmentTopicLabel(topic)}</strong> (vom Angebot vorgegeben)
          </p>
        )}
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
        <form className="form narrow" onSubmit={submitBooking} noValidate aria-label={bookLabel}>
          <RadioGroup
            label="Freie Termine"
            name="slot"
            value={chosen}
            onChange={(value) => {
              setChosen(value);
              setUnchosen(false);
            }}
            options={offered.map((slot) => ({ value: slotKey(slot), label: `${when(slot.start)} bei ${slot.advisorName} (Filiale ${slot.branchId})` }))}
            error={unchosen ? 'Bitte einen Termin wählen.' : (bookFields.start ?? bookFields['appointment.start'])}
            required
          />
          {withoutNote ? null : <TextArea label={noteLabel} name="appointment-note" value={note} onChange={setNote} maxLength={noteMaxLength} error={bookFields.note} hint={noteHint} />}
          <div className="actions">
            <Button type="submit" busy={booking.isPending}>
              Termin buchen
            </Button>
          </div>
        </form>
      ) : null}
      <Notice kind="error">{booking.error && !taken ? (Object.keys(bookFields).length > 0 ? 'Bitte die markierten Angaben prüfen.' : consoleError(booking.error)) : undefined}</Notice>
      {booked ? renderBooked(booked.result, booked.choice) : null}
    </>
  );
}

function searchError(error: unknown): string {
  if (error instanceof ApiError && error.status === 404) return 'Diese Filiale oder Berater-ID ist im Kernbankensystem nicht bekannt.';
  return consoleError(error);
}
