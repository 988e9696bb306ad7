/**
 * Social-media reaction cases (issue 13, section 3): a post, comment or message on one of the
 * bank's social-media presences becomes one case, classified into the seed's reaction types
 * (`domain/social-reaction.ts`), answered within the type's reaction time around the clock, and
 * for a reputation risk preserved as evidence and escalated along the bank's chain until someone
 * acknowledges it. Shared by the workflow, its activities and the API. Pure.
 */
import { z } from 'zod';
import {
  ESCALATION_CHANNELS,
  EXTERNAL_SERVICES,
  SOCIAL_REACTION_TYPES,
  validateEscalationChain,
  type EscalationChannel,
  type EscalationLevel,
  type ExternalService,
  type PostType,
  type SocialReactionType,
} from './social-reaction';
import { freeText, name } from './text';

/** The networks the bank is present on. */
export const SOCIAL_NETWORKS = ['facebook', 'instagram', 'x', 'linkedin', 'youtube', 'tiktok'] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];

/** A network's own id of a post: letters, digits, `_` and `-` (Facebook's `123_456`), no personal data. */
export const SocialPostId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1 to 100 letters, digits, _ or -');

/** One entry as the social-media webhook delivers it. The author and the text are personal data. */
export const SocialPostSchema = z.strictObject({
  network: z.enum(SOCIAL_NETWORKS),
  postId: SocialPostId,
  kind: z.enum(['post', 'comment', 'message']),
  author: z.strictObject({ handle: name(100), name: name(200).optional() }),
  text: freeText(1, 5000),
  postedAt: z.iso.datetime({ offset: true, error: 'must be an ISO date-time with offset' }),
});
export type SocialPost = z.infer<typeof SocialPostSchema>;

/** The case's workflow id: network and the network's post id, no personal data. */
export function socialCaseId(network: SocialNetwork, postId: string): string {
  return `social-case:${network}~${postId}`;
}

/** `social-case:{network}~{postId}`, as the API takes it. */
export const SOCIAL_CASE_ID = new RegExp(`^social-case:(${SOCIAL_NETWORKS.join('|')})~[A-Za-z0-9_-]{1,100}$`);

/** One level of the bank's chain with where it is reached. */
export interface SocialEscalationLevel extends EscalationLevel {
  /** Mailboxes of the level (required with channel `mail`). */
  readonly email: readonly string[];
  /** Mobile number for SMS (E.164; required with channel `sms`). */
  readonly phone?: string;
}

/** Thrown for an escalation chain written wrongly in configuration; names the level. */
export class InvalidSocialChainError extends RangeError {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'InvalidSocialChainError';
  }
}

const E164 = /^\+[1-9][0-9]{6,14}$/;

/**
 * `contact|emails|phone|channels|minutes; …`, e.g.
 * `Social-Media-Team|social@bank.example||mail|30; Eskalationsstelle|eskalation@bank.example|+4951211111|mail+sms|30`:
 * emails separated by `,`, channels by `+` (mail, sms, call), minutes to acknowledge.
 */
