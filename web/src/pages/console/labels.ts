/**
 * The console's German words for the API's keys: products, channels, topics, the contact policy's
 * reasons, the states of consent checks and callbacks. Words only; every decision stays in the API.
 */
import { date, dateTime } from '../../format';
import type { Option } from '../../components';

export const PRODUCTS: Record<string, string> = {
  'current-account': 'Girokonto',
  'mastercard-classic': 'MasterCard Classic',
  'mastercard-gold': 'MasterCard Gold',
  'overnight-account': 'Tagesgeldkonto',
  'savings-account': 'Sparkonto',
  'savings-plan': 'Sparplan',
  'building-society-contract': 'Bausparvertrag',
  'household-insurance': 'Hausratversicherung',
  overdraft: 'Dispositionskredit',
  'consumer-loan': 'Ratenkredit',
  mortgage: 'Baufinanzierung',
  'securities-account': 'Depot',
};

export const SEGMENTS: Record<string, string> = {
  youth: 'Jugend',
  private: 'Privatkunde',
  'private-premium': 'Privatkunde Premium',
  wealth: 'Vermögenskunde',
  business: 'Geschäftskunde',
};

export const CHANNELS: Record<string, string> = { phone: 'Telefon', email: 'E-Mail', letter: 'Brief', messenger: 'Messenger' };
export const CHANNEL_OPTIONS: Option[] = Object.entries(CHANNELS).map(([value, label]) => ({ value, label }));
/** The channels a service request comes in by (`POST /service-requests`). */
export const SERVICE_CHANNEL_OPTIONS: Option[] = ['phone', 'messenger', 'email'].map((value) => ({ value, label: CHANNELS[value] ?? value }));

export const PURPOSE_OPTIONS: Option[] = [
  { value: 'advertising', label: 'Werbung / Angebot' },
  { value: 'service', label: 'Service' },
  { value: 'care', label: 'Nachsorge' },
];

export const INITIATOR_OPTIONS: Option[] = [
  { value: 'customer', label: 'Der Kunde hat angerufen (dieses Gespräch)' },
  { value: 'bank', label: 'Die Bank meldet sich (ausgehender Kontakt)' },
];

/** Topics of the pilot service processes (seed 000) and their offers. */
export const TOPICS: Record<string, string> = {
  kreditkarte: 'Kreditkarte',
  girokonto: 'Girokonto',
  tagesgeld: 'Tagesgeld',
  sparplan: 'Sparplan',
  bausparen: 'Bausparen',
  hausrat: 'Hausratversicherung',
  anlageberatung: 'Anlageberatung',
  beratung: 'Beratungsgespräch',
  all: 'Alle Themen',
};
export const TOPIC_OPTIONS: Option[] = Object.entries(TOPICS).map(([value, label]) => ({ value, label }));
/** Topics a callback or a policy question can be about ("all" is a block's word only). */
export const OFFER_TOPIC_OPTIONS: Option[] = TOPIC_OPTIONS.filter((option) => option.value !== 'all');

/** Topics of the campaigns' offers that are no choice in the console's own forms. */
const MORE_TOPICS: Record<string, string> = {
  geldanlage: 'Geldanlage',
  privatkredit: 'Privatkredit',
  sparen: 'Sparen',
  versicherung: 'Versicherung',
  altersvorsorge: 'Altersvorsorge',
  baufinanzierung: 'Baufinanzierung',
};

export const topicLabel = (topic: string) => TOPICS[topic] ?? MORE_TOPICS[topic] ?? topic;
export const channelLabel = (channel: string) => CHANNELS[channel] ?? channel;
export const productLabel = (product: string) => PRODUCTS[product] ?? product;

