/**
 * Advertising consent (Werbeeinverständnis, DESIGN.md process 5). UWG §7 forbids advertising
 * calls to consumers without prior express consent; GDPR Art. 7 requires the bank to prove it.
 * The evidence records here are that proof. Shared by API, workflow and activities.
 */
import { z } from 'zod';
import { freeText } from './text';
import { ContactId, CustomerId } from './identifiers';
import type { TaskBoardSettings } from './task';

/** Channels a consent (and a contact) can be about; core banking's port uses the same. */
export const CONSENT_CHANNELS = ['phone', 'email', 'letter', 'messenger'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
/** Channels the consent question asks about (UWG §7: phone and email advertising need consent). */
export const ASKED_CHANNELS: ConsentChannel[] = ['phone', 'email'];

/** What the customer answered, or a withdrawal. */
export type ConsentAnswerKind = 'yes' | 'no' | 'undecided' | 'withdrawn';

/** One proof record: who decided what, when, through whom, after which exact wording. */
export interface ConsentEvidenceRecord {
  id: string;
  customerId: string;
  purpose: 'advertising';
  channel: ConsentChannel;
  /** The decision's effect: true only for `yes`. */
  granted: boolean;
  answer: ConsentAnswerKind;
  decidedAt: string;
  agentId?: string;
  contactId?: string;
  scriptVersion?: number;
  /** SHA-256 (hex) of the exact wording shown to the customer. */
  wordingSha256?: string;
  workflowId: string;
  /** Core banking's id once the decision was written through. */
  coreBankingId?: string;
}

/** The consent question and the prepared answers to objections (seed 000). */
export const ConsentScriptContentSchema = z.strictObject({
  question: freeText(20, 4000),
  objectionAnswers: z
    .array(z.strictObject({ objection: freeText(3, 500), answer: freeText(10, 2000) }))
    .min(1)
    .max(30),
});
export type ConsentScriptContent = z.infer<typeof ConsentScriptContentSchema>;

export interface ConsentScript extends ConsentScriptContent {
  version: number;
  createdBy: string;
  createdAt: string;
}

/** The REST body of a consent check. */
export const ConsentCheckRequestSchema = z.strictObject({
  customerId: CustomerId,
  /** The contact (call, chat) during which the agent asks. */
  contactId: ContactId,
  /** The channel of the current contact. */
  channel: z.enum(CONSENT_CHANNELS),
});
export type ConsentCheckRequest = z.infer<typeof ConsentCheckRequestSchema>;

/** The agent's record of the customer's answer. */
export const ConsentAnswerSchema = z.discriminatedUnion('answer', [
  z.strictObject({ answer: z.literal('yes'), channels: z.array(z.enum(['phone', 'email'])).min(1) }),
  z.strictObject({ answer: z.literal('no') }),
  z.strictObject({ answer: z.literal('undecided') }),
]);
export type ConsentAnswer = z.infer<typeof ConsentAnswerSchema>;

/** A consent as it stands now on one channel, and where that comes from. */
export interface CurrentConsent {
  channel: ConsentChannel;
  granted: boolean;
  recordedAt: string;
  source: 'core-banking' | 'evidence';
}

const CHANNEL_ORDER: readonly ConsentChannel[] = ['phone', 'email', 'letter', 'messenger'];
/** Answers that are decisions; `undecided` is none. */
const DECIDING_ANSWERS: ReadonlySet<ConsentAnswerKind> = new Set(['yes', 'no', 'withdrawn']);

/**
 * The advertising consent decision a piece of evidence records, or none (another purpose, or an
 * `undecided` answer). The answer is the decision: only a `yes` grants, whatever else a row says.
 */
export function evidenceDecision(record: Pick<ConsentEvidenceRecord, 'purpose' | 'channel' | 'answer' | 'decidedAt'>): { channel: ConsentChannel; granted: boolean; recordedAt: string } | undefined {
  if (record.purpose !== 'advertising' || !DECIDING_ANSWERS.has(record.answer)) return undefined;
  return { channel: record.channel, granted: record.answer === 'yes', recordedAt: record.decidedAt };
}

/**
 * The consent that stands per channel: core banking's record and Drehscheibe's evidence merged,
 * the newest decision wins. A withdrawal recorded here counts at once, before core banking has it
 * (UWG §7: a withdrawn consent must be honoured immediately). On equal times a refusal wins,
 * because doubt must not become consent; of two equal decisions the evidence is shown, since it
 * is the proof (a written-through decision carries the same time in both).
 */
export function currentConsents(
  coreBanking: ReadonlyArray<{ purpose?: string; channel: ConsentChannel; granted: boolean; recordedAt: string }>,
  evidence: ReadonlyArray<Pick<ConsentEvidenceRecord, 'purpose' | 'channel' | 'answer' | 'decidedAt'>>,
): CurrentConsent[] {
  const candidates: CurrentConsent[] = [
    ...coreBanking
      .filter((consent) => (consent.purpose ?? 'advertising') === 'advertising')
      .map((consent) => ({ channel: consent.channel, granted: consent.granted, recordedAt: consent.recordedAt, source: 'core-banking' as const })),
    ...evidence.flatMap((record) => {
      const decision = evidenceDecision(record);
      return decision ? [{ ...decision, source: 'evidence' as const }] : [];
    }),
  ];
  const current = new Map<ConsentChannel, CurrentConsent>();
  for (const candidate of candidates) {
    const held = current.get(candidate.channel);
    if (!held || supersedes(candidate, held)) current.set(candidate.channel, candidate);
  }
  return CHANNEL_ORDER.flatMap((channel) => {
    const consent = current.get(channel);
    return consent ? [{ ...consent, recordedAt: new Date(consent.recordedAt).toISOString() }] : [];
  });
}

function supersedes(candidate: CurrentConsent, held: CurrentConsent): boolean {
  const time = Date.parse(candidate.recordedAt);
  const heldTime = Date.parse(held.recordedAt);
  if (time !== heldTime) return time > heldTime;
  if (candidate.granted !== held.granted) return !candidate.granted;
  return candidate.source === 'evidence';
}

/** What a consent check found, before the agent asks. */
export interface ConsentSituation {
  known: boolean;
  minor: boolean;
  consents: CurrentConsent[];
  /** The newest "no" on file, if any. */
  lastDeclinedAt?: string;
  script: { version: number; question: string; objectionAnswers: ConsentScriptContent['objectionAnswers']; wordingSha256: string };
}

/** The answer to "should the agent ask?" */
export type ConsentCheckDecision =
  | { ask: true; missingChannels: ConsentChannel[]; scriptVersion: number; script: { question: string; objectionAnswers: ConsentScriptContent['objectionAnswers'] } }
  | { ask: false; reason: string; code: 'unknown-customer' | 'minor' | 'already-granted' | 'declined-recently' };

export interface ConsentCheckInput {
  checkId: string;
  request: ConsentCheckRequest;
  agentId: string;
  settings: { declineMonths: number; answerTimeoutMinutes: number };
  /** Where repair tasks go when the decision cannot be written through (optional for old checks). */
  tasks?: TaskBoardSettings;
}

/** `unavailable`: the situation could not be loaded; the check failed and may be run again. */
export type ConsentCheckStatus = 'checking' | 'asking' | 'writing-through' | 'done' | 'not-asked' | 'unanswered' | 'unavailable';

export interface ConsentCheckState {
  checkId: string;
  customerId: string;
  contactId: string;
  /** The agent who opened the check: only they (or a supervisor) record the answer. */
  openedBy?: string;
  status: ConsentCheckStatus;
  decision?: ConsentCheckDecision;
  answer?: ConsentAnswer['answer'];
  evidence: ConsentEvidenceRecord[];
}

export const ConsentErrors = {
  NotAsking: 'ConsentCheckNotAsking',
  /** The customer's consent situation could not be loaded: try the check again (503). */
  Unavailable: 'ConsentSituationUnavailable',
} as const;

/** The REST body of a withdrawal. */
export const WithdrawalRequestSchema = z.strictObject({
  channels: z.array(z.enum(CONSENT_CHANNELS)).min(1).max(4),
  contactId: ContactId.optional(),
});
export type WithdrawalRequest = z.infer<typeof WithdrawalRequestSchema>;

export interface WithdrawalInput {
  customerId: string;
  request: WithdrawalRequest;
  agentId: string;
  /** Where a repair task goes when core banking never takes the withdrawal (optional for old ones). */
  tasks?: TaskBoardSettings;
}
