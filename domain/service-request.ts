/**
 * A service request the agent handled during a contact (issue 11, section 2), the refinement
 * decision taken for it, and the outcome the agent records when an offer was made. The API's
 * request bodies, the stored record and its snapshot (what the decision rested on, so any offer
 * can be explained later to an auditor or to the customer). Pure.
 */
import { z } from 'zod';
import { SERVICE_PROCESS_CODES, type CampaignOutcome, type ServiceProcess } from './campaign';
import type { CustomerFacts } from './campaign-criteria';
import type { CampaignVerdict } from './refinement';
import { APPOINTMENT_CHANNELS, StaffId } from './appointment';
import { CallbackRequestSchema, PreferredTimeSchema } from './callback';
import { CustomerId } from './identifiers';
import { freeText } from './text';

/** The channels a service request comes in by (the contact policy's words). */
export const SERVICE_CHANNELS = ['phone', 'messenger', 'email'] as const;

/** `POST /service-requests`. */
export const ServiceRequestBodySchema = z.strictObject({
  customerId: CustomerId,
  /** The contact (call, chat) the request was handled in; the console's contact id. */
  contactId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dots, dashes or underscores (1–64)'),
  process: z.enum(SERVICE_PROCESS_CODES),
  channel: z.enum(SERVICE_CHANNELS),
});
export type ServiceRequestBody = z.infer<typeof ServiceRequestBodySchema>;

/** `POST /service-requests/{id}/outcome`: what the customer said to the offer, and what it needs. */
export const ServiceRequestOutcomeSchema = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('interested-transfer'),
    /** The running call to transfer (the telephony's call id); without one, the Direktberatung calls back. */
    callId: CallbackRequestSchema.shape.callId,
    note: freeText(0, 500).optional(),
  }),
  z.strictObject({
    outcome: z.literal('interested-callback'),
    preferredTime: PreferredTimeSchema.default({ asap: true }),
    note: freeText(0, 500).optional(),
  }),
  z.strictObject({
    outcome: z.literal('interested-appointment'),
    /** The slot the agent booked with the customer (from `GET /appointment-slots`). */
    appointment: z.strictObject({
      advisorId: StaffId,
      start: z.iso.datetime({ offset: true }),
      channel: z.enum(APPOINTMENT_CHANNELS),
    }),
    note: freeText(0, 500).optional(),
  }),
  z.strictObject({ outcome: z.literal('not-interested'), note: freeText(0, 500).optional() }),
  z.strictObject({ outcome: z.literal('maybe-later'), note: freeText(0, 500).optional() }),
]);
export type ServiceRequestOutcome = z.infer<typeof ServiceRequestOutcomeSchema>;


/** What the decision rested on: enough to explain it later, with the versions it used. */
export interface DecisionSnapshot {
  at: string;
  process: ServiceProcess;
  channel: (typeof SERVICE_CHANNELS)[number];
  minor: boolean;
  facts: CustomerFacts;
  /** The campaign versions the request triggered (live at `at`). */
  campaigns: Array<{ campaignId: string; version: number }>;
  verdicts: CampaignVerdict[];
  offered?: { campaignId: string; version: number };
}

/** What the agent recorded to the offer, and where it led. */
export interface RecordedOutcome {
  outcome: CampaignOutcome;
  at: string;
  by: string;
  note?: string;
  /** The process it started (callback, appointment, block), if any. */
  followUp?: { kind: 'callback' | 'appointment' | 'contact-block'; id: string; workflowId?: string };
}

/** A service request as stored. */
export interface ServiceRequestRecord {
  id: string;
  customerId: string;
  contactId: string;
  process: ServiceProcess;
  channel: (typeof SERVICE_CHANNELS)[number];
  agentId: string;
  decidedAt: string;
  snapshot: DecisionSnapshot;
  outcome?: RecordedOutcome;
}
