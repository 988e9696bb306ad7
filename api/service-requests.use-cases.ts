/**
 * Refinement during a contact (issue 11, section 2): the agent records the service request they
 * handled, and in the same call learns whether to make an offer, with its script; then records
 * the customer's answer, which leads on to the existing processes (warm transfer with callback
 * fallback, appointment, re-contact block) or to nothing but the record.
 *
 * The decision reads every fact once, in parallel (the agent is on the line), lets the pure
 * {@link decideRefinement} decide, and stores the decision with its snapshot before it answers,
 * so any offer can be explained later. The request is pinned to the campaign versions it was
 * decided with: a version published meanwhile changes nothing for it.
 */
import { createHash } from 'node:crypto';
import type { ConsentEvidenceStore, ContactBlockStore, ContactHistoryEntry, ContactHistoryStore } from '../activities/ports';
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import { SERVICE_PROCESSES, type CampaignDefinition, type CampaignOutcome, type CampaignVersion } from '../domain/campaign';
import type { Criterion } from '../domain/campaign-criteria.schema';
import type { CustomerFacts, ProductFact } from '../domain/campaign-criteria';
import type { Slot } from '../domain/appointment-slots';
import { currentConsents } from '../domain/consent';
import { INTEREST_VALID_DAYS } from '../domain/customer-profile';
import { adulthoodBegins, decideContact, DEFAULT_CALLING_HOURS, type ContactCap, type ContactChannel, type PolicyDecision } from '../domain/contact-policy';
import { decideRefinement } from '../domain/refinement';
import type { RecordedOutcome, ServiceRequestBody, ServiceRequestOutcome, ServiceRequestRecord } from '../domain/service-request';
import type { AppointmentUseCases } from './appointments.use-cases';
import type { CallbackUseCases } from './callbacks.use-cases';
import type { CampaignStore } from './campaign-store';
import type { ContactBlockUseCases } from './contact-blocks.use-cases';
import { toContactFact } from './contact-policy.use-cases';
import { HttpError, notFound } from './http-error';
import { scopedKey } from './idempotency';
import type { ProfileNoteStore } from './profile-note-store';
import type { ServiceRequestStore } from './service-request-store';

const DAY = 86_400_000;

export interface ServiceRequestUseCaseDeps {
  coreBanking: Pick<CoreBanking, 'getCustomer' | 'getConsents' | 'getProducts'>;
  evidence: Pick<ConsentEvidenceStore, 'list'>;
  blocks: Pick<ContactBlockStore, 'listActive'>;
  history: ContactHistoryStore;
  campaigns: Pick<CampaignStore, 'livePublished' | 'getVersion'>;
  store: ServiceRequestStore;
  /** The interests customers mentioned (profile notes): the `interest` criterion's facts. */
  profiles: Pick<ProfileNoteStore, 'interestsSince'>;
  callbacks: Pick<CallbackUseCases, 'start'>;
  contactBlocks: Pick<ContactBlockUseCases, 'block'>;
  appointments: Pick<AppointmentUseCases, 'book'>;
  /** The bank's advertising contact caps (configuration); each campaign adds its own. */
  caps: readonly ContactCap[];
  now: () => Date;
}

/** German titles of the outcomes, for the console's buttons. */
export const OUTCOME_TITLES: Record<CampaignOutcome, string> = {
  'interested-transfer': 'Interesse: an die Direktberatung verbinden',
  'interested-callback': 'Interesse: Rückruf der Direktberatung',
  'interested-appointment': 'Interesse: Beratungstermin',
  'not-interested': 'Kein Interesse',
  'maybe-later': 'Vielleicht später',
};

/** The offer as the console shows it. */
export interface OfferView {
  campaignId: string;
  version: number;
  name: string;
  title: string;
  product?: string;
  topic: string;
  appointmentTopic?: string;
  argument: string;
  script: { opening: string; objections: Array<{ objection: string; answer: string }> };
  outcomes: Array<{ outcome: CampaignOutcome; title: string; say?: string }>;
  blockMonths: number;
}

