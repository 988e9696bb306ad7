/**
 * Confidential requests in a chat (seed 001, "Datenschutz setzt Grenzen"): a messenger is no place
 * for orders or account matters "wie zum Beispiel Überweisungen oder Wertpapierorder"; a customer
 * who asks for one, e.g. a card block, is asked to switch to the phone, or offered a callback.
 *
 * Keyword rules over the message, German, case-insensitive and umlaut-tolerant (`Überweisung`,
 * `Ueberweisung` and `Uberweisung` alike), so the agent sees the hint before answering. Rules, not
 * a model: an agent can read why a message was flagged, and the same text always gives the same
 * answer. Pure and deterministic.
 */

/** What a confidential request is about, in the order results list them. */
export const CONFIDENTIAL_TOPICS = [
  'transfer',
  'standing-order',
  'order',
  'card-block',
  'pin',
  'tan',
  'limit-increase',
  'account-details-change',
] as const;

/** One kind of confidential request. */
export type ConfidentialTopic = (typeof CONFIDENTIAL_TOPICS)[number];

/** The topics as agents call them. */
export const CONFIDENTIAL_TOPIC_LABELS: Readonly<Record<ConfidentialTopic, string>> = Object.freeze({
  transfer: 'Überweisung',
  'standing-order': 'Dauerauftrag',
  order: 'Auftrag / Wertpapierorder',
  'card-block': 'Kartensperre',
  pin: 'PIN',
  tan: 'TAN',
  'limit-increase': 'Limit erhöhen oder ändern',
  'account-details-change': 'Änderung der Bankverbindung',
});

/** The verdict on one message. */
export interface ConfidentialCheck {
  readonly confidential: boolean;
  /** Every topic found, without repeats, in the order of {@link CONFIDENTIAL_TOPICS}. */
  readonly topics: ConfidentialTopic[];
}

/**
 * What the customer is told when a request is confidential (seed 001: asked to switch to the
 * phone; "bietet der Mitarbeiter an, einen Rückruf ... zu veranlassen").
 */
export const CONFIDENTIAL_REQUEST_REPLY =
  'Vielen Dank für Ihre Nachricht! Aufträge und vertrauliche Anliegen rund um Ihr Konto – zum Beispiel ' +
  'Überweisungen, Kartensperren oder Wertpapierorders – dürfen wir aus Datenschutzgründen nicht über diesen ' +
  'Chat entgegennehmen. Bitte rufen Sie uns dazu an. Gern rufen wir Sie auch zurück: Schreiben Sie uns einfach, ' +
  'wann wir Sie am besten erreichen. Bitte senden Sie uns hier keine PIN, TAN oder Kontodaten.';

/** Added for a card block, which cannot wait for a callback: the block hotline answers around the clock. */
export const CARD_BLOCK_REPLY_HINT =
  'Ihre Karte können Sie rund um die Uhr über den Sperr-Notruf 116 116 sperren lassen (aus dem Ausland: +49 116 116).';

/** The reply for a confidential message: {@link CONFIDENTIAL_REQUEST_REPLY}, plus the hotline for a card block. */
export function confidentialRequestReply(check: ConfidentialCheck): string {
  return check.topics.includes('card-block') ? `${CONFIDENTIAL_REQUEST_REPLY} ${CARD_BLOCK_REPLY_HINT}` : CONFIDENTIAL_REQUEST_REPLY;
}

/** Checks a customer's message against the keyword rules. */
export function checkConfidentialRequest(text: string): ConfidentialCheck {
  const folded = foldGerman(text);
  const topics = CONFIDENTIAL_TOPICS.filter((topic) => RULES[topic].some((pattern) => pattern.test(folded)));
  return { confidential: topics.length > 0, topics };
}

/**
 * Text as the rules read it: composed (a `u` with a combining diaeresis becomes `ü`), lower case,
 * umlauts as their base letter and `ß` as `ss`. Rules built with {@link germanPattern} match
 * every spelling of an umlaut against it.
 */
