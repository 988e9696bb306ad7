/**
 * Step 5 of the call: an appointment with a branch advisor (seed 000: "Terminvereinbarungsservice
 * … inkl. Kalendereintrag"), when the customer asks for one (an offer's appointment is booked in
 * step 4). The slot search and choice are the shared {@link SlotPicker}; booking answers what
 * happens next. A slot taken meanwhile (409) replaces the list with the next free slots the API
 * offers. One Idempotency-Key per submission, reused on retry.
 */
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { CustomerAppointments, customerAppointmentsKey } from '../appointments/CustomerAppointments';
import { appointmentChannelLabel, appointmentTopicLabel, SlotPicker, when, type SlotChoice } from './SlotPicker';
import type { CustomerSummary } from './types';
import { useSubmissionKey } from './useSubmissionKey';

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

export function AppointmentSection({ customer }: { customer: CustomerSummary }) {
  const submission = useSubmissionKey();
  const queryClient = useQueryClient();
  const book = ({ topic, slot, channel, note }: SlotChoice) => {
    const body = { customerId: customer.customerId, topic, advisorId: slot.advisorId, start: slot.start, channel, ...(note.trim() ? { note } : {}) };
    return api<Appointment>('/appointments', { method: 'POST', body, idempotencyKey: submission.keyFor(body) });
  };
  return (
    <section className="console-step" aria-labelledby="schritt-termin">
      <h2 id="schritt-termin">5. Beratungstermin</h2>
      <p>Wünscht der Kunde (auch ohne Angebot) einen Beratungstermin mit einer Beraterin oder einem Berater der Filiale: Thema und Filiale (oder eine Berater-ID) wählen, freie Termine suchen, einen wählen und buchen.</p>
      <SlotPicker
        customer={customer}
        book={book}
        onBooked={() => {
          submission.succeeded();
          return queryClient.invalidateQueries({ queryKey: customerAppointmentsKey(customer.customerId) });
        }}
        renderBooked={(appointment) => <Booked appointment={appointment} />}
      />
      <CustomerAppointments customerId={customer.customerId} />
    </section>
  );
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
          {appointment.advisorName} (Filiale {appointment.branchId}), {appointmentChannelLabel(appointment.channel)}
        </dd>
        <dt>Thema</dt>
        <dd>{appointmentTopicLabel(appointment.topic)}</dd>
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
