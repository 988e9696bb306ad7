/**
 * The API's field messages (English, for developers) as German sentences beside the field, and
 * the console's own conflicts as sentences. The API decides what is wrong; this only says it.
 */
import { ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { offerOutcomeLabel } from './labels';

/** One field message of the API in German. */
export function germanFieldMessage(message: string): string {
  const rules: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
    [/^is required$/, () => 'Bitte ausfüllen.'],
    [/^must not be empty$/, () => 'Darf nicht leer sein.'],
    [/^is not a known field$/, () => 'Diese Angabe kennt das System nicht.'],
    [/^must be 1 to 64 letters, digits or dashes$/, () => 'Nur Buchstaben, Ziffern und Bindestriche, höchstens 64 Zeichen (z. B. K-100000).'],
    [/^letters, digits, dots, dashes or underscores/, () => 'Nur Buchstaben, Ziffern, Punkte, Binde- und Unterstriche, höchstens 64 Zeichen.'],
    [/lowercase key/, () => 'Nur Kleinbuchstaben, Ziffern und Bindestriche (z. B. kreditkarte).'],
    [/^must be a whole number$/, () => 'Bitte eine ganze Zahl eingeben.'],
    [/^must be at most (\d+) characters$/, (m) => `Höchstens ${m[1]} Zeichen.`],
    [/^must be at least (\d+) characters$/, (m) => `Mindestens ${m[1]} Zeichen.`],
    [/^must be at most (\d+)$/, (m) => `Höchstens ${m[1]}.`],
    [/^must be at least (\d+)$/, (m) => `Mindestens ${m[1]}.`],
    [/^must not lie in the past$/, () => 'Darf nicht in der Vergangenheit liegen.'],
    [/^must end after it starts$/, () => 'Muss nach dem Beginn enden.'],
    [/^must lie at most (\d+) days ahead$/, (m) => `Darf höchstens ${m[1]} Tage in der Zukunft liegen.`],
    [/datetime|date-time/i, () => 'Bitte Datum und Uhrzeit angeben.'],
    [/control characters/i, () => 'Enthält Steuerzeichen; bitte nur normalen Text eingeben.'],
    [/^is not an email address$/, () => 'Das ist keine gültige E-Mail-Adresse. Bitte in der Form name@beispiel.de eingeben.'],
    [/^is not a phone number/, () => 'Das ist keine gültige Telefonnummer. Bitte nur Ziffern eingeben, vorne ggf. ein +, dazwischen Leerzeichen, / oder -.'],
    [/^is longer than (\d+) characters$/, (m) => `Höchstens ${m[1]} Zeichen.`],
    [/^name at least one of email, phone$/, () => 'Bitte eine E-Mail-Adresse oder Mobilnummer eingeben.'],
    [/^name at least one interest or write a note$/, () => 'Bitte mindestens ein Interesse ankreuzen oder eine Notiz schreiben.'],
    [/^names an interest twice$/, () => 'Ein Interesse ist doppelt angegeben.'],
    [/^must be one of /, () => 'Diese Auswahl kennt das System nicht. Bitte die Seite neu laden.'],
  ];
  for (const [pattern, sentence] of rules) {
    const match = message.match(pattern);
    if (match) return sentence(match);
  }
  return 'Diese Angabe wurde nicht angenommen. Bitte prüfen.';
}

/**
 * The API's field problems in German, keyed by the field's path without its location
 * (`customerId`, `preferredTime.to`). Unknown keys of a union (`preferredTime`) stay as they are.
 */
export function germanFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const result: Record<string, string> = {};
  for (const { field, message } of error.fields) {
    const key = field.replace(/^(body|query|path)\./, '');
    result[key] ??= germanFieldMessage(message);
  }
  return result;
}

/** A German sentence for an error in the console, with its own conflicts spelt out. */
export function consoleError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 409 && /consent check is/.test(error.message)) {
      return 'Für dieses Gespräch ist die Antwort schon erfasst. Für eine neue Frage bitte eine neue Anruf-ID verwenden.';
    }
    const recorded = error.status === 409 ? /the outcome (\S+) is recorded already/.exec(error.message) : null;
    if (recorded) return `Zu diesem Angebot ist schon eine andere Antwort erfasst („${offerOutcomeLabel(recorded[1] ?? '')}“); sie gilt.`;
    if (error.status === 409 && /campaign does not allow/.test(error.message)) return 'Diese Antwort sieht die Kampagne nicht vor.';
    if (error.status === 409 && /no offer was made/.test(error.message)) return 'Zu diesem Serviceanliegen wurde kein Angebot gemacht: es gibt keine Antwort zu erfassen.';
    if (error.status === 404 && /core banking/.test(error.message)) return 'Diese Kundennummer ist im Kernbankensystem nicht bekannt.';
    if (error.status === 404 && /no active block|not found/.test(error.message)) return 'Dieser Sperrvermerk ist nicht mehr aktiv.';
    if (error.status === 403 && /only the agent who opened/.test(error.message)) return 'Diese Einwilligungsprüfung hat eine Kollegin oder ein Kollege begonnen; nur sie oder er (oder die Teamleitung) erfasst die Antwort.';
    if (error.status === 502) return 'Das Kernbankensystem hat die Anfrage abgelehnt. Bitte den Betrieb informieren.';
  }
  return describeError(error);
}