export function socialEscalationChainFromSpec(spec: string): SocialEscalationLevel[] {
  const levels = spec.split(';').map((part) => part.trim()).filter(Boolean).map((entry, index): SocialEscalationLevel => {
    const parts = entry.split('|').map((part) => part.trim());
    if (parts.length !== 5) throw new InvalidSocialChainError(`level ${index + 1} "${entry}" is not contact|emails|phone|channels|minutes`);
    const [contact, emails, phone, channels, minutes] = parts as [string, string, string, string, string];
    const email = emails.split(',').map((address) => address.trim()).filter(Boolean);
    const bad = email.find((address) => !z.email().safeParse(address).success);
    if (bad !== undefined) throw new InvalidSocialChainError(`level ${index + 1}: "${bad}" is not an email address`);
    if (phone !== '' && !E164.test(phone)) throw new InvalidSocialChainError(`level ${index + 1}: "${phone}" is not a phone number in E.164 (+49…)`);
    const list = channels.split('+').map((channel) => channel.trim()).filter(Boolean);
    const unknown = list.find((channel) => !(ESCALATION_CHANNELS as readonly string[]).includes(channel));
    if (unknown !== undefined) throw new InvalidSocialChainError(`level ${index + 1}: channel "${unknown}" is not one of ${ESCALATION_CHANNELS.join(', ')}`);
    if (!/^\d{1,5}$/.test(minutes)) throw new InvalidSocialChainError(`level ${index + 1}: "${minutes}" is not a number of minutes`);
    const level: SocialEscalationLevel = { contact, channels: list as EscalationChannel[], ackWithinMinutes: Number(minutes), email, ...(phone ? { phone } : {}) };
    if (level.channels.includes('mail') && email.length === 0) throw new InvalidSocialChainError(`level ${index + 1}: channel mail needs an email address`);
    if (level.channels.includes('sms') && !level.phone) throw new InvalidSocialChainError(`level ${index + 1}: channel sms needs a phone number`);
    return level;
  });
  try {
    validateEscalationChain(levels);
  } catch (error) {
    throw new InvalidSocialChainError(error instanceof Error ? error.message : String(error));
  }
  return levels;
}

/** The default chain: `DEFAULT_ESCALATION_CHAIN`'s levels with the embedded default's addresses. */
export const DEFAULT_SOCIAL_ESCALATION_CHAIN_SPEC =
  'Social-Media-Team|social-media@sparkasse.example||mail|30; ' +
  'Eskalationsstelle|eskalation@sparkasse.example|+4951210000000|mail+sms|30; ' +
  'Eskalationsstelle|eskalation@sparkasse.example,vorstandsstab@sparkasse.example|+4951210000000|mail+sms+call|60';

/** `service=emails;…`, e.g. `maintenance=wartung@dienst.example;cash-transport=wt@dienst.example`. */
export function externalServiceContactsFromSpec(spec: string): Partial<Record<ExternalService, string[]>> {
  const contacts: Partial<Record<ExternalService, string[]>> = {};
  for (const entry of spec.split(';').map((part) => part.trim()).filter(Boolean)) {
    const at = entry.indexOf('=');
    const service = entry.slice(0, Math.max(0, at)).trim();
    if (at < 0 || !(EXTERNAL_SERVICES as readonly string[]).includes(service)) {
      throw new InvalidSocialChainError(`"${entry}" is not service=emails (services: ${EXTERNAL_SERVICES.join(', ')})`);
    }
    const emails = entry.slice(at + 1).split(',').map((address) => address.trim()).filter(Boolean);
    const bad = emails.find((address) => !z.email().safeParse(address).success);
    if (emails.length === 0 || bad !== undefined) throw new InvalidSocialChainError(`"${entry}": ${bad === undefined ? 'needs an email address' : `"${bad}" is not an email address`}`);
    contacts[service as ExternalService] = emails;
  }
  return contacts;
}

export const DEFAULT_EXTERNAL_SERVICES_SPEC =
  'maintenance=wartung@dienstleister.example;cash-transport=werttransport@dienstleister.example;facility=haustechnik@sparkasse.example;' +
  'security=sicherheitsdienst@dienstleister.example;cleaning=reinigung@dienstleister.example';

/** A case's settings, from configuration (travels in the workflow's input). */
export interface SocialCaseSettings {
  /** The social-media team's task queue. */
  queue: string;
  /** The link a product question's reply points to. */
  productLink: string;
  externalServices: Partial<Record<ExternalService, string[]>>;
  escalationChain: SocialEscalationLevel[];
}

/**
 * The social-media team's result: the type as the agent confirms or changes it (`no-reaction`:
 * spam, nothing to do), the reply text when the agent changes the proposed one (absent: the
 * proposal is approved), and for a broken ATM the services to notify.
 */
