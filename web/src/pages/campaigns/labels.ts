/**
 * The campaign editor's German words for the API's codes: outcomes, products, topics, triggers,
 * and the definition's fields by their path (`script.opening` → "Gesprächseinstieg"), for the
 * diff table and for the API's error messages. Words only; every rule stays in the API.
 */
import type { Option } from '../../components';
import type { OutcomeCode } from './types';

/** The five outcomes in the order the API lists them, with what each leads to. */
export const OUTCOMES: Array<{ code: OutcomeCode; label: string; leadsTo: string }> = [
  { code: 'interested-transfer', label: 'Interesse: an die Direktberatung verbinden', leadsTo: 'Warme Weiterleitung, sonst Rückruf der Direktberatung' },
  { code: 'interested-callback', label: 'Interesse: Rückruf der Direktberatung', leadsTo: 'Rückrufprozess mit dieser Kampagne' },
  { code: 'interested-appointment', label: 'Interesse: Beratungstermin', leadsTo: 'Terminbuchung mit dieser Kampagne als Anlass' },
  { code: 'not-interested', label: 'Kein Interesse', leadsTo: 'Sperrvermerk auf das Thema für die eingestellten Monate' },
  { code: 'maybe-later', label: 'Vielleicht später', leadsTo: 'Nur vermerkt (zählt zur Höchstzahl der Ansprachen)' },
];
export const outcomeLabel = (code: string) => OUTCOMES.find((outcome) => outcome.code === code)?.label ?? code;

/** Core banking's product codes. */
export const PRODUCTS: Record<string, string> = {
  'current-account': 'Girokonto',
  'mastercard-classic': 'Mastercard Classic',
  'mastercard-gold': 'Mastercard Gold',
  'overnight-account': 'Tagesgeldkonto',
  'savings-account': 'Sparkonto',
  'savings-plan': 'Sparplan',
  'building-society-contract': 'Bausparvertrag',
  'household-insurance': 'Hausratversicherung',
  overdraft: 'Dispositionskredit',
  'consumer-loan': 'Privatkredit',
  mortgage: 'Baufinanzierung',
  'securities-account': 'Depot',
};
export const productLabel = (code: string) => PRODUCTS[code] ?? code;
export const PRODUCT_OPTIONS: Option[] = [{ value: '', label: 'kein bestimmtes Produkt' }, ...Object.entries(PRODUCTS).map(([value, label]) => ({ value, label }))];

/** The topics advisors advise on (the appointment's topic of a campaign). */
export const APPOINTMENT_TOPICS: Record<string, string> = {
  girokonto: 'Girokonto',
  kreditkarte: 'Kreditkarte',
  geldanlage: 'Geldanlage',
  altersvorsorge: 'Altersvorsorge',
  baufinanzierung: 'Baufinanzierung',
  privatkredit: 'Privatkredit',
};
export const APPOINTMENT_TOPIC_OPTIONS: Option[] = [{ value: '', label: 'kein Termin vorgesehen' }, ...Object.entries(APPOINTMENT_TOPICS).map(([value, label]) => ({ value, label }))];

export const SEGMENTS: Record<string, string> = {
  youth: 'Jugend',
  private: 'Privatkunde',
  'private-premium': 'Privatkunde Premium',
  wealth: 'Vermögenskunde',
  business: 'Geschäftskunde',
};

export const FEDERAL_STATES: Record<string, string> = {
  BW: 'Baden-Württemberg',
  BY: 'Bayern',
  BE: 'Berlin',
  BB: 'Brandenburg',
  HB: 'Bremen',
  HH: 'Hamburg',
  HE: 'Hessen',
  MV: 'Mecklenburg-Vorpommern',
  NI: 'Niedersachsen',
  NW: 'Nordrhein-Westfalen',
  RP: 'Rheinland-Pfalz',
  SL: 'Saarland',
  SN: 'Sachsen',
  ST: 'Sachsen-Anhalt',
  SH: 'Schleswig-Holstein',
  TH: 'Thüringen',
};

const EVENTS: Record<string, string> = { maturity: 'Fälligkeit', 'incoming-payment': 'Zahlungseingang', 'balance-above': 'Guthaben über Schwelle' };

/** A trigger in words; `titleOf` names a service process. */
export function triggerText(trigger: { kind: string; processes?: string[]; event?: string }, titleOf: (process: string) => string): string {
  switch (trigger.kind) {
    case 'service-request':
      return `Serviceanliegen: ${(trigger.processes ?? []).map(titleOf).join('; ')}`;
    case 'selection':
      return 'Zielgruppenauswahl (Kampagnenlauf)';
    case 'event':
      return `Anlass aus dem Kernbanksystem: ${EVENTS[trigger.event ?? ''] ?? trigger.event ?? '–'}`;
    default:
      return trigger.kind;
  }
}

export const TRIGGER_KINDS: Record<string, string> = { 'service-request': 'Serviceanliegen', selection: 'Zielgruppenauswahl', event: 'Anlass aus dem Kernbanksystem' };

