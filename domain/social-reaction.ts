/**
 * Social media dialog management (seed 000, "Kundenservice 2.0"): posts on the bank's social media
 * presence are answered around the clock ("Social Media ist nicht 'nine to five', sondern fast
 * '24/7'!") by a reaction structure agreed with the bank (Reaktionsstrukturkonzept) and with
 * escalation levels. The seed's reaction examples are the reaction types here:
 *
 * - "Ich habe meine EC-Karte verloren." → public reply pointing to the block hotline 116 116;
 * - "Der Geldautomat ist seit zwei Tagen kaputt." → reply that the fault is being dealt with, and
 *   a notification to the external service (maintenance, cash transport, facility, security,
 *   cleaning);
 * - "Wo finde ich Infos zum Produkt xy?" → reply with the link to the bank's page;
 * - "Ich wurde von der Sparkasse über den Tisch gezogen." → preserve the post (screenshot) and
 *   alert the bank's escalation contact by mail, SMS and call, level by level.
 *
 * Classification is by keyword rules an agent can read; a post no rule matches is left to the
 * agent. Pure and deterministic.
 */
import { foldGerman, germanPattern, near } from './confidential-request';

// ---------------------------------------------------------------------------------------------
// Reaction types, their actions and their reaction times

/** The seed's reaction examples, in precedence order when a post matches several. */
export const SOCIAL_REACTION_TYPES = ['lost-card', 'reputation-risk', 'broken-atm', 'product-question'] as const;

/** A reaction type from the seed. */
export type SocialReactionType = (typeof SOCIAL_REACTION_TYPES)[number];

/** A reaction type, or `unclassified` when no rule matched and an agent decides. */
export type PostType = SocialReactionType | 'unclassified';

/** The external services a fault in the self-service area may need (seed: "externe Schnittstellen"). */
export const EXTERNAL_SERVICES = ['maintenance', 'cash-transport', 'facility', 'security', 'cleaning'] as const;

/** One external service. */
export type ExternalService = (typeof EXTERNAL_SERVICES)[number];

/** The services as the seed names them. */
export const EXTERNAL_SERVICE_LABELS: Readonly<Record<ExternalService, string>> = Object.freeze({
  maintenance: 'Wartungsdienst',
  'cash-transport': 'Werttransportunternehmen',
  facility: 'Haustechnik',
  security: 'Sicherheitsdienst',
  cleaning: 'Reinigungsdienst',
});

/** One thing the responder does for a post. */
export type SocialAction =
  /** Answer the post publicly with `text`. */
  | { readonly kind: 'public-reply'; readonly text: string }
  /** Answer with a link from the response pool, put in for {@link PRODUCT_LINK_PLACEHOLDER}. */
  | { readonly kind: 'reply-with-link'; readonly text: string }
  /** Notify the external services the classification names. */
  | { readonly kind: 'notify-external-service' }
  /** Keep the post as evidence (screenshot) before it is edited or deleted. */
  | { readonly kind: 'preserve-evidence' }
  /** Alert the bank's escalation chain (see {@link escalationStep}). */
  | { readonly kind: 'alert-escalation-chain' }
  /** No rule matched: an agent reads the post and decides. */
  | { readonly kind: 'agent-decides' };

/** How the bank reacts to one type of post. */
export interface SocialReaction {
  readonly type: PostType;
  /** The type as agents call it. */
  readonly label: string;
  /**
   * Minutes from the post to the reaction. Counted around the clock, weekends and holidays
   * included: the seed's reaction processes run "rund um die Uhr, an 7 Tagen in der Woche".
   */
  readonly reactionMinutes: number;
  readonly actions: readonly SocialAction[];
}

// The seed gives no minutes for social media, only "the more intense the interaction, the faster
// the reaction must be". These defaults rank the types by what waiting costs.

/** A lost card can be misused any minute: the hotline hint goes out first. */
export const LOST_CARD_REACTION_MINUTES = 15;
/** A public accusation spreads while it stands unanswered: evidence and the first alert at once. */
export const REPUTATION_RISK_REACTION_MINUTES = 30;
/** A broken ATM: the customer has already been turned away; the services need the notice early. */
export const BROKEN_ATM_REACTION_MINUTES = 60;
/** A product question is a sales chance, not an emergency. */
export const PRODUCT_QUESTION_REACTION_MINUTES = 240;
/** An unclassified post: an agent reads it within the hour, then it is one of the above or none. */
export const UNCLASSIFIED_REACTION_MINUTES = 60;

/** Where a product reply's link goes. */
export const PRODUCT_LINK_PLACEHOLDER = '{link}';