/** What the endpoints answer. */
export interface ServiceRequestView {
  id: string;
  customerId: string;
  contactId: string;
  process: string;
  processTitle: string;
  channel: string;
  agentId: string;
  decidedAt: string;
  offer?: OfferView;
  /** Every triggered campaign's verdict with its reasons (German). */
  verdicts: ServiceRequestRecord['snapshot']['verdicts'];
  outcome?: RecordedOutcome;
}

/** The appointment's slot was taken meanwhile: the route answers 409 with the next free slots. */
export class OfferSlotTakenError extends Error {
  constructor(readonly slots: Slot[]) {
    super('the slot was taken meanwhile; choose one of the next free slots');
    this.name = 'OfferSlotTakenError';
  }
}

/** The id of a service request: a hash of the agent's scoped Idempotency-Key (no personal data). */
export function serviceRequestIdOf(agentId: string, idempotencyKey: string): string {
  return `sr-${createHash('sha256').update(scopedKey(agentId, idempotencyKey)).digest('hex').slice(0, 24)}`;
}

export class ServiceRequestUseCases {
  constructor(private readonly deps: ServiceRequestUseCaseDeps) {}

  /**
   * Records the service request and decides the offer. The same agent and key answer the stored
   * decision again (a retry after a crash decides nothing anew).
   *
   * @throws {HttpError} 404 for a customer core banking does not know.
   */
  async record(body: ServiceRequestBody, agentId: string, idempotencyKey: string): Promise<ServiceRequestView> {
    const id = serviceRequestIdOf(agentId, idempotencyKey);
    const existing = await this.deps.store.get(id);
    if (existing) return this.viewOf(existing);

    const now = this.deps.now();
    const campaigns = await this.deps.campaigns.livePublished(now);
    const windowDays = historyWindowDays(campaigns, this.deps.caps);
    const [profile, bankConsents, products, evidence, blocks, history, interests] = await Promise.all([
      this.deps.coreBanking.getCustomer(body.customerId),
      this.deps.coreBanking.getConsents(body.customerId),
      this.deps.coreBanking.getProducts(body.customerId),
      this.deps.evidence.list(body.customerId),
      this.deps.blocks.listActive(body.customerId, now),
      this.deps.history.since(body.customerId, new Date(now.getTime() - windowDays * DAY)),
      this.deps.profiles.interestsSince(body.customerId, new Date(now.getTime() - INTEREST_VALID_DAYS * DAY)),
    ]);
    if (!profile) throw notFound(`customer ${body.customerId} is not known to core banking`);

    const consents = currentConsents(bankConsents, evidence);
    const granted = (channel: ContactChannel) => consents.some((consent) => consent.channel === channel && consent.granted);
    const facts: CustomerFacts = {
      at: now.toISOString(),
      birthDate: profile.birthDate,
      segment: profile.segment,
      federalState: profile.federalState,
      branchId: profile.branchId,
      products: products.map((holding): ProductFact => ({ product: holding.product, ...(holding.balanceCents === undefined ? {} : { balanceCents: holding.balanceCents }), ...(holding.maturesOn ? { maturesOn: holding.maturesOn } : {}) })),
      // "Ansprache bereits erfolgt": approaches (advertising contacts), not the customer's own service calls.
      lastContactByTopic: lastApproachByTopic(history),
      consents: { phone: granted('phone'), email: granted('email') },
      interests,
    };
    // The same facts for every campaign's policy decision: mapped once.
    const consentFacts = consents.map(({ channel, granted: yes, recordedAt }) => ({ channel, granted: yes, recordedAt: new Date(recordedAt) }));
    const blockFacts = blocks.map((block) => ({ topic: block.topic, endsAt: new Date(block.endsAt) }));
    const contactFacts = history.map(toContactFact);
    const policy = new Map<string, PolicyDecision>();
    for (const campaign of campaigns) {
      const { definition } = campaign;
      policy.set(
        campaign.campaignId,
        decideContact({
          customer: { birthDate: profile.birthDate, federalState: profile.federalState },
          consents: consentFacts,
          blocks: blockFacts,
          history: contactFacts,
          contact: { purpose: 'advertising', channel: body.channel, topic: definition.offer.topic, initiatedBy: 'customer', campaignId: campaign.campaignId },
          caps: [...this.deps.caps, { maxContacts: definition.caps.perCustomer, periodDays: definition.caps.perCustomerDays, campaignId: campaign.campaignId }],
          callingHours: DEFAULT_CALLING_HOURS,
          now,
        }),
      );
    }
    const minor = now.getTime() < adulthoodBegins(profile.birthDate).getTime();
    const decision = decideRefinement({ process: body.process, at: now.toISOString(), minor, facts, campaigns, policy });
    const record: ServiceRequestRecord = {
      id,
      customerId: body.customerId,
      contactId: body.contactId,
      process: body.process,
      channel: body.channel,
      agentId,
      decidedAt: now.toISOString(),
      snapshot: {
        at: now.toISOString(),
        process: body.process,
        channel: body.channel,
        minor,
        facts,
        campaigns: decision.verdicts.map(({ campaignId, version }) => ({ campaignId, version })),
        verdicts: decision.verdicts,
        ...(decision.offered ? { offered: decision.offered } : {}),
      },
    };
    const stored = await this.deps.store.create(record);
    await this.deps.history.record({
      id: `${id}/request`,
      customerId: body.customerId,
      at: stored.decidedAt,
      purpose: 'service',
      channel: body.channel,
      topic: body.process,
      outcome: stored.snapshot.offered ? `service-request-offer:${stored.snapshot.offered.campaignId}` : 'service-request',
      workflowId: `service-request:${id}`,
      agentId,
    });
    return this.viewOf(stored, campaigns);
  }

