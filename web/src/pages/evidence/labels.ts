/**
 * The timeline's codes in German: audit actions, consent answers, contact outcomes, channels.
 * Unknown codes (a newer API) are shown as they are, never dropped.
 */

export type TimelineKind = 'consent' | 'contact' | 'audit';

export const KIND_LABELS: Record<TimelineKind, string> = {
  consent: 'Einwilligungsnachweis',
  contact: 'Kontakt',
  audit: 'Protokoll',
};

export const CHANNEL_LABELS: Record<string, string> = { phone: 'Telefon', email: 'E-Mail', letter: 'Brief', messenger: 'Messenger' };
export const PURPOSE_LABELS: Record<string, string> = { service: 'Service', advertising: 'Werbung', care: 'Betreuung' };

const ROLE_LABELS: Record<string, string> = {
  agent: 'Agent/in',
  backoffice: 'Backoffice',
  supervisor: 'Supervisor/in',
  'process-owner': 'Prozessverantwortliche/r',
  auditor: 'Revision',
  admin: 'Administration',
};

/** "agent,supervisor" → "Agent/in, Supervisor/in" */
export function rolesLabel(roles: string): string {
  return roles
    .split(',')
    .filter(Boolean)
    .map((role) => ROLE_LABELS[role] ?? role)
    .join(', ');
}

export const channelLabel = (channel: string) => CHANNEL_LABELS[channel] ?? channel;

/** What the customer decided, as a sentence's subject. */
export function consentLabel(answer: string, channel: string): string {
  const on = channelLabel(channel);
  switch (answer) {
    case 'yes':
      return `Einwilligung erteilt: Werbung per ${on}`;
    case 'no':
      return `Einwilligung abgelehnt: Werbung per ${on}`;
    case 'undecided':
      return `Noch unentschieden: Werbung per ${on}`;
    case 'withdrawn':
      return `Einwilligung widerrufen: Werbung per ${on}`;
    default:
      return `Einwilligung (${answer}): ${on}`;
  }
}

const CALLBACK_RESULTS: Record<string, string> = {
  sold: 'Abschluss',
  'appointment-wanted': 'Termin gewünscht',
  'not-interested': 'kein Interesse',
  other: 'sonstiges Ergebnis',
};

/** A contact history outcome as a German sentence. */
export function contactLabel(outcome: string): string {
  if (outcome === 'callback-not-reached') return 'Rückruf: Kunde nicht erreicht';
  if (outcome.startsWith('callback-reached-')) {
    const result = outcome.slice('callback-reached-'.length);
    return `Rückruf: Kunde erreicht (${CALLBACK_RESULTS[result] ?? result})`;
  }
  if (outcome.startsWith('callback-stopped-')) return `Rückruf gestoppt (${outcome.slice('callback-stopped-'.length)})`;
  if (outcome === 'transfer-connected' || outcome === 'transfer-transferred') return 'Direkt zur Direktberatung durchgestellt';
  if (outcome.startsWith('transfer-')) return `Durchstellen an die Direktberatung: ${outcome === 'transfer-failed' ? 'nicht gelungen' : outcome.slice('transfer-'.length)}`;
  return outcome;
}

const AUDIT_LABELS: Record<string, string> = {
  'contact-block.created': 'Sperrvermerk gesetzt',
  'contact-block.extended': 'Sperrvermerk verlängert',
  'contact-block.lifted': 'Sperrvermerk aufgehoben',
  'contact-block.read': 'Sperrvermerk angesehen',
  'customer.contact-blocks.read': 'Sperrvermerke des Kunden angesehen',
  'customer.contact-policy.read': 'Kontaktregeln geprüft',
  'customer.read': 'Kundendaten angesehen',
  'consent-check.opened': 'Einwilligungsabfrage begonnen',
  'consent-check.answered': 'Antwort auf die Einwilligungsabfrage erfasst',
  'consent-check.read': 'Einwilligungsabfrage angesehen',
  'consent.withdrawn': 'Widerruf der Einwilligung erfasst',
  'customer.consents.read': 'Einwilligungsnachweise angesehen',
  'consent-script.published': 'Neue Fassung des Einwilligungstextes veröffentlicht',
  'callback.started': 'Rückruf angefordert',
  'callback.cancelled': 'Rückruf abgebrochen',
  'callback.read': 'Rückruf angesehen',
  'task.read': 'Aufgabe angesehen',
  'task.claimed': 'Aufgabe übernommen',
  'task.unclaimed': 'Aufgabe zurückgegeben',
  'task.completed': 'Aufgabe erledigt',
  'task.reassigned': 'Aufgabe neu zugewiesen',
  'audit.read': 'Protokoll angesehen',
  'customer.timeline.read': 'Nachweise angesehen (diese Ansicht)',
  'customer.processes.read': 'Prozesse des Kunden angesehen',
  'process.read': 'Prozess angesehen',
};

export const auditLabel = (action: string) => AUDIT_LABELS[action] ?? action;