/** Reply texts, from the seed's examples. */
export const SOCIAL_REPLY_TEXTS = Object.freeze({
  lostCard:
    'Das tut uns leid! Bitte lassen Sie Ihre Karte sofort sperren – rund um die Uhr über den Sperr-Notruf 116 116 ' +
    '(aus dem Ausland: +49 116 116). Bitte posten Sie hier keine Karten- oder Kontodaten.',
  brokenAtm: 'Vielen Dank für Ihren Hinweis! Die Beseitigung der Störung wird umgehend veranlasst.',
  productQuestion: `Gern! Alle Informationen dazu finden Sie auf unserer Internetseite: ${PRODUCT_LINK_PLACEHOLDER}`,
});

/** Every type's reaction. */
export const SOCIAL_REACTIONS: Readonly<Record<PostType, SocialReaction>> = Object.freeze({
  'lost-card': {
    type: 'lost-card',
    label: 'Karte verloren',
    reactionMinutes: LOST_CARD_REACTION_MINUTES,
    actions: [{ kind: 'public-reply', text: SOCIAL_REPLY_TEXTS.lostCard }],
  },
  'reputation-risk': {
    type: 'reputation-risk',
    label: 'Reputationsrisiko',
    reactionMinutes: REPUTATION_RISK_REACTION_MINUTES,
    // No automatic public answer: what the bank says to an accusation is the escalation's call.
    actions: [{ kind: 'preserve-evidence' }, { kind: 'alert-escalation-chain' }],
  },
  'broken-atm': {
    type: 'broken-atm',
    label: 'Störung Geldautomat / SB-Bereich',
    reactionMinutes: BROKEN_ATM_REACTION_MINUTES,
    actions: [{ kind: 'public-reply', text: SOCIAL_REPLY_TEXTS.brokenAtm }, { kind: 'notify-external-service' }],
  },
  'product-question': {
    type: 'product-question',
    label: 'Produktfrage',
    reactionMinutes: PRODUCT_QUESTION_REACTION_MINUTES,
    actions: [{ kind: 'reply-with-link', text: SOCIAL_REPLY_TEXTS.productQuestion }],
  },
  unclassified: {
    type: 'unclassified',
    label: 'Nicht zugeordnet',
    reactionMinutes: UNCLASSIFIED_REACTION_MINUTES,
    actions: [{ kind: 'agent-decides' }],
  },
});

/** The instant the reaction to a post of `type` published at `postedAt` is due (around the clock). */
export function reactionDueAt(type: PostType, postedAt: Date): Date {
  return new Date(postedAt.getTime() + SOCIAL_REACTIONS[type].reactionMinutes * MS_PER_MINUTE);
}

/** The product reply with the link from the response pool filled in. */
export function productQuestionReply(link: string): string {
  return SOCIAL_REPLY_TEXTS.productQuestion.replace(PRODUCT_LINK_PLACEHOLDER, link);
}

// ---------------------------------------------------------------------------------------------
// Classification

/** A keyword rule: the post is of `type` when every pattern matches the folded text. */
export interface PostRule {
  /** Stable id, `type/name`, shown to the agent as the reason. */
  readonly id: string;
  readonly type: SocialReactionType;
  readonly all: readonly RegExp[];
}

/** What {@link classifyPost} found. */
export type PostClassification =
  | { readonly type: 'unclassified' }
  | {
      readonly type: SocialReactionType;
      /** The id of the first rule that matched. */
      readonly rule: string;
      /** Other types whose rules matched too, in precedence order, for the agent to handle as well. */
      readonly alsoMatched: readonly SocialReactionType[];
      /** Whom to notify when the post (also) reports a fault in the self-service area; else empty. */
      readonly externalServices: readonly ExternalService[];
    };

const CARD = 'karte|card';
const LOST = 'verlor|verlier|gestohl|geklaut|abhanden|vermiss';
const WALLET = 'portemonnaie|portmonee|portmonnaie|geldbörse|brieftasche|handtasche';
const DEVICE = '(?:geld|bank|einzahl|auszahl|kontoauszugs?)?automat|\\batm\\b|\\bsb-|kontoauszugsdrucker|foyer|selbstbedienung';

/** Keywords per external service; the broken-ATM rule needs a device and one of them. */
const SERVICE_KEYWORDS: Readonly<Record<ExternalService, string>> = {
  maintenance: 'kaputt|defekt|störung|gestört|außer\\s+betrieb|funktioniert\\s+nicht|geht\\s+nicht|eingezogen|fehlermeldung|spinnt',
  'cash-transport': '\\bleer\\b|kein\\s+(?:bar)?geld|nachfüll',
  facility: '\\btüre?n?\\b|\\blicht|heizung|klemmt|\\bdunkel',
  security: 'manipul|skimming|aufsatz|verdächtig|einbruch|aufgebrochen|überfall|randal|vandal',
  cleaning: 'verschmutzt|dreckig|schmutzig|\\bmüll|stinkt|\\bekelhaft',
};
const ANY_FAULT = Object.values(SERVICE_KEYWORDS).join('|');