  /** One service request with its decision. */
  async get(id: string): Promise<ServiceRequestView> {
    const record = await this.deps.store.get(id);
    if (!record) throw notFound(`no service request ${id}`);
    return this.viewOf(record);
  }

  /** The customer's service requests, newest first (at most 100). */
  async ofCustomer(customerId: string): Promise<ServiceRequestView[]> {
    const [records, profile] = await Promise.all([this.deps.store.listForCustomer(customerId, 100), this.deps.coreBanking.getCustomer(customerId)]);
    // One read of the customer for every offer's salutation, not one per request.
    return Promise.all(records.map((record) => this.viewOf(record, undefined, anredeOf(profile))));
  }

  /** The full record with the decision's snapshot (auditors, supervisors). */
  async snapshot(id: string): Promise<ServiceRequestRecord> {
    const record = await this.deps.store.get(id);
    if (!record) throw notFound(`no service request ${id}`);
    return record;
  }

  /**
   * Records the customer's answer to the offer and starts what it leads to. The follow-up's ids
   * derive from the request, so a retried call reaches the same callback, block or appointment.
   *
   * @throws {HttpError} 404 for an unknown request; 409 when no offer was made, when the outcome
   *   is not one the campaign allows, or when another outcome is recorded already; 409 with the
   *   next free slots when the appointment's slot was taken meanwhile.
   */
  async recordOutcome(id: string, body: ServiceRequestOutcome, agentId: string): Promise<ServiceRequestView> {
    const record = await this.deps.store.get(id);
    if (!record) throw notFound(`no service request ${id}`);
    const offered = record.snapshot.offered;
    if (!offered) throw new HttpError(409, 'no offer was made for this service request, so there is no outcome to record');
    if (record.outcome && record.outcome.outcome !== body.outcome) {
      throw new HttpError(409, `the outcome ${record.outcome.outcome} is recorded already (by ${record.outcome.by})`);
    }
    const version = await this.deps.campaigns.getVersion(offered.campaignId, offered.version);
    if (!version) throw new Error(`campaign ${offered.campaignId} version ${offered.version} is gone`);
    const { definition } = version;
    if (!definition.outcomes.some((rule) => rule.outcome === body.outcome)) {
      throw new HttpError(409, `outcome: the campaign does not allow ${body.outcome}`, [{ field: 'outcome', message: `is not one the campaign allows (${definition.outcomes.map((rule) => rule.outcome).join(', ')})` }]);
    }
    const now = this.deps.now();
    const followUp = await this.followUp(record, definition, body, agentId);
    const outcome: RecordedOutcome = {
      outcome: body.outcome,
      at: record.outcome?.at ?? now.toISOString(),
      by: record.outcome?.by ?? agentId,
      ...(body.note ? { note: body.note } : {}),
      ...(followUp ? { followUp } : {}),
    };
    const result = await this.deps.store.recordOutcome(id, outcome);
    if (result.kind === 'not-found') throw notFound(`no service request ${id}`);
    if (result.kind === 'already' && result.record.outcome?.outcome !== body.outcome) {
      // Another answer won the race (two clicks at once): it stands.
      throw new HttpError(409, `the outcome ${result.record.outcome?.outcome} is recorded already (by ${result.record.outcome?.by})`);
    }
    // Counts toward the caps and the "already approached" criterion: also a "maybe later".
    await this.deps.history.record({
      id: `${id}/offer`,
      customerId: record.customerId,
      at: outcome.at,
      purpose: 'advertising',
      channel: record.channel,
      topic: definition.offer.topic,
      outcome: `offer-${body.outcome}`,
      campaignId: offered.campaignId,
      workflowId: followUp?.workflowId ?? `service-request:${id}`,
      agentId,
    });
    return this.viewOf(result.record);
  }

