/**
 * Advertising consent (Werbeeinverständnis, DESIGN.md process 5). UWG §7 forbids advertising
 * calls to consumers without prior express consent; GDPR Art. 7 requires the bank to prove it.
 * The evidence records here are that proof. Shared by API, workflow and activities.
 */
import { z } from 'zod';
import type { ConsentChannel } from '../adapters/core-banking/core-banking.port';
import { CustomerId } from './identifiers';

export type { ConsentChannel };
export const CONSENT_CHANNELS = ['phone', 'email', 'letter', 'messenger'] as const;
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
  question: z.string().trim().min(20).max(4000),
  objectionAnswers: z
    .array(z.strictObject({ objection: z.string().trim().min(3).max(500), answer: z.string().trim().min(10).max(2000) }))
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
  contactId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be 1 to 64 letters, digits or dashes'),
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

/**
 * The consent that stands per channel: the newest decision of core banking's record and
 * Drehscheibe's own evidence. A decision recorded here (a withdrawal above all) counts at once,
 * before core banking has it; `undecided` is no decision. On equal times a refusal wins.
 */
export function currentConsents(
  coreBanking: Array<{ channel: ConsentChannel; granted: boolean; recordedAt: string }>,
  evidence: Array<Pick<ConsentEvidenceRecord, 'channel' | 'granted' | 'answer' | 'decidedAt'>>,
): CurrentConsent[] {
  const candidates: CurrentConsent[] = [
    ...coreBanking.map((c) => ({ channel: c.channel, granted: c.granted, recordedAt: c.recordedAt, source: 'core-banking' as const })),
    ...evidence
      .filter((e) => e.answer !== 'undecided')
      .map((e) => ({ channel: e.channel, granted: e.granted, recordedAt: e.decidedAt, source: 'evidence' as const })),
  ];
  const byChannel = new Map<ConsentChannel, CurrentConsent>();
  for (const candidate of candidates) {
    const current = byChannel.get(candidate.channel);
    const newer = !current || Date.parse(candidate.recordedAt) > Date.parse(current.recordedAt);
    const tieRefusal = current && Date.parse(candidate.recordedAt) === Date.parse(current.recordedAt) && !candidate.granted;
    if (newer || tieRefusal) byChannel.set(candidate.channel, candidate);
  }
  return [...byChannel.values()].sort((a, b) => a.channel.localeCompare(b.channel));
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
}

export type ConsentCheckStatus = 'checking' | 'asking' | 'writing-through' | 'done' | 'not-asked' | 'unanswered';

export interface ConsentCheckState {
  checkId: string;
  customerId: string;
  contactId: string;
  status: ConsentCheckStatus;
  decision?: ConsentCheckDecision;
  answer?: ConsentAnswer['answer'];
  evidence: ConsentEvidenceRecord[];
}

export const ConsentErrors = {
  NotAsking: 'ConsentCheckNotAsking',
} as const;

/** The REST body of a withdrawal. */
export const WithdrawalRequestSchema = z.strictObject({
  channels: z.array(z.enum(CONSENT_CHANNELS)).min(1).max(4),
  contactId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be 1 to 64 letters, digits or dashes').optional(),
});
export type WithdrawalRequest = z.infer<typeof WithdrawalRequestSchema>;

export interface WithdrawalInput {
  customerId: string;
  request: WithdrawalRequest;
  agentId: string;
}
