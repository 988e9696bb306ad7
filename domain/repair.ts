/**
 * Repair tasks (DESIGN.md "Human tasks"): when a process fails in a way that leaves the bank
 * inconsistent (a withdrawal not written through, a customer email rejected, a process closed
 * with tasks open), operations get a task with what went wrong, and an alert line with a stable
 * code goes to the log. The codes are the runbook's index (README "Alerts").
 */
import { z } from 'zod';
import { freeText } from './text';

export const RepairCodes = {
  /** A callback process failed for good: the customer's callback request may be unanswered. */
  CallbackFailed: 'CALLBACK_FAILED',
  /** The Direktberatung mailbox rejected the callback message (the task is in the inbox all the same). */
  CallbackMailboxRejected: 'CALLBACK_MAILBOX_EMAIL_REJECTED',
  /** An email to a customer was rejected for good (address wrong or mailbox closed). */
  CustomerEmailRejected: 'CUSTOMER_EMAIL_REJECTED',
  /** A consent answer is stored as evidence but core banking never took it. */
  ConsentNotWrittenThrough: 'CONSENT_NOT_WRITTEN_THROUGH',
  /** A withdrawal is honoured by the contact policy but core banking still shows the consent. */
  WithdrawalNotWrittenThrough: 'CONSENT_WITHDRAWAL_NOT_WRITTEN_THROUGH',
  /** A process was terminated (or timed out) with tasks open; the reconciler closed them. */
  ProcessClosedWithOpenTasks: 'PROCESS_CLOSED_WITH_OPEN_TASKS',
  /** An after-sales care call failed for good: the customer may not have been asked. */
  CareCallFailed: 'CARE_CALL_FAILED',
  /** An appointment process failed (or was cancelled with its slot not released): the calendar may be wrong. */
  AppointmentFailed: 'APPOINTMENT_FAILED',
  /**
   * An appointment's letter (confirmation, change or cancel to the customer, notice to the
   * advisor) or its contact-history entry could not be delivered within the delivery bound: the
   * appointment stands in the calendar, but the customer may not know of it.
   */
  AppointmentLetterFailed: 'APPOINTMENT_LETTER_FAILED',
  /** An email address or mobile number the customer gave during a contact never reached core banking. */
  ContactDataNotWrittenThrough: 'CONTACT_DATA_NOT_WRITTEN_THROUGH',
  /** A campaign run's contact failed for good: the customer may not have been called, or its follow-up not started. */
  CampaignContactFailed: 'CAMPAIGN_CONTACT_FAILED',
  /**
   * A campaign run's process ended without ending the run (terminated, timed out, failed): the
   * reconciler cancels its contacts, but the run stopped where it stood.
   */
  CampaignRunProcessGone: 'CAMPAIGN_RUN_PROCESS_GONE',
  /**
   * A customer conversation's process ended without being closed (terminated, failed): the chat
   * router freed its agent's place, but the customer may still wait for an answer.
   */
  ConversationProcessGone: 'CONVERSATION_PROCESS_GONE',
  /**
   * A reputation-risk post's escalation chain ran out: no level acknowledged the alert in time.
   * The post is preserved as evidence; somebody in charge must still take it on.
   */
  SocialEscalationExhausted: 'SOCIAL_ESCALATION_EXHAUSTED',
  /** A social-media reaction case failed for good: the post may be unanswered. */
  SocialCaseFailed: 'SOCIAL_CASE_FAILED',
} as const;
export type RepairCode = (typeof RepairCodes)[keyof typeof RepairCodes];

/** What a process tells operations when it needs a repair. No personal free text. */
export interface RepairRequest {
  code: RepairCode;
  /** One sentence for the operator (German), without personal data beyond the customer number. */
  problem: string;
  /** The process that needs the repair. */
  sourceWorkflowId: string;
  customerId?: string;
}

/** One repair process per source process and code: a repeated request finds the running one. */
export function repairWorkflowId(sourceWorkflowId: string, code: RepairCode): string {
  return `repair:${sourceWorkflowId}~${code}`;
}

/** What the operator records when the repair is done (titles: the German labels of its form). */
export const RepairResultSchema = z
  .strictObject({
    resolution: z.enum(['fixed', 'no-action-needed']).meta({ title: 'Erledigung' }),
    note: freeText(1, 1000).meta({ title: 'Notiz', description: 'Was getan wurde, oder warum nichts zu tun war.' }),
  })
  .meta({ title: 'Reparatur', description: 'Wie das Problem erledigt wurde.' });
export type RepairResult = z.infer<typeof RepairResultSchema>;

/** An alert line: a stable code and the process, for the operator's pager and the runbook. */
export interface Alert {
  code: RepairCode | string;
  workflowId: string;
  message: string;
}
