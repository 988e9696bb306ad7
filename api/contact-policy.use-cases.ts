/**
 * The use case behind `GET /customers/{customerId}/contact-policy`: gather the facts the contact
 * policy decides on (core banking's master data and consents, Drehscheibe's own consent evidence,
 * active re-contact blocks, the contact history), let the pure policy decide, and explain the
 * decision together with the facts it used, so that an agent on a live call sees at once whether
 * and when a contact is allowed, and why.
 */
import type { ConsentEvidenceStore, ContactBlockStore, ContactHistoryEntry, ContactHistoryStore } from '../activities/ports';
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import { BANK_TIME_ZONE, toLocalDateTime } from '../domain/calling-hours';
import { currentConsents, type CurrentConsent } from '../domain/consent';
import type { ContactBlockRecord } from '../domain/contact-block';
import {
  ContactPolicyInputError,
  DEFAULT_CALLING_HOURS,
  decideContact,
  type ContactCap,
  type ContactFact,
  type ContactRequest,
  type PolicyDecision,
  type PolicyReasonCode,
} from '../domain/contact-policy';
import { parseIsoDate } from '../domain/german-holidays';
import { HttpError, notFound } from './http-error';

/** What the use case needs; every port is injected, and so is the clock. */
export interface ContactPolicyUseCaseDeps {
  coreBanking: CoreBanking;
  blocks: Pick<ContactBlockStore, 'listActive'>;
  history: Pick<ContactHistoryStore, 'since'>;
  evidence: Pick<ConsentEvidenceStore, 'list'>;
  /** Advertising contact caps (configuration, later per campaign). */
  caps: readonly ContactCap[];
  /** The clock; injected so that decisions depending on calling hours can be tested at a fixed instant. */
  now: () => Date;
  /**
   * Whether a care contact needs advertising consent (`CARE_NEEDS_ADVERTISING_CONSENT`): the
   * answer here must be the one the care-call process gets.
   */
  careNeedsAdvertisingConsent?: boolean;
}

/** One reason of the decision, JSON-ready. */
export interface ReasonView {
  code: PolicyReasonCode;
  message: string;
  /** When this reason alone stops applying (ISO); absent when time alone never clears it. */
  clearsAt?: string;
}

/**
 * The answer of the endpoint: the decision and the facts it rests on. Deliberately without name,
 * birth date, address or contact details: the age and the state are what explain a decision.
 */
export interface ContactPolicyView {
  customerId: string;
  contact: ContactRequest;
  /** The instant the decision holds for (ISO). */
  decidedAt: string;
  decision: {
    allowed: boolean;
    reasons: ReasonView[];
    /** Only on a denial that time alone clears: the earliest instant the contact is allowed (ISO). */
    earliestAllowedAt?: string;
  };
  facts: {
    /** Full years on the decision day (bank time). */
    age: number;
    /** Two-letter state code; decides the public holidays. */
    federalState: string;
    /** Per channel, the consent that counts now. */
    consents: CurrentConsent[];
    /** Every active re-contact block of the customer, soonest end first. */
    activeBlocks: Array<{ topic: string; endsAt: string }>;
    /** Advertising contacts in the last `capWindowDays` days (the longest cap period). */
    advertisingContactsInWindow: number;
    capWindowDays: number;
  };
}

const MS_PER_DAY = 86_400_000;

/** Decides a contact for a customer from freshly read facts. */
export class ContactPolicyUseCases {
  constructor(private readonly deps: ContactPolicyUseCaseDeps) {}