  /** Starts what the outcome leads to; each start is idempotent by an id derived from the request. */
  private async followUp(record: ServiceRequestRecord, definition: CampaignDefinition, body: ServiceRequestOutcome, agentId: string): Promise<RecordedOutcome['followUp']> {
    const campaignId = record.snapshot.offered!.campaignId;
    const note = `Modell V: ${definition.offer.title} (${SERVICE_PROCESSES[record.process]})${body.note ? ` – ${body.note}` : ''}`;
    switch (body.outcome) {
      case 'interested-transfer':
      case 'interested-callback': {
        const started = await this.deps.callbacks.start(
          {
            customerId: record.customerId,
            topic: definition.offer.topic,
            preferredTime: body.outcome === 'interested-callback' ? body.preferredTime : { asap: true },
            ...(body.outcome === 'interested-transfer' && body.callId ? { callId: body.callId } : {}),
            note,
            campaignId,
          },
          agentId,
          `${record.id}-callback`,
        );
        return { kind: 'callback', id: started.callbackId, workflowId: started.workflowId };
      }
      case 'interested-appointment': {
        const { appointment } = body;
        const answer = await this.deps.appointments.book(
          {
            customerId: record.customerId,
            topic: definition.offer.appointmentTopic ?? definition.offer.topic,
            advisorId: appointment.advisorId,
            start: appointment.start,
            channel: appointment.channel,
            note,
            origin: { campaignId },
          },
          agentId,
          `${record.id}-appointment-${appointment.advisorId}-${new Date(appointment.start).toISOString()}`,
        );
        if (answer.kind === 'slot-taken') throw new OfferSlotTakenError(answer.slots);
        return { kind: 'appointment', id: answer.appointment.appointmentId, workflowId: answer.appointment.workflowId };
      }
      case 'not-interested': {
        const blocked = await this.deps.contactBlocks.block(
          { customerId: record.customerId, topic: definition.offer.topic, months: definition.blockMonths, reason: `kein Interesse an ${definition.offer.title} (Modell V)` },
          `${record.id}-block`,
          agentId,
        );
        return { kind: 'contact-block', id: `${record.customerId}/${definition.offer.topic}`, workflowId: blocked.workflowId };
      }
      case 'maybe-later':
        return undefined;
    }
  }

