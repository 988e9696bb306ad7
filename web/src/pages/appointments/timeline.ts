/**
 * What happened to an appointment, as one list in time order, built from the process's state
 * alone: every change with the invitation's sequence, the reminder, the advisor's outcome task
 * and what was recorded there, and the follow-ups it started (care calls, the no-show's
 * callback, the task to book the next appointment).
 */
import { dateTime } from '../../format';
import { PRODUCTS } from '../console/labels';
import type { AppointmentChange, AppointmentView } from './types';

/** One entry of the timeline; `link` leads to the process or task it names. */
export interface TimelineEntry {
  key: string;
  /** When it happened (or, for a reminder still to come, when it will). */
  at: string;
  title: string;
  detail?: string;
  link?: { to: string; label: string };
  /** Still to come (a scheduled reminder). */
  planned?: boolean;
}

const CHANGE_TITLES: Record<AppointmentChange['kind'], string> = { booked: 'Gebucht', rescheduled: 'Verschoben', cancelled: 'Abgesagt' };
const TOLD: Record<NonNullable<AppointmentChange['customerTold']>, string> = {
  email: 'Der Kunde wurde per E-Mail benachrichtigt.',
  none: 'Keine E-Mail-Adresse bekannt: der Kunde wurde nicht per E-Mail benachrichtigt.',
  rejected: 'Die E-Mail an den Kunden wurde abgewiesen.',
};
const OUTCOMES: Record<string, string> = { held: 'Termin fand statt', 'no-show': 'Kunde nicht erschienen', 'cancelled-by-customer': 'Vom Kunden abgesagt' };

const processLink = (workflowId: string, label: string) => ({ to: `/prozesse/${encodeURIComponent(workflowId)}`, label });
const taskLink = (taskId: string, label: string) => ({ to: `/aufgaben/${encodeURIComponent(taskId)}`, label });

/** The entries, oldest first (entries at the same time keep the order they happen in). */
export function timelineOf(appointment: AppointmentView): TimelineEntry[] {
  const entries: TimelineEntry[] = appointment.changes.map((change, index) => ({
    key: `change-${index}`,
    at: change.at,
    title: `${CHANGE_TITLES[change.kind]} von ${change.by}`,
    detail: [
      change.kind === 'cancelled' ? `Der Termin am ${dateTime(change.start)} ist abgesagt.` : `Termin: ${dateTime(change.start)} bis ${dateTime(change.end)}.`,
      `${change.kind === 'cancelled' ? 'Absage' : 'Einladung'} mit Sequenz ${change.sequence} ${change.deliveryFailed ? 'konnte nicht vollständig zugestellt werden' : 'versandt'}.`,
      change.customerTold ? TOLD[change.customerTold] : undefined,
      change.deliveryFailed ? 'Der Betrieb hat eine Reparaturaufgabe, Kunde und Beratung telefonisch zu informieren.' : undefined,
    ]
      .filter(Boolean)
      .join(' '),
  }));

  const { reminder } = appointment;
  if (reminder.at && reminder.status === 'scheduled') entries.push({ key: 'reminder', at: reminder.at, title: 'Erinnerung geplant', detail: 'Der Kunde wird per E-Mail an den Termin erinnert.', planned: true });
  if (reminder.at && reminder.status === 'sent') entries.push({ key: 'reminder', at: reminder.at, title: 'Erinnerung versandt', detail: 'Der Kunde wurde per E-Mail an den Termin erinnert.' });
  if (reminder.at && reminder.status === 'no-address') entries.push({ key: 'reminder', at: reminder.at, title: 'Keine Erinnerung möglich', detail: 'Für den Kunden ist keine E-Mail-Adresse bekannt.' });

  if (appointment.outcomeTaskId) {
    entries.push({ key: 'outcome-task', at: appointment.end, title: 'Ergebnis-Aufgabe für die Beratung geöffnet', link: taskLink(appointment.outcomeTaskId, 'Aufgabe ansehen') });
  }
  const { outcome } = appointment;
  if (outcome) {
    const sold = outcome.sold && outcome.sold.length > 0 ? `Abgeschlossen: ${outcome.sold.map((code) => PRODUCTS[code] ?? code).join(', ')}.` : outcome.outcome === 'held' ? 'Nichts abgeschlossen.' : undefined;
    entries.push({
      key: 'outcome',
      at: outcome.recordedAt ?? appointment.end,
      title: `Ergebnis erfasst${outcome.recordedBy ? ` von ${outcome.recordedBy}` : ''}: ${OUTCOMES[outcome.outcome] ?? outcome.outcome}`,
      detail: [sold, outcome.followUp ? 'Folgetermin gewünscht.' : undefined, outcome.note ? `Notiz: ${outcome.note}` : undefined].filter(Boolean).join(' ') || undefined,
    });
    // The follow-ups start right after the outcome; the state keeps no time of their own.
    const after = outcome.recordedAt ?? appointment.end;
    for (const call of appointment.followUps.careCalls) {
      entries.push({ key: `care-${call.workflowId}`, at: after, title: `Nachsorgeanruf gestartet: ${PRODUCTS[call.product] ?? call.product}`, link: processLink(call.workflowId, 'Nachsorgeanruf ansehen') });
    }
    if (appointment.followUps.callbackId) {
      entries.push({ key: 'callback', at: after, title: 'Rückruf zur neuen Terminvereinbarung angelegt', link: processLink(`callback:${appointment.followUps.callbackId}`, 'Rückruf ansehen') });
    }
    if (appointment.followUps.followUpTaskId) {
      entries.push({ key: 'follow-up-task', at: after, title: 'Aufgabe: Folgetermin vereinbaren', link: taskLink(appointment.followUps.followUpTaskId, 'Aufgabe ansehen') });
    }
  }
  // Stable sort: same-time entries stay in the order they were pushed.
  return entries.map((entry, index) => ({ entry, index })).sort((a, b) => Date.parse(a.entry.at) - Date.parse(b.entry.at) || a.index - b.index).map(({ entry }) => entry);
}
