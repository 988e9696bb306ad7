/**
 * Step 4 of the call: the service request the agent has just handled, and the offer it may lead
 * to (seed 000, "Veredelung von Service- in Vertriebsprozesse", Modell V). The agent picks the
 * pilot service process and the channel and records it; in the same answer the API says whether
 * to make an offer:
 *
 * - with an offer: its title and argument, the opening to read out, the answers to objections,
 *   and one button per answer the campaign allows, each with the sentence to say. "Kein
 *   Interesse" sets the campaign's re-contact block; an interested customer goes to the
 *   Direktberatung (warm transfer with this call's id, or a callback) or gets an appointment
 *   through the shared slot search, with the campaign's topic;
 * - without: "Kein Angebot", with every campaign's reasons in German, so the agent offers nothing.
 *
 * The API decides; this section only shows and words it. One Idempotency-Key per submission,
 * reused when the same submission is sent again after a failure.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, Notice, RadioGroup, SelectField, TextArea } from '../../components';
import { dateTime } from '../../format';
import { PreferredTimeFields, usePreferredTime, type PreferredTime } from './PreferredTimeFields';
import { customerAppointmentsKey } from '../appointments/CustomerAppointments';
import { CallbackProgress } from './CallbackSection';
import { offerOutcomeLabel, productLabel, refinementReasonSentence, SERVICE_CHANNEL_OPTIONS, topicLabel } from './labels';
import { consoleError, germanFieldErrors } from './messages';
import { appointmentChannelLabel, SlotPicker, when, type SlotChoice } from './SlotPicker';
import type { CampaignVerdict, CustomerSummary, Offer, OfferOutcome, ServiceProcesses, ServiceRequestView } from './types';
import { useSubmissionKey } from './useSubmissionKey';

interface Props {
  customer: CustomerSummary;
  /** This call's id: the contact the request is recorded with, and the call a warm transfer moves. */
  callId: string;
  /** A problem with the call id goes beside the call id's field. */
  onCallIdError(message: string | undefined): void;
}

/** The twelve pilot processes change with a release only. */
const PROCESSES_READ = { staleTime: Infinity, refetchOnWindowFocus: false } as const;