export const SocialReactionResultSchema = z
  .strictObject({
    type: z.enum([...SOCIAL_REACTION_TYPES, 'no-reaction']).meta({ title: 'Art des Eintrags' }),
    reply: freeText(1, 2000).optional().meta({ title: 'Öffentliche Antwort', description: 'Leer lassen, um den Vorschlag zu senden. Bei Reputationsrisiko nur auf Weisung der Eskalationsstelle.' }),
    externalServices: z.array(z.enum(EXTERNAL_SERVICES)).max(EXTERNAL_SERVICES.length).optional().meta({ title: 'Externe Dienstleister (Störung)' }),
    note: freeText(0, 1000).optional().meta({ title: 'Notiz' }),
  })
  .meta({ title: 'Social-Media-Reaktion', description: 'Art bestätigen oder ändern und die Antwort freigeben.' });
export type SocialReactionResult = z.infer<typeof SocialReactionResultSchema>;

/** One thing that happened in a case, for the case's page (no post text). */
export interface SocialCaseStep {
  at: string;
  step: string;
  by: string;
  detail?: string;
}

/** One alert of the escalation chain. */
export interface SocialAlert {
  level: number;
  contact: string;
  at: string;
  channels: EscalationChannel[];
  /** What was sent: email to, SMS to, or `call` noted for a person to make. */
  sent: string[];
}

export interface SocialEvidence {
  content: string;
  postedAt: string;
  capturedAt: string;
  /** SHA-256 (hex) of {@link evidenceDigestInput}. */
  sha256: string;
}

/** What the SHA-256 of a case's evidence is taken over: the post's time and text, as received. */
export function evidenceDigestInput(evidence: { content: string; postedAt: string }): string {
  return `${evidence.postedAt}\n${evidence.content}`;
}

export type SocialCaseStatus = 'waiting-for-team' | 'waiting-for-acknowledgement' | 'done' | 'cancelled';

export interface SocialCaseState {
  caseId: string;
  network: SocialNetwork;
  postId: string;
  kind: SocialPost['kind'];
  author: SocialPost['author'];
  text: string;
  postedAt: string;
  receivedAt: string;
  /** What the rules found. */
  classified: { type: PostType; rule?: string; alsoMatched: SocialReactionType[]; externalServices: ExternalService[] };
  /** The type now (the agent's, once the task is completed). */
  type: PostType | 'no-reaction';
  /** When the reaction is due (the type's reaction time from the post, around the clock). */
  dueAt: string;
  status: SocialCaseStatus;
  taskId?: string;
  reply?: { text: string; at: string; by: string; replyId?: string; failed?: string };
  notified: Array<{ service: ExternalService; to: string[]; at: string }>;
  evidence?: SocialEvidence;
  escalation?: {
    status: 'running' | 'acknowledged' | 'exhausted';
    startedAt: string;
    alerts: SocialAlert[];
    acknowledgedBy?: string;
    acknowledgedAt?: string;
    exhaustedAt?: string;
  };
  steps: SocialCaseStep[];
}

/** Failure types of the case's update (the API maps them to 409). */
export const SocialCaseErrors = {
  NotEscalating: 'SOCIAL_CASE_NOT_ESCALATING',
  Closed: 'SOCIAL_CASE_CLOSED',
} as const;

/** The embedded default's settings (configuration replaces them: platform/config.ts `socialSettingsOf`). */
export const DEFAULT_SOCIAL_CASE_SETTINGS: SocialCaseSettings = {
  queue: 'social-media',
  productLink: 'https://www.sparkasse.example/privatkunden/produkte',
  externalServices: externalServiceContactsFromSpec(DEFAULT_EXTERNAL_SERVICES_SPEC),
  escalationChain: socialEscalationChainFromSpec(DEFAULT_SOCIAL_ESCALATION_CHAIN_SPEC),
};
