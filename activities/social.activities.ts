/**
 * Activities of social-media reaction cases (issue 13, section 3): the public reply on the
 * bank's presence, SMS to the escalation chain, the evidence of a reputation-risk post (its
 * SHA-256 in the audit trail), and the case's steps in the audit trail. Email goes through the
 * email outbox (`sendEmail`).
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { SocialMediaError } from '../adapters/social-media/social-media.port';
import { SmsError } from '../adapters/sms/sms.port';
import { evidenceDigestInput, type SocialEvidence, type SocialNetwork } from '../domain/social-case';
import type { ProcessAuditLog, Sms, SocialMedia } from './ports';

export interface SocialActivityDeps {
  socialMedia: SocialMedia;
  sms: Sms;
  processAudit: ProcessAuditLog;
}

/** Failure types of the sends (permanent: no retry sends them). */
export const SocialSendErrors = {
  ReplyRejected: 'SOCIAL_REPLY_REJECTED',
  SmsRejected: 'SMS_REJECTED',
} as const;

export function createSocialActivities({ socialMedia, sms, processAudit }: SocialActivityDeps) {
  return {
    /** Publishes the public reply once per key; the gateway refusing it for good is permanent. */
    async publishSocialReply(input: { network: SocialNetwork; postId: string; text: string; idempotencyKey: string }): Promise<{ replyId: string }> {
      try {
        return await socialMedia.reply(input);
      } catch (error) {
        if (error instanceof SocialMediaError && !error.retryable) throw ApplicationFailure.create({ type: SocialSendErrors.ReplyRejected, message: error.message, nonRetryable: true });
        throw error;
      }
    },

    /** One SMS to an escalation contact, once per key. */
    async sendSocialSms(input: { to: string; text: string; idempotencyKey: string }): Promise<{ messageId: string }> {
      try {
        return await sms.send(input);
      } catch (error) {
        if (error instanceof SmsError && !error.retryable) throw ApplicationFailure.create({ type: SocialSendErrors.SmsRejected, message: error.message, nonRetryable: true });
        throw error;
      }
    },

    /**
     * Preserves a post as evidence: the SHA-256 of its time and text (`evidenceDigestInput`) goes
     * into the append-only audit trail with the capture time; the text itself stays in the
     * case's encrypted state. Recording it twice keeps one entry.
     */
    async preserveSocialEvidence(input: { caseId: string; content: string; postedAt: string; capturedAt: string }): Promise<SocialEvidence> {
      const sha256 = createHash('sha256').update(evidenceDigestInput(input), 'utf8').digest('hex');
      await processAudit.record({
        key: `${input.caseId}/evidence`,
        at: new Date(input.capturedAt),
        actor: 'system',
        action: 'social-case.evidence-preserved',
        objectType: 'social-case',
        objectId: input.caseId,
        detail: { sha256, postedAt: input.postedAt, capturedAt: input.capturedAt, algorithm: 'sha256(postedAt + "\\n" + text)' },
      });
      return { content: input.content, postedAt: input.postedAt, capturedAt: input.capturedAt, sha256 };
    },

    /** One step of a case in the audit trail (ids, types, levels: never the text or the author). */
    async recordSocialStep(input: { caseId: string; key: string; action: string; at: string; actor?: string; detail: Record<string, string | number | boolean | null | string[]> }): Promise<void> {
      await processAudit.record({ key: `${input.caseId}/${input.key}`, at: new Date(input.at), actor: input.actor ?? 'system', action: input.action, objectType: 'social-case', objectId: input.caseId, detail: input.detail });
    },
  };
}