  /**
   * May the bank contact `customerId` as `contact` describes, now? Reads every fact once, in
   * parallel (an agent is waiting on the line), and decides with {@link decideContact}.
   *
   * @throws {HttpError} 404 for a customer core banking does not know; 503 when core banking is
   *   unavailable (502 when it rejects the request or its record is malformed); 400 naming the
   *   field when the contact itself is malformed.
   */
  async decide(customerId: string, contact: ContactRequest): Promise<ContactPolicyView> {
    const now = this.deps.now();
    const capWindowDays = Math.max(0, ...this.deps.caps.map((cap) => cap.periodDays));
    const windowStart = new Date(now.getTime() - capWindowDays * MS_PER_DAY);
    const [profile, bankConsents, evidence, blocks, history] = await Promise.all([
      this.deps.coreBanking.getCustomer(customerId),
      this.deps.coreBanking.getConsents(customerId),
      this.deps.evidence.list(customerId),
      this.deps.blocks.listActive(customerId, now),
      this.deps.history.since(customerId, windowStart),
    ]);
    if (!profile) throw notFound(`customer ${customerId} is not known to core banking`);

    const consents = currentConsents(bankConsents, evidence);
    const decision = decideOrExplain({
      customer: { birthDate: profile.birthDate, federalState: profile.federalState },
      consents: consents.map(({ channel, granted, recordedAt }) => ({ channel, granted, recordedAt: new Date(recordedAt) })),
      blocks: blocks.map((block) => ({ topic: block.topic, endsAt: new Date(block.endsAt) })),
      history: history.map(toContactFact),
      contact,
      caps: this.deps.caps,
      callingHours: DEFAULT_CALLING_HOURS,
      now,
      careNeedsAdvertisingConsent: this.deps.careNeedsAdvertisingConsent,
    });

    return {
      customerId,
      contact: echo(contact),
      decidedAt: now.toISOString(),
      decision: viewOf(decision),
      facts: {
        age: ageOn(profile.birthDate, now),
        federalState: profile.federalState,
        consents,
        activeBlocks: blocks.map(activeBlockView),
        advertisingContactsInWindow: countAdvertising(history, windowStart, now),
        capWindowDays,
      },
    };
  }
}

/**
 * Runs the policy. Malformed input is told apart by where it came from: the contact is the
 * caller's (400 naming the query field), the customer record is core banking's (502). Anything
 * else comes from our own stores or configuration and stays a fault of ours.
 */
function decideOrExplain(input: Parameters<typeof decideContact>[0]): PolicyDecision {
  try {
    return decideContact(input);
  } catch (error) {
    if (!(error instanceof ContactPolicyInputError)) throw error;
    const detail = error.message.slice(error.field.length + 2);
    if (error.field.startsWith('contact.')) {
      const field = error.field.slice('contact.'.length);
      throw new HttpError(400, `${field}: ${detail}`, [{ field, message: detail }]);
    }
    if (error.field.startsWith('customer.')) {
      throw new HttpError(502, `core banking's customer record is malformed (${error.field}: ${detail})`);
    }
    throw error;
  }
}

/** A history entry as the policy reads it (also the refinement decision's). */
export function toContactFact(entry: ContactHistoryEntry): ContactFact {
  return {
    at: new Date(entry.at),
    purpose: entry.purpose,
    channel: entry.channel,
    topic: entry.topic,
    ...(entry.campaignId === undefined ? {} : { campaignId: entry.campaignId }),
  };
}

/** Counted as the policy counts a cap: contacts in (windowStart, now]. */
function countAdvertising(history: readonly ContactHistoryEntry[], windowStart: Date, now: Date): number {
  return history.filter((entry) => {
    const at = Date.parse(entry.at);
    return entry.purpose === 'advertising' && at > windowStart.getTime() && at <= now.getTime();
  }).length;
}

/** Full years on the decision's local day; birthdays count from local midnight, as adulthood does in the policy. */
function ageOn(birthDate: string, now: Date): number {
  const birth = parseIsoDate(birthDate);
  const today = parseIsoDate(toLocalDateTime(now, BANK_TIME_ZONE).date);
  const hadBirthday = today.month > birth.month || (today.month === birth.month && today.day >= birth.day);
  return today.year - birth.year - (hadBirthday ? 0 : 1);
}

function activeBlockView(block: ContactBlockRecord): { topic: string; endsAt: string } {
  return { topic: block.topic, endsAt: block.endsAt };
}

function viewOf(decision: PolicyDecision): ContactPolicyView['decision'] {
  return {
    allowed: decision.allowed,
    reasons: decision.reasons.map(({ code, message, clearsAt }) => ({ code, message, ...(clearsAt ? { clearsAt: clearsAt.toISOString() } : {}) })),
    ...(decision.earliestAllowedAt ? { earliestAllowedAt: decision.earliestAllowedAt.toISOString() } : {}),
  };
}

/** The contact as decided on, without keys that were not given. */
function echo(contact: ContactRequest): ContactRequest {
  const { purpose, channel, topic, initiatedBy, campaignId } = contact;
  return { purpose, channel, topic, initiatedBy, ...(campaignId === undefined ? {} : { campaignId }) };
}
