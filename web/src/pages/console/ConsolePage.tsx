/**
 * The agent's contact console (`/kontakt`): what an agent does on a live call, in the order of the
 * seed's call script (Gesprächsleitfaden, seed 000): find the customer, see what the contact rules
 * say, ask for advertising consent, record the service request and make the offer it leads to
 * (with the customer's answer: a re-contact block, the Direktberatung or an appointment); or, by
 * hand, book an appointment, note "not interested" as a re-contact block, or hand the customer to
 * the Direktberatung with a callback; last, capture the contact details core banking lacks and the
 * interests the customer mentioned, for the advisor. The customer number lives in the URL (`?kunde=K-100000`),
 * so a reload keeps the call.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { Button, Notice, Page, TextField } from '../../components';
import { AppointmentSection } from './AppointmentSection';
import { BlockSection } from './BlockSection';
import { CallbackSection } from './CallbackSection';
import { ConsentSection } from './ConsentSection';
import { CustomerCard } from './CustomerCard';
import { CustomerProfileSection } from './CustomerProfileSection';
import { consoleError, germanFieldErrors } from './messages';
import { RulesSection } from './RulesSection';
import { ServiceRequestSection } from './ServiceRequestSection';
import type { CustomerSummary } from './types';
import { newCallId } from './useSubmissionKey';
import { CUSTOMER_READ, customerPath } from './queries';

export default function ConsolePage() {
  const [params, setParams] = useSearchParams();
  const customerId = params.get('kunde')?.trim() ?? '';
  const summary = useQuery({
    queryKey: ['customer', customerId],
    queryFn: ({ signal }) => api<CustomerSummary>(customerPath(customerId), { signal }),
    enabled: customerId !== '',
    ...CUSTOMER_READ,
  });

  // One call id per customer looked up; the agent may replace it with the telephony system's.
  const [call, setCall] = useState(() => ({ customerId, id: newCallId() }));
  if (call.customerId !== customerId) setCall({ customerId, id: newCallId() });
  const [callIdError, setCallIdError] = useState<string>();

  const customer = summary.data;
  return (
    <Page title="Kontakt-Konsole" intro="Während des Gesprächs, in der Reihenfolge des Gesprächsleitfadens: Kunde feststellen, Kontaktregeln prüfen, Einwilligung einholen, Serviceanliegen erfassen und das passende Angebot machen; auch von Hand: Termin, Sperrvermerk oder Rückruf; zuletzt fehlende Kontaktdaten und Interessen des Kunden.">
      <section className="console-step" aria-labelledby="schritt-kunde">
        <h2 id="schritt-kunde">1. Kunde feststellen</h2>
        <LookupForm current={customerId} lookupError={summary.error} busy={summary.isFetching} onLookup={(value) => setParams({ kunde: value })} />
        <Notice kind="info">{customerId && summary.isFetching ? `Kunde ${customerId} wird gesucht …` : undefined}</Notice>
        <Notice kind="success">{customer && !summary.isFetching ? `Kunde ${customer.customerId} gefunden: ${customer.name.givenName} ${customer.name.familyName}.` : undefined}</Notice>
        <Notice kind="error">{summary.error && !fieldProblem(summary.error) ? consoleError(summary.error) : undefined}</Notice>
        {customer ? (
          <>
            <CustomerCard customer={customer} />
            <div className="form narrow">
              <TextField
                label="Anruf-ID dieses Gesprächs"
                name="callId"
                value={call.id}
                onChange={(id) => {
                  setCall({ customerId, id });
                  setCallIdError(undefined);
                }}
                error={callIdError}
                hint="Aus dem Telefonsystem übernehmen oder die vorgeschlagene lassen. Sie verbindet Einwilligungsnachweis, Serviceanliegen und Weiterverbinden mit diesem Gespräch."
                maxLength={64}
              />
            </div>
          </>
        ) : null}
      </section>
      {customer ? (
        <div key={customer.customerId} className="console-steps">
          <RulesSection customer={customer} />
          <ConsentSection customer={customer} callId={call.id} onCallIdError={setCallIdError} />
          <ServiceRequestSection customer={customer} callId={call.id} onCallIdError={setCallIdError} />
          <AppointmentSection customer={customer} />
          <BlockSection customer={customer} />
          <CallbackSection customer={customer} callId={call.id} onCallIdError={setCallIdError} />
          <CustomerProfileSection customer={customer} callId={call.id} onCallIdError={setCallIdError} />
        </div>
      ) : null}
    </Page>
  );
}

/** A 400 or 404 on the customer number is shown beside the field, not as a page message. */
function fieldProblem(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.status === 404) return 'Diese Kundennummer ist im Kernbankensystem nicht bekannt. Bitte prüfen.';
  if (error.status === 400) return germanFieldErrors(error).customerId ?? consoleError(error);
  return undefined;
}

function LookupForm({ current, lookupError, busy, onLookup }: { current: string; lookupError: unknown; busy: boolean; onLookup(customerId: string): void }) {
  const [value, setValue] = useState(current);
  const [empty, setEmpty] = useState(false);
  // The URL changed (back, forward, a link): the field follows it.
  useEffect(() => setValue(current), [current]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = value.trim();
    setEmpty(trimmed === '');
    if (trimmed !== '') onLookup(trimmed);
  };
  return (
    <form className="form narrow" onSubmit={submit} noValidate aria-label="Kunde suchen">
      <TextField
        label="Kundennummer"
        name="kunde"
        value={value}
        onChange={(next) => {
          setValue(next);
          setEmpty(false);
        }}
        error={empty ? 'Bitte eine Kundennummer eingeben.' : value.trim() === current ? fieldProblem(lookupError) : undefined}
        hint="Zum Beispiel K-100000"
        required
      />
      <div className="actions">
        <Button type="submit" busy={busy}>
          Kunde suchen
        </Button>
      </div>
    </form>
  );
}