/** A reason of the contact policy as a German sentence, with the time it clears. */
export function reasonSentence(reason: { code: string; clearsAt?: string }): string {
  const until = reason.clearsAt ? dateTime(reason.clearsAt) : undefined;
  switch (reason.code) {
    case 'allowed':
      return 'Keine Regel steht entgegen: Einwilligung, Sperrvermerke, Kontaktgrenzen, Alter und Anrufzeiten passen.';
    case 'customer-initiated-service':
      return 'Der Kunde hat sich mit einem Serviceanliegen gemeldet: dieser Kontakt ist immer erlaubt.';
    case 'no-phone-consent':
      return 'Für Werbung per Telefon liegt keine Einwilligung vor (nie gefragt oder abgelehnt). Warten allein hilft nicht.';
    case 'no-email-consent':
      return 'Für Werbung per E-Mail liegt keine Einwilligung vor. Warten allein hilft nicht.';
    case 'no-messenger-consent':
      return 'Für Werbung per Messenger liegt keine Einwilligung vor. Warten allein hilft nicht.';
    case 'blocked':
      return `Ein Sperrvermerk verbietet die Ansprache zu diesem Thema${until ? ` bis ${until}` : ''}.`;
    case 'contact-cap-reached':
      return `Die Höchstzahl werblicher Kontakte im Zeitraum ist erreicht${until ? `; wieder möglich ab ${until}` : ''}.`;
    case 'minor':
      return `Der Kunde ist minderjährig: keine Werbung${reason.clearsAt ? ` bis zum 18. Geburtstag am ${date(reason.clearsAt)}` : ''}.`;
    case 'outside-calling-hours':
      return `Jetzt ist keine Anrufzeit${until ? `; die nächste beginnt ${until}` : ''}.`;
    case 'public-holiday':
      return `Heute ist im Bundesland des Kunden Feiertag${until ? `; anrufen ab ${until}` : ''}.`;
    default:
      return `Weitere Regel (${reason.code})${until ? `, gilt bis ${until}` : ''}.`;
  }
}

/**
 * Why a campaign is not offered (`POST /service-requests`, a verdict's reason): the criteria's
 * own texts are German already; the contact policy's reasons are worded by their code, as above.
 */
export function refinementReasonSentence(reason: { code: string; text: string; policyCode?: string }): string {
  return reason.policyCode ? reasonSentence({ code: reason.policyCode }) : reason.text;
}

/** The answers to an offer (the API's outcome codes). */
export const OFFER_OUTCOMES: Record<string, string> = {
  'interested-transfer': 'Interesse: an die Direktberatung verbinden',
  'interested-callback': 'Interesse: Rückruf der Direktberatung',
  'interested-appointment': 'Interesse: Beratungstermin',
  'not-interested': 'Kein Interesse',
  'maybe-later': 'Vielleicht später',
};
export const offerOutcomeLabel = (outcome: string) => OFFER_OUTCOMES[outcome] ?? outcome;

/** Why a consent check does not ask. */
export function notAskedSentence(code: string): string {
  switch (code) {
    case 'already-granted':
      return 'Die Einwilligung liegt bereits vor. Nicht fragen.';
    case 'declined-recently':
      return 'Der Kunde hat vor kurzem abgelehnt. Bitte nicht erneut fragen.';
    case 'minor':
      return 'Der Kunde ist minderjährig: keine Frage nach einer Werbeeinwilligung.';
    default:
      return 'Diesmal nicht fragen.';
  }
}

export const ANSWERS: Record<string, string> = { yes: 'Ja', no: 'Nein', undecided: 'Noch unentschieden', withdrawn: 'Widerrufen' };

export const CHECK_STATUS: Record<string, string> = {
  checking: 'Wird geprüft',
  asking: 'Wartet auf die Antwort des Kunden',
  'writing-through': 'Nachweis gespeichert, wird an das Kernbankensystem übertragen',
  done: 'Abgeschlossen: Nachweis gespeichert und, bei Ja oder Nein, im Kernbankensystem eingetragen',
  'not-asked': 'Nicht gefragt',
  unanswered: 'Ohne Antwort geschlossen',
  unavailable: 'Kernbankensystem nicht erreichbar; bitte erneut prüfen',
};

export const CALLBACK_STATUS: Record<string, string> = {
  transferring: 'Wird gerade an die Direktberatung weiterverbunden',
  waiting: 'Wartet auf den Rückruf der Direktberatung',
  transferred: 'An die Direktberatung verbunden',
  done: 'Erledigt',
  unreached: 'Kunde nicht erreicht',
  cancelled: 'Abgebrochen',
  stopped: 'Gestoppt (Sperrvermerk oder Widerruf nach der Anfrage)',
};

export const TRANSFER_OUTCOMES: Record<string, string> = {
  connected: 'verbunden',
  'no-agent-available': 'niemand frei in der Direktberatung',
  'timed-out': 'niemand hat abgenommen',
  'call-ended': 'Gespräch war schon beendet',
  failed: 'Telefonsystem nicht erreichbar',
};

/** The contact details core banking may lack (`missing` of the customer summary). */
export const CONTACT_FIELDS: Record<string, string> = { email: 'E-Mail-Adresse', phone: 'Mobilnummer' };
export const contactFieldLabel = (field: string) => CONTACT_FIELDS[field] ?? field;

/** "A", "A und B", "A, B und C". */
export function listWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} und ${words[words.length - 1]}`;
}