export function ServiceRequestSection({ customer, callId, onCallIdError }: Props) {
  const processes = useQuery({ queryKey: ['service-processes'], queryFn: ({ signal }) => api<ServiceProcesses>('/service-processes', { signal }), ...PROCESSES_READ });
  const [process, setProcess] = useState('');
  const [channel, setChannel] = useState('phone');
  const [unchosen, setUnchosen] = useState(false);
  const submission = useSubmissionKey();
  const record = useMutation({
    mutationFn: (body: { customerId: string; contactId: string; process: string; channel: string }) =>
      api<ServiceRequestView>('/service-requests', { method: 'POST', body, idempotencyKey: submission.keyFor(body) }),
    onMutate: () => onCallIdError(undefined),
    onSuccess: () => submission.succeeded(),
    onError: (error) => onCallIdError(germanFieldErrors(error).contactId),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setUnchosen(process === '');
    if (process === '') return;
    record.mutate({ customerId: customer.customerId, contactId: callId, process, channel });
  };

  const fields = germanFieldErrors(record.error);
  const view = record.data;
  const options = [{ value: '', label: processes.isPending ? 'Wird geladen …' : 'Bitte wählen' }, ...(processes.data?.processes ?? []).map(({ process: value, title }) => ({ value, label: title }))];
  return (
    <section className="console-step" aria-labelledby="schritt-angebot">
      <h2 id="schritt-angebot">4. Serviceanliegen und Angebot</h2>
      <p>Ist das Serviceanliegen erledigt, hier erfassen, welches es war. Die Drehscheibe prüft sofort, ob der Kunde dazu ein Angebot erhalten darf, und gibt den Leitfaden dazu.</p>
      <form className="form narrow" onSubmit={submit} noValidate aria-label="Serviceanliegen erfassen">
        <SelectField
          label="Bearbeitetes Serviceanliegen"
          name="process"
          value={process}
          onChange={(value) => {
            setProcess(value);
            setUnchosen(false);
          }}
          options={options}
          error={unchosen ? 'Bitte das bearbeitete Serviceanliegen wählen.' : fields.process}
          required
        />
        <RadioGroup label="Wie hat sich der Kunde gemeldet?" name="service-channel" value={channel} onChange={setChannel} options={SERVICE_CHANNEL_OPTIONS} error={fields.channel} required />
        <div className="actions">
          <Button type="submit" busy={record.isPending}>
            Serviceanliegen erfassen
          </Button>
        </div>
      </form>
      <Notice kind="error">{processes.error ? `Die Serviceanliegen konnten nicht geladen werden. ${consoleError(processes.error)}` : undefined}</Notice>
      <Notice kind="error">{record.error ? (fields.contactId ? 'Bitte die Anruf-ID oben prüfen.' : Object.keys(fields).length > 0 ? 'Bitte die markierten Angaben prüfen.' : consoleError(record.error)) : undefined}</Notice>
      {/* One live region for both answers (its kind only changes its look): the sentence says which. */}
      <Notice kind={view?.offer ? 'success' : 'info'}>{view && !record.isPending ? decidedSentence(view) : undefined}</Notice>
      {view && !record.isPending ? (
        view.offer ? (
          <OfferPart key={view.id} request={view} offer={view.offer} customer={customer} callId={callId} onCallIdError={onCallIdError} />
        ) : (
          <NoOffer request={view} />
        )
      ) : null}
    </section>
  );
}

/** The decision in one sentence, for the live region. */
function decidedSentence(view: ServiceRequestView): string {
  const recorded = `Serviceanliegen „${view.processTitle}“ erfasst.`;
  return view.offer ? `${recorded} Angebot: ${view.offer.title}. Der Leitfaden steht unten.` : `${recorded} Kein Angebot: bitte nichts anbieten. Die Gründe stehen unten.`;
}

function NoOffer({ request }: { request: ServiceRequestView }) {
  return (
    <div className="console-part">
      <h3>Kein Angebot</h3>
      <p>
        <strong>Bitte dem Kunden nichts anbieten.</strong>{' '}
        {request.verdicts.length === 0 ? 'Zu diesem Serviceanliegen ist derzeit keine Kampagne veröffentlicht.' : 'Keine Kampagne zu diesem Serviceanliegen darf dem Kunden jetzt angeboten werden:'}
      </p>
      <Verdicts verdicts={request.verdicts} label="Gründe je Kampagne" />
    </div>
  );
}

/** Each campaign with the reasons that exclude it (or that it would fit, too). */
function Verdicts({ verdicts, label }: { verdicts: CampaignVerdict[]; label: string }) {
  if (verdicts.length === 0) return null;
  return (
    <ul className="console-verdicts" aria-label={label}>
      {verdicts.map((verdict) => (
        <li key={verdict.campaignId}>
          <strong>{verdict.name}</strong> <span className="meta">(Version {verdict.version})</span>
          {verdict.eligible ? (
            <p className="console-verdict-text">Käme ebenfalls in Frage; das angezeigte Angebot hat Vorrang.</p>
          ) : (
            <>
              <p className="console-verdict-text">Nicht angeboten, weil:</p>
              <ul>
                {verdict.reasons.map((reason, index) => (
                  <li key={index}>{refinementReasonSentence(reason)}</li>
                ))}
              </ul>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

type OutcomeBody =
  | { outcome: 'interested-transfer'; callId?: string; note?: string }
  | { outcome: 'interested-callback'; preferredTime: { asap: true } | { from: string; to: string }; note?: string }
  | { outcome: 'interested-appointment'; appointment: { advisorId: string; start: string; channel: string }; note?: string }
  | { outcome: 'not-interested'; note?: string }
  | { outcome: 'maybe-later'; note?: string };

/** What was recorded, with the slot when it was an appointment (the answer names only its ids). */
interface Recorded {
  view: ServiceRequestView;
  body: OutcomeBody;
  slot?: SlotChoice;
}

/** Answers that need more before they are sent: the time of the callback, the appointment's slot. */
const NEEDS_DETAILS = new Set<OfferOutcome>(['interested-callback', 'interested-appointment']);

function OfferPart({ request, offer, customer, callId, onCallIdError }: { request: ServiceRequestView; offer: Offer; customer: CustomerSummary; callId: string; onCallIdError(message: string | undefined): void }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [open, setOpen] = useState<OfferOutcome>();
  const [recorded, setRecorded] = useState<Recorded>();
  const submission = useSubmissionKey();
  const send = (body: OutcomeBody) => api<ServiceRequestView>(`/service-requests/${encodeURIComponent(request.id)}/outcome`, { method: 'POST', body, idempotencyKey: submission.keyFor(body) });
  const settle = (result: Recorded) => {
    submission.succeeded();
    setRecorded(result);
    // A block, a contact that counts toward the caps, an appointment: the steps above and below show them.
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: ['blocks', customer.customerId] }),
      queryClient.invalidateQueries({ queryKey: ['contact-policy', customer.customerId] }),
      queryClient.invalidateQueries({ queryKey: customerAppointmentsKey(customer.customerId) }),
    ]);
  };
  const answer = useMutation({
    mutationFn: send,
    onMutate: () => onCallIdError(undefined),
    onSuccess: (view, body) => settle({ view, body }),
    onError: (error) => onCallIdError(germanFieldErrors(error).callId),
  });
  const withNote = note.trim() ? { note } : {};
  const choose = (outcome: OfferOutcome) => {
    if (NEEDS_DETAILS.has(outcome)) {
      setOpen((current) => (current === outcome ? undefined : outcome));
      return;
    }
    setOpen(undefined);
    if (outcome === 'interested-transfer') answer.mutate({ outcome, callId, ...withNote });
    else if (outcome === 'not-interested' || outcome === 'maybe-later') answer.mutate({ outcome, ...withNote });
  };
  const fields = germanFieldErrors(answer.error);
  const chosen = recorded ? offer.outcomes.find((item) => item.outcome === recorded.view.outcome?.outcome) : undefined;
  const others = request.verdicts.filter((verdict) => verdict.campaignId !== offer.campaignId);
  // The answer's buttons go once it is recorded: the focus moves to the heading above the result, not to the page's start.
  const answerHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (recorded) answerHeading.current?.focus();
  }, [recorded]);
  return (
    <div className="console-part console-offer">
      <h3>Angebot: {offer.title}</h3>
      <p className="meta">
        Kampagne „{offer.name}“, Version {offer.version}
        {offer.product ? `; Produkt ${productLabel(offer.product)}` : ''}; Thema {topicLabel(offer.topic)}
      </p>
      <p>
        <strong>Warum dieses Angebot:</strong> {offer.argument}
      </p>
      <h4>Einstieg: bitte vorlesen</h4>
      <blockquote className="console-script">{offer.script.opening}</blockquote>
      {offer.script.objections.length > 0 ? (
        <>
          <h4>Antworten auf Einwände</h4>
          <dl className="console-objections">
            {offer.script.objections.map((item) => (
              <div key={item.objection}>
                <dt>„{item.objection}“</dt>
                <dd>{item.answer}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      {others.length > 0 ? (
        <details className="console-others">
          <summary>Weitere Kampagnen zu diesem Serviceanliegen ({others.length})</summary>
          <Verdicts verdicts={others} label="Weitere Kampagnen" />
        </details>
      ) : null}
      <h4 ref={answerHeading} tabIndex={-1}>
        Antwort des Kunden
      </h4>
      {recorded ? null : (
        <>
          <div className="form narrow">
            <TextArea
              label="Notiz zur Antwort (optional)"
              name="offer-note"
              value={note}
              onChange={setNote}
              maxLength={500}
              error={fields.note}
              hint="Geht mit der Antwort an den weiteren Vorgang, z. B. an die Direktberatung oder die Beratung des Termins."
            />
          </div>
          <ul className="console-outcomes" aria-label="Mögliche Antworten des Kunden">
            {offer.outcomes.map((item) => (
              <OutcomeChoice
                key={item.outcome}
                item={item}
                expanded={NEEDS_DETAILS.has(item.outcome) ? open === item.outcome : undefined}
                busy={answer.isPending && answer.variables?.outcome === item.outcome}
                disabled={answer.isPending}
                onChoose={() => choose(item.outcome)}
              >
                {open === 'interested-callback' && item.outcome === 'interested-callback' ? <CallbackTime busy={answer.isPending} fields={fields} onSend={(preferredTime) => answer.mutate({ outcome: 'interested-callback', preferredTime, ...withNote })} /> : null}
                {open === 'interested-appointment' && item.outcome === 'interested-appointment' ? (
                  <div className="console-offer-appointment">
                    <SlotPicker
                      customer={customer}
                      topic={offer.appointmentTopic ?? offer.topic}
                      searchLabel="Freie Termine zum Angebot suchen"
                      bookLabel="Termin zum Angebot buchen"
                      withoutNote
                      book={(choice) => send({ outcome: 'interested-appointment', appointment: { advisorId: choice.slot.advisorId, start: choice.slot.start, channel: choice.channel }, ...withNote })}
                      onBooked={(view, slot) => settle({ view, body: { outcome: 'interested-appointment', appointment: { advisorId: slot.slot.advisorId, start: slot.slot.start, channel: slot.channel } }, slot })}
                      renderBooked={() => null}
                    />
                  </div>
                ) : null}
              </OutcomeChoice>
            ))}
          </ul>
        </>
      )}
      <Notice kind="error">{answer.error ? (Object.keys(fields).length > 0 && !fields.outcome ? (fields.callId ? 'Bitte die Anruf-ID oben prüfen.' : 'Bitte die markierten Angaben prüfen.') : consoleError(answer.error)) : undefined}</Notice>
      <Notice kind="success">{recorded ? recordedSentence(recorded, offer, callId) : undefined}</Notice>
      {recorded ? <FollowUp recorded={recorded} say={chosen?.say} /> : null}
    </div>
  );
}

/** One answer: its button and the sentence to say; the details it needs open beneath it. */
function OutcomeChoice({ item, expanded, busy, disabled, onChoose, children }: { item: Offer['outcomes'][number]; expanded?: boolean; busy: boolean; disabled: boolean; onChoose(): void; children?: ReactNode }) {
  const sayId = useId();
  return (
    <li className="console-outcome">
      <Button variant={item.outcome === 'not-interested' || item.outcome === 'maybe-later' ? 'secondary' : 'primary'} aria-describedby={item.say ? sayId : undefined} aria-expanded={expanded} busy={busy} disabled={disabled} onClick={onChoose}>
        {item.title}
        {expanded !== undefined ? <span aria-hidden="true">{expanded ? ' ▴' : ' ▾'}</span> : null}
      </Button>
      {item.say ? (
        <p id={sayId} className="console-say">
          Dazu sagen: „{item.say}“
        </p>
      ) : null}
      {children}
    </li>
  );
}

/** When the Direktberatung should call back. */
function CallbackTime({ busy, fields, onSend }: { busy: boolean; fields: Record<string, string>; onSend(preferredTime: PreferredTime): void }) {
  const time = usePreferredTime();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSend(time.value);
  };
  return (
    <form className="form narrow" onSubmit={submit} noValidate aria-label="Rückruf zum Angebot anfordern">
      <PreferredTimeFields state={time} label="Wann möchte der Kunde zurückgerufen werden?" name="offer-" fields={fields} />
      <div className="actions">
        <Button type="submit" busy={busy}>
          Rückruf anfordern
        </Button>
      </div>
    </form>
  );
}

/** What the recorded answer leads to, in one sentence (the live region's text). */
function recordedSentence({ view, body, slot }: Recorded, offer: Offer, callId: string): string {
  const outcome = view.outcome?.outcome ?? body.outcome;
  const recorded = `Antwort „${offerOutcomeLabel(outcome)}“ erfasst.`;
  switch (outcome) {
    case 'not-interested':
      return `${recorded} Sperrvermerk für ${offer.blockMonths} Monate (Thema ${topicLabel(offer.topic)}): so lange wird der Kunde zu diesem Thema nicht werblich angesprochen.`;
    case 'maybe-later':
      return `${recorded} Es folgt nichts weiter; die Ansprache ist im Kontaktverlauf vermerkt und zählt zu den Kontaktgrenzen.`;
    case 'interested-transfer':
      return `${recorded} Die Direktberatung übernimmt: der Kunde wird angekündigt weiterverbunden (Anruf-ID ${body.outcome === 'interested-transfer' && body.callId ? body.callId : callId}); klappt das nicht, ruft die Direktberatung zurück.`;
    case 'interested-callback': {
      const time = body.outcome === 'interested-callback' && 'from' in body.preferredTime ? `zwischen ${dateTime(body.preferredTime.from)} und ${dateTime(body.preferredTime.to)}` : 'so bald wie möglich';
      return `${recorded} Die Direktberatung übernimmt und ruft den Kunden ${time} zurück.`;
    }
    case 'interested-appointment':
      return slot
        ? `${recorded} Beratungstermin gebucht: ${when(slot.slot.start)} bei ${slot.slot.advisorName} (Filiale ${slot.slot.branchId}), ${appointmentChannelLabel(slot.channel)}.`
        : `${recorded} Der Beratungstermin ist gebucht.`;
  }
}

/** The sentence to say now, and where the answer led: the callback's state, the appointment, the block. */
function FollowUp({ recorded, say }: { recorded: Recorded; say?: string }) {
  const followUp = recorded.view.outcome?.followUp;
  const processLink = followUp?.workflowId ? <Link to={`/prozesse/${encodeURIComponent(followUp.workflowId)}`}>Zum Prozess {followUp.workflowId}</Link> : null;
  return (
    <div className="console-part">
      {say ? (
        <p>
          <strong>Dazu sagen:</strong> „{say}“
        </p>
      ) : null}
      {followUp?.kind === 'callback' && followUp.workflowId ? <CallbackProgress callbackId={followUp.id} workflowId={followUp.workflowId} /> : null}
      {followUp?.kind === 'appointment' ? (
        <p>
          <Link to={`/termine/${encodeURIComponent(followUp.id)}`}>Zum Termin</Link>
          {processLink ? <>{' · '}{processLink}</> : null}
        </p>
      ) : null}
      {followUp?.kind === 'contact-block' ? (
        <p>
          Der Sperrvermerk steht oben bei den Kontaktregeln und endet von selbst.{processLink ? <> {processLink}</> : null}
        </p>
      ) : null}
    </div>
  );
}
