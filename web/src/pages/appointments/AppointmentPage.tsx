/**
 * One appointment with a branch advisor (issue 10, part 4): who, what, with whom, where and
 * when (Europe/Berlin), its state, and a timeline of what happened, built from the process's
 * state, with the link to the process. Reads `GET /api/v1/appointments/{id}`.
 */
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { Notice, Page } from '../../components';
import { dateTime } from '../../format';
import { appointmentStatusBadge, appointmentStatusLabel, channelLabel, topicLabel } from './labels';
import { timelineOf } from './timeline';
import type { AppointmentView } from './types';

/** States in which the process still moves on by itself (a reminder, the end of the appointment). */
const MOVING = new Set(['booking', 'confirmed', 'awaiting-outcome']);

export default function AppointmentPage() {
  const { id = '' } = useParams();
  const appointment = useQuery({
    queryKey: ['appointment', id],
    queryFn: ({ signal }) => api<AppointmentView>(`/appointments/${encodeURIComponent(id)}`, { signal }),
    retry: false,
    refetchInterval: (query) => (query.state.data && MOVING.has(query.state.data.status) ? 30_000 : false),
  });
  const view = appointment.data;
  const missing = appointment.error instanceof ApiError && (appointment.error.status === 404 || appointment.error.status === 400);
  const title = view ? `Beratungstermin: ${topicLabel(view.topic)}` : 'Beratungstermin';

  return (
    <Page title={title}>
      <div role="status">{appointment.isPending ? 'Termin wird geladen …' : ''}</div>
      <Notice kind="error">{appointment.error ? (missing ? `Einen Termin mit der ID „${id}“ gibt es nicht. Bitte die ID prüfen.` : describeError(appointment.error)) : undefined}</Notice>
      {view ? <AppointmentDetails view={view} /> : null}
    </Page>
  );
}

function AppointmentDetails({ view }: { view: AppointmentView }) {
  const timeline = timelineOf(view);
  return (
    <>
      <section aria-labelledby="termin-angaben">
        <h2 id="termin-angaben">Termin</h2>
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <span className={`badge ${appointmentStatusBadge(view.status)}`}>{appointmentStatusLabel(view.status)}</span>
          </dd>
          <dt>Kunde</dt>
          <dd>{view.customerId}</dd>
          <dt>Thema</dt>
          <dd>{topicLabel(view.topic)}</dd>
          <dt>Beratung</dt>
          <dd>
            {view.advisorName} ({view.advisorId})
          </dd>
          <dt>Filiale</dt>
          <dd>{view.branchId}</dd>
          <dt>Art</dt>
          <dd>{channelLabel(view.channel)}</dd>
          <dt>Beginn</dt>
          <dd>
            <time dateTime={view.start}>{dateTime(view.start)} Uhr</time>
          </dd>
          <dt>Ende</dt>
          <dd>
            <time dateTime={view.end}>{dateTime(view.end)} Uhr</time>
          </dd>
          <dt>Gebucht von</dt>
          <dd>{view.requestedBy}</dd>
          <dt>Prozess</dt>
          <dd>
            <Link to={`/prozesse/${encodeURIComponent(view.workflowId)}`}>Zum Prozess {view.workflowId}</Link>
          </dd>
        </dl>
      </section>
      <section aria-labelledby="termin-verlauf">
        <h2 id="termin-verlauf">Verlauf</h2>
        {timeline.length === 0 ? (
          <p>Noch ist nichts geschehen: der Termin wird gerade gebucht.</p>
        ) : (
          <div className="table-scroll">
            <table className="appointment-timeline">
              <caption>Was mit diesem Termin geschah, das Älteste zuerst (Zeiten in deutscher Zeit)</caption>
              <thead>
                <tr>
                  <th scope="col">Zeitpunkt</th>
                  <th scope="col">Ereignis</th>
                  <th scope="col">Einzelheiten</th>
                </tr>
              </thead>
              <tbody>
                {timeline.map((entry) => (
                  <tr key={entry.key} className={entry.planned ? 'appointment-planned' : undefined}>
                    <th scope="row">
                      <time dateTime={entry.at}>{dateTime(entry.at)}</time>
                    </th>
                    <td>{entry.title}</td>
                    <td>
                      {entry.detail ?? ''}
                      {entry.link ? (
                        <>
                          {entry.detail ? ' ' : ''}
                          <Link to={entry.link.to}>{entry.link.label}</Link>
                        </>
                      ) : null}
                      {!entry.detail && !entry.link ? '–' : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
