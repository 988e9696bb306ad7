/**
 * "Rückruf anfordern" (Direktrückruf online): topic, preferred time (as soon as possible, or a
 * window), phone number and, if the customer knows it, the customer number. Each submission has
 * its own Idempotency-Key, reused when the same request is sent again after a failure, so a
 * request that did arrive starts one callback. The confirmation is a polite status message.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { Button, Notice, RadioGroup, SelectField, TextField } from '../../components';
import { berlinInputToIso, dateTime } from '../../format';
import { requestCallback, type CallbackRequest } from './webchatApi';
import { newUuid } from '../../api/uuid';

/** The topics the API takes (api/webchat.routes.ts), in German. */
export const CALLBACK_TOPICS: Record<string, string> = {
  girokonto: 'Girokonto',
  kreditkarte: 'Kreditkarte',
  'online-banking': 'Online-Banking',
  tagesgeld: 'Tagesgeld',
  sparplan: 'Sparplan',
  bausparen: 'Bausparen',
  anlageberatung: 'Geldanlage',
  baufinanzierung: 'Baufinanzierung',
  beratung: 'Allgemeine Beratung',
};

type Field = 'topic' | 'phone' | 'customerId' | 'from' | 'to';

export function CallbackForm() {
  const id = useId();
  const [topic, setTopic] = useState('');
  const [when, setWhen] = useState<'asap' | 'window'>('asap');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [phone, setPhone] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [busy, setBusy] = useState(false);
  const pending = useRef<{ fingerprint: string; key: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setProblem('');
    setConfirmation('');
    const found: Partial<Record<Field, string>> = {};
    if (!topic) found.topic = 'Bitte wählen Sie ein Thema.';
    if (phone.trim() === '') found.phone = 'Bitte geben Sie Ihre Telefonnummer an.';
    if (when === 'window') {
      if (!from) found.from = 'Bitte geben Sie an, ab wann wir Sie anrufen dürfen.';
      if (!to) found.to = 'Bitte geben Sie an, bis wann wir Sie anrufen dürfen.';
      else if (from && to <= from) found.to = 'Das Ende muss nach dem Beginn liegen.';
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      const first = Object.keys(found)[0];
      document.querySelector<HTMLElement>(`[data-field="${first}"] input, [data-field="${first}"] select`)?.focus();
      return;
    }
    const request: CallbackRequest = {
      topic,
      phone: phone.trim(),
      ...(when === 'window' ? { preferredTime: { from: berlinInputToIso(from), to: berlinInputToIso(to) } } : {}),
      ...(customerId.trim() ? { customerId: customerId.trim() } : {}),
    };
    const fingerprint = JSON.stringify(request);
    if (pending.current?.fingerprint !== fingerprint) pending.current = { fingerprint, key: newUuid() };
    setBusy(true);
    try {
      const started = await requestCallback(request, pending.current.key);
      pending.current = null;
      const whenText = 'asap' in started.preferredTime ? 'so bald wie möglich' : `zwischen ${dateTime(started.preferredTime.from)} und ${dateTime(started.preferredTime.to)} Uhr`;
      setConfirmation(`Vielen Dank! Ihr Rückrufwunsch zum Thema ${CALLBACK_TOPICS[started.topic] ?? started.topic} ist eingegangen. Unsere Direktberatung ruft Sie ${whenText} unter ${request.phone} an.`);
      setTopic('');
      setWhen('asap');
      setFrom('');
      setTo('');
      setPhone('');
      setCustomerId('');
    } catch (failure) {
      if (failure instanceof ApiError && failure.status < 500) pending.current = null;
      if (failure instanceof ApiError && failure.status === 400 && failure.fields.length > 0) {
        const named: Partial<Record<Field, string>> = {};
        for (const field of failure.fields) {
          const key = field.field.split('.').pop() as Field;
          if (key === 'phone') named.phone = 'Bitte geben Sie eine Telefonnummer aus Ziffern an (z. B. 0170 1234567 oder +49 170 1234567).';
          else if (key === 'customerId') named.customerId = 'Eine Kundennummer besteht aus Buchstaben, Ziffern und Bindestrichen.';
          else if (key === 'from' || key === 'to') named[key] = field.message.includes('past') ? 'Der Zeitraum darf nicht in der Vergangenheit liegen.' : field.message.includes('days') ? 'Der Zeitraum muss innerhalb der nächsten 90 Tage liegen.' : 'Bitte prüfen Sie den Zeitraum.';
          else if (key === 'topic') named.topic = 'Bitte wählen Sie ein Thema.';
        }
        setErrors(named);
        setProblem('Bitte prüfen Sie die markierten Angaben.');
      } else {
        setProblem(describeError(failure));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card webchat-callback" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Rückruf anfordern</h2>
      <p>Lieber persönlich? Unsere Direktberatung ruft Sie zurück.</p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div data-field="topic">
          <SelectField label="Thema" name="topic" required value={topic} onChange={setTopic} error={errors.topic} options={[{ value: '', label: 'Bitte wählen' }, ...Object.entries(CALLBACK_TOPICS).map(([value, label]) => ({ value, label }))]} />
        </div>
        <RadioGroup
          label="Wunschzeit"
          name="wunschzeit"
          value={when}
          onChange={(value) => setWhen(value === 'window' ? 'window' : 'asap')}
          options={[
            { value: 'asap', label: 'So bald wie möglich' },
            { value: 'window', label: 'In einem bestimmten Zeitraum' },
          ]}
        />
        {when === 'window' ? (
          <>
            <div data-field="from">
              <TextField label="Frühestens ab" name="from" type="datetime-local" required value={from} onChange={setFrom} error={errors.from} />
            </div>
            <div data-field="to">
              <TextField label="Spätestens bis" name="to" type="datetime-local" required value={to} onChange={setTo} error={errors.to} />
            </div>
          </>
        ) : null}
        <div data-field="phone">
          <TextField label="Telefonnummer" name="phone" type="tel" inputMode="tel" autoComplete="tel" required value={phone} onChange={setPhone} error={errors.phone} maxLength={24} hint="Unter dieser Nummer rufen wir Sie an." />
        </div>
        <div data-field="customerId">
          <TextField label="Kundennummer (falls bekannt)" name="customerId" value={customerId} onChange={setCustomerId} error={errors.customerId} maxLength={64} />
        </div>
        <div className="actions">
          <Button type="submit" busy={busy}>
            Rückruf anfordern
          </Button>
        </div>
        <Notice kind="success">{confirmation || null}</Notice>
        <Notice kind="error">{problem || null}</Notice>
      </form>
    </section>
  );
}
