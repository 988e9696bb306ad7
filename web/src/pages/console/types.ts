/**
 * The API answers the contact console reads, as the API documents them (api/openapi.ts). Only the
 * fields the console shows are typed.
 */

export type Channel = 'phone' | 'email' | 'letter' | 'messenger';
export type Purpose = 'service' | 'advertising' | 'care';

/** `GET /customers/{id}`. */
export interface CustomerSummary {
  customerId: string;
  name: { givenName: string; familyName: string };
  minor: boolean;
  segment: string;
  branchId: string;
  advisor: { name: string };
  products: Array<{ product: string; since: string }>;
  coreBankingConsents: Array<{ channel: Channel; granted: boolean; recordedAt: string }>;
  /** The contact details core banking has no value for (never the values): the console asks for them. */
  missing: ContactField[];
}

/** A contact detail the console can capture for core banking. */
export type ContactField = 'email' | 'phone';

/** `POST /customers/{id}/contact-data` (202): the write-through to core banking has started. */
export interface ContactDataAccepted {
  customerId: string;
  contactId: string;
  fields: ContactField[];
  updateId: string;
  status: 'writing-through';
}

/** An interest from the bank's list, e.g. `{ code: 'immobilienkauf', label: 'plant Immobilienkauf' }`. */
export interface Interest {
  code: string;
  label: string;
}

/** `GET /interests`. */
export interface InterestList {
  interests: Interest[];
}

/** `POST /customers/{id}/profile-notes` (201) and an entry of `GET /customers/{id}/profile-notes`. */
export interface ProfileNote {
  id: string;
  customerId: string;
  contactId: string;
  interests: Interest[];
  note?: string;
  recordedBy: string;
  recordedAt: string;
  /** The notice to the customer's advisors: to read, not a task. */
  notice: { queue: string; readAt?: string; readBy?: string };
}

/** `GET /customers/{id}/profile-notes`. */
export interface ProfileNoteList {
  profileNotes: ProfileNote[];
}

/** A consent as it stands now on one channel. */
export interface CurrentConsent {
  channel: Channel;
  granted: boolean;
  recordedAt: string;
  source: 'core-banking' | 'evidence';
}

/** One proof record of a consent decision. */
export interface EvidenceRecord {
  id: string;
  channel: Channel;
  granted: boolean;
  answer: 'yes' | 'no' | 'undecided' | 'withdrawn';
  decidedAt: string;
  agentId?: string;
  contactId?: string;
  scriptVersion?: number;
  wordingSha256?: string;
  coreBankingId?: string;
}

/** `GET /customers/{id}/consents`. */
export interface ConsentTrail {
  customerId: string;
  current: CurrentConsent[];
  evidence: EvidenceRecord[];
}

/** `GET /customers/{id}/contact-blocks`. */
export interface BlockList {
  customerId: string;
  blocks: Array<{ workflowId: string; topic: string; reason: string; startedAt: string; endsAt: string }>;
}

/** `POST /contact-blocks`. */
export interface BlockResult {
  workflowId: string;
  customerId: string;
  topic: string;
  endsAt: string;
  created: boolean;
}

/** `GET /customers/{id}/contact-policy`. */
export interface PolicyView {
  customerId: string;
  contact: { purpose: Purpose; channel: Channel; topic: string; initiatedBy: 'customer' | 'bank' };
  decidedAt: string;
  decision: {
    allowed: boolean;
    reasons: Array<{ code: string; message: string; clearsAt?: string }>;
    earliestAllowedAt?: string;
  };
}

/** `POST /consent-checks`. */
export type ConsentCheck =
  | { checkId: string; ask: true; missingChannels: Channel[]; scriptVersion: number; script: { question: string; objectionAnswers: Array<{ objection: string; answer: string }> } }
  | { checkId: string; ask: false; code: string; reason: string };

/** `GET /consent-checks/{checkId}`. */
export interface ConsentCheckState {
  checkId: string;
  status: 'checking' | 'asking' | 'writing-through' | 'done' | 'not-asked' | 'unanswered' | 'unavailable';
  answer?: 'yes' | 'no' | 'undecided';
  evidence: EvidenceRecord[];
}

/** `POST /callbacks`. */
export interface CallbackStarted {
  callbackId: string;
  workflowId: string;
  customerId: string;
  topic: string;
}

/** `GET /callbacks/{id}`. */
export interface CallbackState {
  callbackId: string;
  customerId: string;
  topic: string;
  status: 'transferring' | 'waiting' | 'transferred' | 'done' | 'unreached' | 'cancelled' | 'stopped';
  outcome?: string;
  transfer?: { outcome: string };
  attempts: Array<{ number: number; taskId: string; dueAt: string; reached?: boolean; outcome?: string }>;
  openTaskId?: string;
  stopReason?: string;
}

/** `GET /service-processes`. */
export interface ServiceProcesses {
  processes: Array<{ process: string; title: string }>;
}

export type OfferOutcome = 'interested-transfer' | 'interested-callback' | 'interested-appointment' | 'not-interested' | 'maybe-later';

/** The offer of `POST /service-requests`, with its script (the salutation filled in). */
export interface Offer {
  campaignId: string;
  version: number;
  name: string;
  title: string;
  product?: string;
  topic: string;
  appointmentTopic?: string;
  argument: string;
  script: { opening: string; objections: Array<{ objection: string; answer: string }> };
  outcomes: Array<{ outcome: OfferOutcome; title: string; say?: string }>;
  blockMonths: number;
}

/** One campaign's verdict: why it is (not) offered. */
export interface CampaignVerdict {
  campaignId: string;
  version: number;
  name: string;
  eligible: boolean;
  reasons: Array<{ code: string; text: string; path?: string; policyCode?: string }>;
}

/** `POST /service-requests` and `POST /service-requests/{id}/outcome`. */
export interface ServiceRequestView {
  id: string;
  customerId: string;
  process: string;
  processTitle: string;
  channel: string;
  decidedAt: string;
  offer?: Offer;
  verdicts: CampaignVerdict[];
  outcome?: {
    outcome: OfferOutcome;
    at: string;
    by: string;
    note?: string;
    followUp?: { kind: 'callback' | 'appointment' | 'contact-block'; id: string; workflowId?: string };
  };
}
