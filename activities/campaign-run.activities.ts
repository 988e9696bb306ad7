/**
 * Activities of campaign runs (issue 12): a page of the selection (judge, store, start each
 * selected customer's process), the paced release of call tasks, the cancel in batches, the
 * progress projection, and the decision at dial time with the facts of that moment.
 */
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import { currentConsents } from '../domain/consent';
import { isCallingTime, nextCallingTime, type CallingHours } from '../domain/calling-hours';
import type { ContactCap } from '../domain/contact-policy';
import { decideCall, historyWindowDays, judgeTarget, knownFactsWindow, NOTHING_KNOWN, onlyTimeBound, reasonKey, reasonLabel, releaseCadence, type CampaignRunSettings, type DialDecision } from '../domain/campaign-run';
import { failFastOnPermanentErrors } from './failures';
import { whileHeartbeating } from './heartbeat';
import type {
  CampaignContactStart,
  CampaignContacts,
  CampaignRunRecord,
  CampaignRunStore,
  CampaignVersions,
  ConsentEvidenceStore,
  ContactBlockStore,
  ContactHistoryStore,
  KnownFactsReader,
  RunTargetPatch,
} from './ports';
import { ApplicationFailure } from '@temporalio/common';

export interface CampaignRunActivityDeps {
  coreBanking: CoreBanking;
  evidence: Pick<ConsentEvidenceStore, 'list'>;
  blocks: Pick<ContactBlockStore, 'listActive'>;
  history: Pick<ContactHistoryStore, 'since'>;
  campaignVersions: CampaignVersions;
  campaignRuns: CampaignRunStore;
  campaignContacts: CampaignContacts;
  knownFacts: KnownFactsReader;
}

/** A selection page's size: one activity reads, judges and starts this many. */
export const SELECTION_PAGE = 500;
/** Contact processes a selection step starts at once. */
const STARTS_IN_FLIGHT = 64;
/**
 * Pages one selection step reads (16,000 customers): the starts of a page overlap the next page's
 * read, and the pool drains once per step rather than once per page.
 */
const READS_PER_SELECTION_STEP = 32;

/**
 * Starts at most `limit` at once, as a pool (one slow start holds up no others). `submit` waits
 * while the pool is full; `drain` waits for every start and throws the first failure.
 */
class StartPool {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly start: (customerId: string) => Promise<void>,
    private readonly limit: number,
  ) {}

  async submit(customerId: string): Promise<void> {
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure.error;
    const started: Promise<void> = this.start(customerId)
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.inFlight.delete(started));
    this.inFlight.add(started);
  }

  async drain(): Promise<void> {
    await this.settle();
    if (this.failure) throw this.failure.error;
  }

  /** Waits for every start, failed or not. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }
}
/** A released call whose process has not taken it up after this long is signalled again. */
const UNACKNOWLEDGED_AFTER_MS = 5 * 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What the run's pacing needs (settings travel with the run, as it was launched). */
export type RunPacing = Pick<CampaignRunSettings, 'maxOpenTasks' | 'maxNewTasksPerHour'> & { callingHours: CallingHours };