/** The definition's fields by path, as the editor labels them. */
const FIELDS: Record<string, string> = {
  name: 'Name',
  description: 'Beschreibung',
  trigger: 'Auslöser',
  'trigger.kind': 'Art des Auslösers',
  'trigger.processes': 'Auslösende Serviceanliegen',
  'trigger.event': 'Anlass',
  criteria: 'Zielkriterien',
  exclusions: 'Ausschlüsse',
  offer: 'Angebot',
  'offer.title': 'Angebot: Titel',
  'offer.argument': 'Angebot: Argument',
  'offer.product': 'Angebot: Produkt',
  'offer.topic': 'Angebot: Thema',
  'offer.appointmentTopic': 'Angebot: Thema des Beratungstermins',
  script: 'Gesprächsleitfaden',
  'script.opening': 'Gesprächseinstieg',
  'script.objections': 'Einwände',
  outcomes: 'Erlaubte Ergebnisse',
  blockMonths: 'Sperrvermerk nach „Kein Interesse“ (Monate)',
  careCallDelayDays: 'Nachsorgeanruf nach einem Abschluss (Tage)',
  priority: 'Priorität',
  caps: 'Höchstzahl der Ansprachen',
  'caps.perCustomer': 'Ansprachen je Kunde höchstens',
  'caps.perCustomerDays': 'Innerhalb von (Tagen)',
  validFrom: 'Gültig ab',
  validUntil: 'Gültig bis',
  queues: 'Warteschlangen',
  'queues.direktberatung': 'Warteschlange der Direktberatung',
  'queues.outbound': 'Warteschlange für ausgehende Anrufe',
};

/** Where in a rule a path points, read out: `rules.1.min` → "Regel 2 › min". */
function rulePath(parts: string[]): string {
  const words: string[] = [];
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    const next = parts[index + 1];
    if (part === 'rules' && next !== undefined && /^\d+$/.test(next)) {
      words.push(`Regel ${Number(next) + 1}`);
      index++;
    } else if (part === 'rule') words.push('verneinte Regel');
    else words.push(part);
  }
  return words.join(' › ');
}

/**
 * The German name of a definition path as the diff and the API's errors name it
 * (`script.opening`, `criteria.rules.1.min`, `outcomes.2.say`).
 */
export function fieldName(path: string): string {
  if (path === '') return 'Die ganze Definition';
  if (FIELDS[path]) return FIELDS[path];
  const parts = path.split('.');
  const [head, second, third, ...rest] = parts;
  if (head === 'criteria') return [FIELDS.criteria, rulePath(parts.slice(1))].filter(Boolean).join(' › ');
  if (head === 'exclusions' && second !== undefined && /^\d+$/.test(second)) {
    return [`Ausschluss ${Number(second) + 1}`, rulePath(parts.slice(2))].filter(Boolean).join(' › ');
  }
  if (head === 'script' && second === 'objections' && third !== undefined && /^\d+$/.test(third)) {
    const which = rest[0] === 'objection' ? 'Einwand' : rest[0] === 'answer' ? 'Antwort' : rest.join('.');
    return `Einwand ${Number(third) + 1}${which ? ` › ${which}` : ''}`;
  }
  if (head === 'outcomes' && second !== undefined && /^\d+$/.test(second)) {
    const which = third === 'say' ? 'Satz für das Gespräch' : third === 'outcome' ? 'Ergebnis' : [third, ...rest].filter(Boolean).join('.');
    return `Ergebnis ${Number(second) + 1}${which ? ` › ${which}` : ''}`;
  }
  if (head === 'trigger' && second === 'processes' && third !== undefined) return `Auslösendes Serviceanliegen ${Number(third) + 1}`;
  const parent = FIELDS[[head, second].filter(Boolean).join('.')];
  return parent ? [parent, third, ...rest].filter(Boolean).join(' › ') : path;
}

/** The API's English validation messages that a process owner meets, in German. */
const MESSAGES: Array<[RegExp, (match: RegExpMatchArray) => string]> = [
  [/^is required$/, () => 'fehlt'],
  [/^must not be empty$/, () => 'darf nicht leer sein'],
  [/^must be at least (\d+) characters$/, (m) => `braucht mindestens ${m[1]} Zeichen`],
  [/^must be at most (\d+) characters$/, (m) => `darf höchstens ${m[1]} Zeichen lang sein`],
  [/^must be at least (-?[\d.]+)$/, (m) => `muss mindestens ${m[1]} sein`],
  [/^must be at most (-?[\d.]+)$/, (m) => `darf höchstens ${m[1]} sein`],
  [/^must be a whole number$/, () => 'muss eine ganze Zahl sein'],
  [/^must be an? (\w+)$/, (m) => `hat den falschen Typ (erwartet: ${m[1]})`],
  [/^is not a known field$/, () => 'ist kein bekanntes Feld'],
  [/^must not be above max$/, () => 'darf nicht über dem Höchstwert (max) liegen'],
  [/^needs min, max or both$/, () => 'braucht min, max oder beides'],
  [/^must not be before validFrom$/, () => 'darf nicht vor „Gültig ab“ liegen'],
  [/^(\S+) is listed twice$/, (m) => `${outcomeLabel(m[1] ?? '')} ist zweimal aufgeführt`],
  [/^at most two decimal places/, () => 'höchstens zwei Nachkommastellen (ganze Cent)'],
  [/^rules nest deeper than (\d+) levels$/, (m) => `Regeln sind tiefer als ${m[1]} Ebenen verschachtelt`],
];

/** An API validation message in German where we know it; otherwise the API's own words. */
export function messageText(message: string): string {
  for (const [pattern, sentence] of MESSAGES) {
    const match = message.match(pattern);
    if (match) return sentence(match);
  }
  return message;
}