/** The rules in precedence order: the first match decides the type. */
export const POST_RULES: readonly PostRule[] = Object.freeze([
  { id: 'lost-card/card-lost', type: 'lost-card', all: [germanPattern(CARD), germanPattern(LOST)] },
  { id: 'lost-card/wallet-lost', type: 'lost-card', all: [germanPattern(WALLET), germanPattern(LOST)] },
  {
    id: 'reputation-risk/accusation',
    type: 'reputation-risk',
    all: [
      germanPattern(
        'über\\s+den\\s+tisch\\s+gezogen|abgezockt|abzocke|betrüger|betrogen|ist\\s+(?:doch\\s+|ja\\s+|das\\s+)?betrug|reiner\\s+betrug|' +
          'verarsch|\\bwucher|halsabschneider|kriminell|unverschämt|frechheit|sauerei|skandal',
      ),
    ],
  },
  {
    id: 'reputation-risk/public-threat',
    type: 'reputation-risk',
    all: [germanPattern('verbraucherzentrale|\\b(?:rechts)?anwalt|\\bpresse\\b|zeitung|bafin|ombuds|schlichtungsstelle|verklag')],
  },
  {
    id: 'reputation-risk/churn-threat',
    type: 'reputation-risk',
    all: [germanPattern(`nie\\s+wieder|finger\\s+weg|schlechteste|kündige\\b|${near('konto', 'kündig|auflös', 2)}`)],
  },
  { id: 'broken-atm/device-fault', type: 'broken-atm', all: [germanPattern(DEVICE), germanPattern(ANY_FAULT)] },
  {
    id: 'product-question/info-request',
    type: 'product-question',
    all: [germanPattern('wo\\s+finde\\s+ich|\\binfos?\\b|informationen|mehr\\s+erfahren|\\bdetails\\b')],
  },
  {
    id: 'product-question/product-asked',
    type: 'product-question',
    all: [
      germanPattern('\\?|\\b(?:wie|was|wo|welche[mnrs]?|gibt\\s+es|habt\\s+ihr|haben\\s+sie|kann\\s+(?:man|ich))\\b'),
      germanPattern(
        'produkt|konto|tagesgeld|festgeld|sparplan|sparbuch|kredit|darlehen|finanzierung|bauspar|versicherung|depot|fonds|' +
          '\\bapp\\b|online-?banking|kondition|\\bzins|gebühr|kosten|angebot|tarif|riester',
      ),
    ],
  },
]);

/**
 * Classifies a post by {@link POST_RULES}: the first rule whose patterns all match decides the
 * type; a post no rule matches is `unclassified`, for the agent to decide.
 */
export function classifyPost(text: string): PostClassification {
  const folded = foldGerman(text);
  const matched = POST_RULES.filter((rule) => rule.all.every((pattern) => pattern.test(folded)));
  const first = matched[0];
  if (!first) return { type: 'unclassified' };
  const types = SOCIAL_REACTION_TYPES.filter((type) => matched.some((rule) => rule.type === type));
  return {
    type: first.type,
    rule: first.id,
    alsoMatched: types.filter((type) => type !== first.type),
    externalServices: types.includes('broken-atm') ? externalServicesFor(text) : [],
  };
}

/**
 * The external services a fault report needs, in the order of {@link EXTERNAL_SERVICES}: each
 * whose keywords the text contains, and maintenance when none does (the seed's example: a broken
 * ATM → "Information an Wartungsdienst").
 */
export function externalServicesFor(text: string): ExternalService[] {
  const folded = foldGerman(text);
  const services = EXTERNAL_SERVICES.filter((service) => SERVICE_PATTERNS[service].test(folded));
  return services.length > 0 ? services : ['maintenance'];
}

const SERVICE_PATTERNS: Readonly<Record<ExternalService, RegExp>> = {
  maintenance: germanPattern(SERVICE_KEYWORDS.maintenance),
  'cash-transport': germanPattern(SERVICE_KEYWORDS['cash-transport']),
  facility: germanPattern(SERVICE_KEYWORDS.facility),
  security: germanPattern(SERVICE_KEYWORDS.security),
  cleaning: germanPattern(SERVICE_KEYWORDS.cleaning),
};

// ---------------------------------------------------------------------------------------------
// Escalation

/** How a level is alerted (seed: "Mail, SMS, Anruf an Eskalationsstelle der Sparkasse"). */
export const ESCALATION_CHANNELS = ['mail', 'sms', 'call'] as const;