export function createCampaignRunActivities(deps: CampaignRunActivityDeps) {
  async function versionOf(campaignId: string, version: number) {
    const found = await deps.campaignVersions.getVersion(campaignId, version);
    if (!found) throw ApplicationFailure.create({ type: 'CampaignVersionNotFound', message: `campaign ${campaignId} has no version ${version}`, nonRetryable: true });
    return found;
  }

  type SelectionStep = { contact: Omit<CampaignContactStart, 'customerId'>; cursor?: string; seq: number; caps: readonly ContactCap[]; callingHours: CallingHours; at: string };

  async function selectPage(input: SelectionStep) {
    const { contact } = input;
    const version = await versionOf(contact.campaignId, contact.version);
    const at = new Date(input.at);
    const knownQuery = knownFactsWindow(version, input.caps, at);
    const fetchPage = async (cursor: string | undefined) => {
      const page = await failFastOnPermanentErrors(() => deps.coreBanking.selectCustomers({ limit: SELECTION_PAGE, ...(cursor === undefined ? {} : { cursor }) }));
      return { page, known: await deps.knownFacts.knownFacts(page.customers.map((target) => target.customerId), knownQuery) };
    };
    const starts = new StartPool((customerId) => deps.campaignContacts.start({ ...contact, customerId }), STARTS_IN_FLIGHT);
    const excluded: Record<string, { label: string; count: number }> = {};
    let read = 0;
    let selectedCount = 0;
    let nextCursor: string | undefined;
    try {
      let pending = fetchPage(input.cursor);
      for (let reads = 1; ; reads++) {
        const { page, known } = await pending;
        const more = page.nextCursor !== undefined && reads < READS_PER_SELECTION_STEP;
        // The next read overlaps this page's starts, so the starts never wait for core banking.
        // (A failure is awaited in the next round; the no-op handler only keeps it from
        // counting as unhandled until then.)
        if (more) {
          pending = fetchPage(page.nextCursor);
          pending.catch(() => undefined);
        }
        const selected: Array<{ customerId: string; seq: number }> = [];
        for (const target of page.customers) {
          const facts = known.get(target.customerId) ?? NOTHING_KNOWN;
          const verdict = judgeTarget(version, target, at, facts, { callingHours: input.callingHours, caps: input.caps }, facts.interests);
          if (verdict.eligible) {
            selected.push({ customerId: target.customerId, seq: input.seq + selectedCount + selected.length });
            continue;
          }
          const seen = new Set<string>();
          for (const reason of verdict.reasons) {
            const key = reasonKey(reason);
            if (seen.has(key)) continue;
            seen.add(key);
            excluded[key] = { label: reasonLabel(version, reason), count: (excluded[key]?.count ?? 0) + 1 };
          }
        }
        await deps.campaignRuns.addTargets(contact.runId, contact.queue, selected);
        for (const target of selected) await starts.submit(target.customerId);
        read += page.customers.length;
        selectedCount += selected.length;
        if (!more) {
          nextCursor = page.nextCursor;
          break;
        }
      }
    } catch (error) {
      // Every start submitted has finished before the step fails (a retry starts nothing twice).
      await starts.settle();
      throw error;
    }
    await starts.drain();
    return { read, selected: selectedCount, excluded, ...(nextCursor === undefined ? {} : { nextCursor }) };
  }

  async function releaseCalls(input: { contact: Omit<CampaignContactStart, 'customerId'>; pacing: RunPacing; at: string }): Promise<{ released: number; done: boolean; nextCheckAt: string }> {
    const { runId, queue } = input.contact;
    const at = new Date(input.at);
    let released = 0;
    const cadence = releaseCadence(input.pacing.maxNewTasksPerHour);
    if (isCallingTime(at, input.pacing.callingHours)) {
      const [busy, lastHour] = await Promise.all([deps.campaignRuns.busyInQueue(queue), deps.campaignRuns.releasedInQueueSince(queue, new Date(at.getTime() - HOUR))]);
      const capacity = Math.max(0, Math.min(input.pacing.maxOpenTasks - busy, input.pacing.maxNewTasksPerHour - lastHour, cadence.perPass));
      const customers = await deps.campaignRuns.release(runId, capacity, at);
      const stale = await deps.campaignRuns.unacknowledged(runId, new Date(at.getTime() - UNACKNOWLEDGED_AFTER_MS), 100);
      await Promise.all([...customers, ...stale].map(async (customerId) => {
        // A process that has ended meanwhile (e.g. the run was cancelled) holds no call.
        if (!(await deps.campaignContacts.release({ ...input.contact, customerId }))) await deps.campaignRuns.endUnlessEnded(runId, customerId, { result: 'cancelled', reason: 'process-gone' }, at);
      }));
      released = customers.length;
    }
    const done = (await deps.campaignRuns.notEnded(runId, 1)).length === 0;
    const nextCalling = nextCallingTime(at, input.pacing.callingHours) ?? new Date(at.getTime() + DAY);
    const nextCheckAt = isCallingTime(at, input.pacing.callingHours) ? new Date(at.getTime() + cadence.intervalMs) : nextCalling;
    return { released, done, nextCheckAt: nextCheckAt.toISOString() };
  }

  async function cancelContacts(input: { contact: Omit<CampaignContactStart, 'customerId'>; reason: string; signal: boolean; after?: string }): Promise<{ remaining: number; nextAfter?: string }> {
    const { runId } = input.contact;
    const customers = await deps.campaignRuns.notEnded(runId, 200, input.after);
    let remaining = customers.length;
    if (input.signal) {
      const answers = await Promise.all(customers.map(async (customerId) => ({ customerId, running: await deps.campaignContacts.cancel({ ...input.contact, customerId }, input.reason) })));
      for (const { customerId } of answers.filter((answer) => !answer.running)) {
        await deps.campaignRuns.endUnlessEnded(runId, customerId, { result: 'cancelled', reason: 'process-gone' }, new Date());
        remaining -= 1;
      }
    }
    return { remaining, ...(customers.length === 200 ? { nextAfter: customers.at(-1)! } : {}) };
  }

  return {
    /**
     * One step of the selection (up to READS_PER_SELECTION_STEP pages of core banking's selection, each read while
     * the previous page's processes start): judges every customer with the
     * version's rules on core banking's facts and what Drehscheibe knows (consent evidence,
     * blocks, contact history, interests noted; all decide again at dial time), stores the
     * selected ones in order and starts each one's contact process. Retrying a page adds and
     * starts nothing twice.
     */
    async selectCampaignPage(input: SelectionStep) {
      return whileHeartbeating(() => selectPage(input));
    },

    /**
     * Releases as many call tasks as pacing allows now (at most `maxOpenTasks` busy in the queue,
     * across runs, `maxNewTasksPerHour` released in the last hour, and this pass's slice of the
     * hour: see `releaseCadence`), inside calling hours, lowest selection order first; signals
     * their processes, and signals again any released call whose process has not taken it up (a
     * lost signal). Says whether the run has customers left and when to look again (the next
     * slice inside calling hours, else the next opening).
     */
    async releaseCampaignCalls(input: { contact: Omit<CampaignContactStart, 'customerId'>; pacing: RunPacing; at: string }): Promise<{ released: number; done: boolean; nextCheckAt: string }> {
      return whileHeartbeating(() => releaseCalls(input));
    },

    /**
     * One batch of the run's contacts still going: with `signal`, tells each to end. A contact
     * whose process is gone (it failed, or was terminated) is ended here, so the run never waits
     * for a process that cannot answer. `remaining`: how many of the batch were still going.
     */
    async cancelCampaignContacts(input: { contact: Omit<CampaignContactStart, 'customerId'>; reason: string; signal: boolean; after?: string }): Promise<{ remaining: number; nextAfter?: string }> {
      return whileHeartbeating(() => cancelContacts(input));
    },
    /** Writes the run's projection (absolute values: a retry writes the same). */
    async updateCampaignRun(input: { runId: string; patch: Partial<Pick<CampaignRunRecord, 'status' | 'read' | 'selected' | 'excluded' | 'cancelReason' | 'endedAt'>> }): Promise<void> {
      await deps.campaignRuns.updateRun(input.runId, input.patch);
    },

    /** Writes where one customer's contact stands. */
    async updateCampaignTarget(input: { runId: string; customerId: string; patch: RunTargetPatch; at: string }): Promise<void> {
      await deps.campaignRuns.updateTarget(input.runId, input.customerId, input.patch, new Date(input.at));
    },

    /**
     * The contact policy for the run's call now, with every fact of this moment: core banking's
     * master data and consents, Drehscheibe's consent evidence (a withdrawal counts at once),
     * re-contact blocks and the contact history (caps across campaigns). The workflow learns the
     * decision, never the customer's data.
     */
    async decideCampaignCall(input: { customerId: string; campaignId: string; version: number; callingHours: CallingHours; caps: readonly ContactCap[]; at: string }): Promise<DialDecision> {
      const at = new Date(input.at);
      const version = await versionOf(input.campaignId, input.version);
      const customer = await failFastOnPermanentErrors(() => deps.coreBanking.getCustomer(input.customerId));
      if (!customer) return { allowed: false, timeBound: false, reasons: [{ code: 'customer-unknown', message: 'Core banking no longer knows the customer.' }] };
      if (!customer.contact.phone) return { allowed: false, timeBound: false, reasons: [{ code: 'no-phone-number', message: 'Core banking holds no phone number.' }] };
      const longestCap = historyWindowDays(version, input.caps);
      const [bankConsents, evidence, blocks, history] = await Promise.all([
        failFastOnPermanentErrors(() => deps.coreBanking.getConsents(input.customerId)),
        deps.evidence.list(input.customerId),
        deps.blocks.listActive(input.customerId, at),
        deps.history.since(input.customerId, new Date(at.getTime() - longestCap * DAY)),
      ]);
      const decision = decideCall(
        version,
        {
          customerId: input.customerId,
          birthDate: customer.birthDate,
          segment: customer.segment,
          federalState: customer.federalState,
          branchId: customer.branchId,
          reachable: { phone: true, email: Boolean(customer.contact.email) },
          products: [],
          consents: currentConsents(bankConsents, evidence).map(({ channel, granted, recordedAt }) => ({ channel, granted, recordedAt })),
        },
        at,
        {
          consents: [],
          blocks: blocks.map((block) => ({ topic: block.topic, endsAt: new Date(block.endsAt) })),
          history: history.map((entry) => ({ at: new Date(entry.at), purpose: entry.purpose, channel: entry.channel, topic: entry.topic, ...(entry.campaignId ? { campaignId: entry.campaignId } : {}) })),
        },
        { callingHours: input.callingHours, caps: input.caps },
      );
      return {
        allowed: decision.allowed,
        timeBound: onlyTimeBound(decision),
        ...(decision.earliestAllowedAt ? { earliestAllowedAt: decision.earliestAllowedAt.toISOString() } : {}),
        reasons: decision.reasons.map(({ code, message }) => ({ code, message })),
      };
    },
  };
}
