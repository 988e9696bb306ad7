/**
 * Errors as sentences a person can act on, in German. The API's messages are English and meant
 * for developers; the web app never shows a bare status code.
 */
import { ApiError, NetworkError } from './client';

/** Known API conflict messages and how they read to a person. */
const CONFLICTS: Array<[RegExp, (match: RegExpMatchArray, nameOf: (id: string) => string) => string]> = [
  [/claimed by (\S+)/i, (match, nameOf) => `Diese Aufgabe hat ${nameOf(match[1] ?? '')} gerade übernommen.`],
  [/the task is completed(?: \(by ([^)\s]+)\))?/i, (match, nameOf) => (match[1] ? `Diese Aufgabe hat ${nameOf(match[1])} bereits erledigt.` : 'Diese Aufgabe ist bereits erledigt.')],
  [/the task is cancelled/i, () => 'Diese Aufgabe wurde abgebrochen: ihr Vorgang ist beendet.'],
  [/still in flight|in progress/i, () => 'Dieselbe Eingabe wird gerade schon verarbeitet. Bitte einen Moment warten.'],
];

/** Field names of the API as German labels, for messages that name a field. */
const FIELD_LABELS: Record<string, string> = {
  customerId: 'Kundennummer',
  topic: 'Thema',
  months: 'Monate',
  reason: 'Grund',
  note: 'Notiz',
  queue: 'Warteschlange',
  assignee: 'Bearbeiter/in',
  outcome: 'Ergebnis',
  reached: 'Erreicht',
  channels: 'Kanäle',
  answer: 'Antwort',
  contactId: 'Kontakt-ID',
  callId: 'Anruf-ID',
};

/** The German label of an API field path such as `body.months` or `preferredTime.from`. */
export function fieldLabel(field: string): string {
  const last = field.split('.').pop() ?? field;
  return FIELD_LABELS[last] ?? last;
}

/**
 * A German sentence for any error the app can meet; `nameOf` turns a colleague's id in a conflict
 * into their name.
 */
export function describeError(error: unknown, nameOf: (id: string) => string = (id) => id): string {
  if (error instanceof NetworkError) return 'Keine Verbindung zum Server. Bitte die Netzverbindung prüfen und noch einmal versuchen.';
  if (!(error instanceof ApiError)) return 'Etwas ist schiefgegangen. Bitte noch einmal versuchen.';
  switch (error.status) {
    case 400:
    case 422:
      if (error.fields.length > 0) return `Bitte die Eingaben prüfen: ${error.fields.map((field) => fieldLabel(field.field)).join(', ')}.`;
      return 'Die Eingabe wurde nicht angenommen. Bitte prüfen und noch einmal versuchen.';
    case 401:
      return 'Die Anmeldung ist abgelaufen oder ungültig. Bitte neu anmelden.';
    case 403:
      return 'Dafür fehlt Ihnen die Berechtigung.';
    case 404:
      return 'Das wurde nicht gefunden, oder es gehört nicht zu Ihren Warteschlangen.';
    case 409: {
      for (const [pattern, sentence] of CONFLICTS) {
        const match = error.message.match(pattern);
        if (match) return sentence(match, nameOf);
      }
      return 'Jemand anderes war schneller, oder der Vorgang ist schon weiter. Bitte die Seite neu laden.';
    }
    case 429:
      return 'Zu viele Anfragen in kurzer Zeit. Bitte etwas später noch einmal versuchen.';
    case 503:
    case 504:
      return 'Das System antwortet gerade nicht. Bitte gleich noch einmal versuchen; doppelt ausgeführt wird nichts.';
    default:
      return 'Der Server hat einen Fehler gemeldet. Bitte noch einmal versuchen oder den Betrieb informieren.';
  }
}

/** The messages the API gave per field, keyed by the field's last path segment. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(error.fields.map((field) => [field.field.replace(/^(body|query|path)\./, ''), field.message]));
}
