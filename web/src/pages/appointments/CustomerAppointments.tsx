/**
 * The customer's appointments as a small table (newest start first), each linking to its page.
 * Reads `GET /api/v1/customers/{id}/appointments`; used in the contact console.
 */
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { Notice } from '../../components';
import { dateTime } from '../../format';
import { appointmentStatusLabel, topicLabel } from './labels';
import type { AppointmentView } from './types';

/** The query key, so a booking can have the list fetched again. */
export const customerAppointmentsKey = (customerId: string) => ['customer-appointments', customerId];

/** `headingLevel`: the level of the list's heading where it is placed. */
export function CustomerAppointments({ customerId, headingLevel = 3 }: { customerId: string; headingLevel?: 2 | 3 | 4 }) {
  const list = useQuery({
    queryKey: customerAppointmentsKey(customerId),
    queryFn: ({ signal }) => api<{ appointments: AppointmentView[] }>(`/customers/${encodeURIComponent(customerId)}/appointments`, { signal }),
    retry: false,
  });
  const Heading = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  const appointments = list.data?.appointments;
  return (
    <div className="customer-appointments">
      <Heading>Termine des Kunden</Heading>
      <div role="status">{list.isPending ? 'Termine werden geladen …' : ''}</div>
      <Notice kind="error">{list.error ? describeError(list.error) : undefined}</Notice>
      {appointments && appointments.length === 0 ? <p>Der Kunde hat noch keine Beratungstermine.</p> : null}
      {appointments && appointments.length > 0 ? (
        <div className="table-scroll">
          <table>
            <caption>Beratungstermine des Kunden, der späteste zuerst</caption>
            <thead>
              <tr>
                <th scope="col">Beginn</th>
                <th scope="col">Thema</th>
                <th scope="col">Beratung</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {appointments.map((appointment) => (
                <tr key={appointment.appointmentId}>
                  <th scope="row">
                    <Link to={`/termine/${encodeURIComponent(appointment.appointmentId)}`}>{dateTime(appointment.start)} Uhr</Link>
                  </th>
                  <td>{topicLabel(appointment.topic)}</td>
                  <td>
                    {appointment.advisorName} (Filiale {appointment.branchId})
                  </td>
                  <td>{appointmentStatusLabel(appointment.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