  /** The view: the offer from the pinned version, with the script's `{anrede}` filled in. */
  private async viewOf(record: ServiceRequestRecord, live?: readonly CampaignVersion[], anrede?: string): Promise<ServiceRequestView> {
    const offered = record.snapshot.offered;
    let offer: OfferView | undefined;
    if (offered) {
      const version = live?.find((campaign) => campaign.campaignId === offered.campaignId && campaign.version === offered.version) ?? (await this.deps.campaigns.getVersion(offered.campaignId, offered.version));
      if (!version) throw new Error(`campaign ${offered.campaignId} version ${offered.version} is gone`);
      offer = offerView(version, anrede ?? anredeOf(await this.deps.coreBanking.getCustomer(record.customerId)));
    }
    return {
      id: record.id,
      customerId: record.customerId,
      contactId: record.contactId,
      process: record.process,
      processTitle: SERVICE_PROCESSES[record.process],
      channel: record.channel,
      agentId: record.agentId,
      decidedAt: record.decidedAt,
      ...(offer ? { offer } : {}),
      verdicts: record.snapshot.verdicts,
      ...(record.outcome ? { outcome: record.outcome } : {}),
    };
  }
}

/** How the script addresses the customer: "Frau/Herr Krause" (core banking keeps no salutation). */
function anredeOf(profile: { familyName: string } | undefined): string {
  return profile ? `Frau/Herr ${profile.familyName}` : 'Frau/Herr …';
}

function offerView(version: CampaignVersion, anrede: string): OfferView {
  const { definition } = version;
  const fill = (text: string) => text.replaceAll('{anrede}', anrede);
  return {
    campaignId: version.campaignId,
    version: version.version,
    name: definition.name,
    title: definition.offer.title,
    ...(definition.offer.product ? { product: definition.offer.product } : {}),
    topic: definition.offer.topic,
    ...(definition.offer.appointmentTopic ? { appointmentTopic: definition.offer.appointmentTopic } : {}),
    argument: definition.offer.argument,
    script: { opening: fill(definition.script.opening), objections: definition.script.objections.map(({ objection, answer }) => ({ objection, answer: fill(answer) })) },
    outcomes: definition.outcomes.map((rule) => ({ outcome: rule.outcome, title: OUTCOME_TITLES[rule.outcome], ...(rule.say ? { say: fill(rule.say) } : {}) })),
    blockMonths: definition.blockMonths,
  };
}

/** The newest approach (advertising contact) per topic. */
function lastApproachByTopic(history: readonly ContactHistoryEntry[]): Record<string, string> {
  const last: Record<string, string> = {};
  for (const entry of history) {
    if (entry.purpose !== 'advertising') continue;
    if (!last[entry.topic] || last[entry.topic]! < entry.at) last[entry.topic] = entry.at;
  }
  return last;
}

/** How far back the history must reach: the longest cap and the longest "last approach" rule. */
function historyWindowDays(campaigns: readonly CampaignVersion[], caps: readonly ContactCap[]): number {
  let days = Math.max(30, ...caps.map((cap) => cap.periodDays));
  const visit = (criterion: Criterion): void => {
    if (criterion.kind === 'all' || criterion.kind === 'any') criterion.rules.forEach(visit);
    else if (criterion.kind === 'not') visit(criterion.rule);
    else if (criterion.kind === 'last-contact-older-than') days = Math.max(days, criterion.days + 1);
  };
  for (const { definition } of campaigns) {
    visit(definition.criteria);
    definition.exclusions.forEach(visit);
    days = Math.max(days, definition.caps.perCustomerDays);
  }
  return days;
}