export function foldGerman(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ä/g, 'a')
    .replace(/ö/g, 'o')
    .replace(/ü/g, 'u')
    .replace(/ß/g, 'ss');
}

/**
 * A pattern over {@link foldGerman}ed text from a source written with umlauts: `ü` matches `u` and
 * `ue`, `ß` matches `ss`. Umlauts must not stand inside a character class.
 */
export function germanPattern(source: string): RegExp {
  return new RegExp(source.replace(/ä/g, 'ae?').replace(/ö/g, 'oe?').replace(/ü/g, 'ue?').replace(/ß/g, 'ss'));
}

/**
 * `first`, then up to `gap` more words, then a word containing `second`: "Karte bitte sofort
 * sperren", "Tageslimit auf 2000 Euro erhöhen". Sources, for {@link germanPattern}.
 *
 * Word lengths are bounded (no German compound part runs past {@link MAX_WORD}) so that a long
 * message without spaces cannot make the match quadratic.
 */
export function near(first: string, second: string, gap = 4): string {
  return `(?:${first})${WORD_REST}(?:\\s+\\S{1,${MAX_WORD}}){0,${gap}}?\\s+${WORD_REST}(?:${second})`;
}

/** The longest word (or rest of a compound) the proximity rules look across. */
const MAX_WORD = 40;
const WORD_REST = `\\S{0,${MAX_WORD}}`;

const CARD = 'karte';
const LOST = 'verlor|verlier|gestohl|geklaut|abhanden';
const RAISE = 'erhöh|höher|hochsetz|hochstell|heraufsetz|anheb|änder';
const ACCOUNT_DETAILS = 'kontonummer|iban|bankverbindung';
const SECURITIES = 'wertpapier|aktie|fondsanteil|anleihe';

const RULES: Readonly<Record<ConfidentialTopic, readonly RegExp[]>> = {
  // Überweisung, überweisen, überwiesen, Echtzeitüberweisung.
  transfer: [germanPattern('überw(?:ei|ie)s')],
  'standing-order': [germanPattern('dauerauftr(?:a|ä)g')],
  // "Auftrag" as a word of its own (a compound like Freistellungsauftrag or Dauerauftrag is its
  // own matter), and securities orders however they are put.
  order: [
    germanPattern('\\bauftr(?:a|ä)ge?\\b'),
    germanPattern('\\b(?:kauf|verkaufs?|wertpapier|aktien)?-?orders?\\b'),
    germanPattern(near(SECURITIES, '(?:ver)?kauf')),
    germanPattern(near('(?:ver)?kauf', SECURITIES)),
  ],
  'card-block': [
    germanPattern('karten?-?sperr'),
    germanPattern(near(CARD, 'sperr')),
    germanPattern(near('sperr', CARD)),
    // A lost or stolen card needs blocking, which only the phone can take.
    germanPattern(near(CARD, LOST)),
    germanPattern(near(`(?:${LOST})`, CARD)),
  ],
  pin: [germanPattern('\\bpins?\\b'), germanPattern('\\bpin-?(?:nummer|code|brief)'), germanPattern('geheimzahl')],
  // A TAN itself, not the procedures (chipTAN, pushTAN, the TAN generator), which the seed's
  // "Aktions-Chat" explains in a chat as general information.
  tan: [germanPattern('\\btans?\\b(?![-\\s]?(?:generator|verfahren))'), germanPattern('\\btan-?(?:nummer|liste)')],
  'limit-increase': [germanPattern(`limit${WORD_REST}(?:${RAISE})`), germanPattern(near('limit', RAISE)), germanPattern(near(RAISE, 'limit'))],
  'account-details-change': [
    germanPattern(near(ACCOUNT_DETAILS, 'änder')),
    germanPattern(near('änder', ACCOUNT_DETAILS)),
    germanPattern(`\\bneue\\s+(?:\\S{1,${MAX_WORD}}\\s+)?(?:${ACCOUNT_DETAILS})`),
  ],
};