/** One way of alerting. */
export type EscalationChannel = (typeof ESCALATION_CHANNELS)[number];

/** One level of the bank's escalation chain (Reaktionskette). */
export interface EscalationLevel {
  /** Who is alerted: a role or an address-book entry of the bank. */
  readonly contact: string;
  readonly channels: readonly EscalationChannel[];
  /** Minutes this level has to acknowledge before the next level is alerted. */
  readonly ackWithinMinutes: number;
}

/**
 * A default chain, seed-shaped: first the bank's social media team ("Information an 'Social Media
 * Team' der Sparkasse entsprechend der festgelegten Reaktionskette"), then the escalation office by
 * mail and SMS, then by phone as well. Each bank configures its own contacts.
 */
export const DEFAULT_ESCALATION_CHAIN: readonly EscalationLevel[] = Object.freeze([
  { contact: 'Social-Media-Team', channels: ['mail'], ackWithinMinutes: 30 },
  { contact: 'Eskalationsstelle', channels: ['mail', 'sms'], ackWithinMinutes: 30 },
  { contact: 'Eskalationsstelle', channels: ['mail', 'sms', 'call'], ackWithinMinutes: 60 },
]);

/** Where an escalation stands. */
export type EscalationStep =
  | { readonly kind: 'acknowledged' }
  | {
      readonly kind: 'alert';
      /** The level whose turn it is, 1 for the first (as people count Eskalationsstufen). */
      readonly level: number;
      readonly contact: string;
      readonly channels: readonly EscalationChannel[];
      /** The wait, in minutes since the first alert, at which this level's time is up. */
      readonly untilMinutes: number;
    }
  | {
      /** Every level's time is up unacknowledged: the chain has nobody left; a supervisor must act. */
      readonly kind: 'exhausted';
      /** The last level. */
      readonly level: number;
      readonly contact: string;
    };

/** Thrown for a malformed escalation chain; `field` names the offending part, e.g. `levels[1].channels`. */
export class InvalidEscalationChainError extends RangeError {
  override readonly name = 'InvalidEscalationChainError';
  constructor(
    readonly field: string,
    /** What is wrong, without the field name. */
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

/**
 * Throws {@link InvalidEscalationChainError} unless the chain has at least one level, every level
 * a contact, known channels (at least one) and a positive time to acknowledge.
 */
export function validateEscalationChain(levels: readonly EscalationLevel[]): void {
  if (levels.length === 0) throw new InvalidEscalationChainError('levels', 'needs at least one level');
  levels.forEach((level, index) => {
    const field = `levels[${index}]`;
    if (level.contact.trim().length === 0) throw new InvalidEscalationChainError(`${field}.contact`, 'must not be empty');
    if (level.channels.length === 0) throw new InvalidEscalationChainError(`${field}.channels`, 'needs at least one channel');
    const unknown = level.channels.find((channel) => !(ESCALATION_CHANNELS as readonly string[]).includes(channel));
    if (unknown !== undefined) throw new InvalidEscalationChainError(`${field}.channels`, `"${unknown}" is not one of ${ESCALATION_CHANNELS.join(', ')}`);
    if (!Number.isFinite(level.ackWithinMinutes) || level.ackWithinMinutes <= 0) {
      throw new InvalidEscalationChainError(`${field}.ackWithinMinutes`, `${String(level.ackWithinMinutes)} must be positive`);
    }
  });
}

/**
 * Where the escalation of one post stands after `waitedMinutes` since the first alert: nothing to
 * do once acknowledged; otherwise the level whose time it is, each level getting its
 * `ackWithinMinutes` before the next is alerted (a wait exactly at a level's end belongs to the
 * next); past the last level, exhausted. A workflow alerts each level once, when it first sees
 * it, and sleeps until `untilMinutes` or an acknowledgement.
 *
 * @throws {InvalidEscalationChainError} for a malformed chain; {@link RangeError} for a negative wait.
 */
export function escalationStep(levels: readonly EscalationLevel[], acknowledged: boolean, waitedMinutes: number): EscalationStep {
  validateEscalationChain(levels);
  if (!Number.isFinite(waitedMinutes) || waitedMinutes < 0) throw new RangeError(`waitedMinutes: ${String(waitedMinutes)} is not a duration`);
  if (acknowledged) return { kind: 'acknowledged' };
  let until = 0;
  for (const [index, level] of levels.entries()) {
    until += level.ackWithinMinutes;
    if (waitedMinutes < until) {
      return { kind: 'alert', level: index + 1, contact: level.contact, channels: level.channels, untilMinutes: until };
    }
  }
  const last = levels[levels.length - 1]!;
  return { kind: 'exhausted', level: levels.length, contact: last.contact };
}

const MS_PER_MINUTE = 60_000;
