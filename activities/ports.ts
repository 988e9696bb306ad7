/**
 * Ports the activities need. Implementations are injected (see workers/), so tests run the same
 * activity code against real databases and servers.
 */
import type { CampaignOutcome, CampaignVersion } from '../domain/campaign';
import type { CallingHours, ContactCap } from '../domain/contact-policy';
import type { CampaignRunStatus, KnownFacts, RunTargetResult, RunTargetState } from '../domain/campaign-run';
import type { CallbackPolicy } from '../domain/callback';
import type { CareCallPolicy, SaleRequest } from '../domain/care-call';
import type { BlockRequest, BlockResult, ContactBlockRecord, ContactBlockState } from '../domain/contact-block';
import type { ConsentEvidenceRecord, ConsentScript, ConsentScriptContent } from '../domain/consent';
import type { Alert, RepairRequest } from '../domain/repair';
import type { TaskBoardSettings, TaskRecord } from '../domain/task';

/** Where blocks are projected for policy checks and listings. */
export interface ContactBlockStore {
  /** Writes the block unless a newer version of it is stored already. Idempotent. */
  save(block: ContactBlockState): Promise<void>;
  /** Active blocks of a customer (status active, end after `at`), soonest end first. */
  listActive(customerId: string, at: Date): Promise<ContactBlockRecord[]>;
}

/** Where human tasks are projected for inboxes. */
export interface TaskStore {
  /** Writes the task unless a newer version of it is stored already. Idempotent. */
  save(task: TaskRecord): Promise<void>;
  /** Workflows that have tasks still waiting for a person (at most `limit`, in id order after `after`). */
  workflowsWithActiveTasks(limit: number, after?: string): Promise<string[]>;
  /**
   * Closes (cancels) the tasks of a workflow that can no longer close them itself (it was
   * terminated or is gone). Returns those that were still waiting.
   */
  closeActiveOf(workflowId: string): Promise<Array<Pick<TaskRecord, 'id' | 'type' | 'context'>>>;
}

/** One contact or attempt with a customer, as the contact history keeps it. */
export interface ContactHistoryEntry {
  /** Deterministic per process step: writing it twice stores it once. */
  id: string;
  customerId: string;
  at: string;
  purpose: 'service' | 'advertising' | 'care';
  channel: 'phone' | 'email' | 'letter' | 'messenger';
  topic: string;
  outcome: string;
  campaignId?: string;
  workflowId: string;
  agentId?: string;
  note?: string;
}

export interface ContactHistoryStore {
  /** Appends the entry; a repeated id is ignored. */
  record(entry: ContactHistoryEntry): Promise<void>;
  /** The customer's contacts since `since`, newest first. */
  since(customerId: string, since: Date): Promise<ContactHistoryEntry[]>;
}

/** The consent evidence trail: append-only proof records. */
export interface ConsentEvidenceStore {
  /** Appends the record; a repeated id is ignored (retries). */
  append(record: ConsentEvidenceRecord): Promise<void>;
  /** Notes core banking's id once the decision was written through. */
  markWrittenThrough(id: string, coreBankingId: string): Promise<void>;
  /** The customer's evidence, newest first. */
  list(customerId: string): Promise<ConsentEvidenceRecord[]>;
}

/** Versioned consent scripts: a change is a new version, never an edit. */
export interface ConsentScriptStore {
  latest(): Promise<ConsentScript | undefined>;
  get(version: number): Promise<ConsentScript | undefined>;
  /** Stores `content` as the next version. */
  add(content: ConsentScriptContent, createdBy: string): Promise<ConsentScript>;
}

/**
 * Starts a customer's re-contact block on a topic, or extends the running one (update-with-start
 * on the block's workflow). Activities sit below workflows, so the workflow's client reaches
 * them as this port, wired in workers/.
 */
export interface ContactBlockStarter {
  startOrExtend(target: { customerId: string; topic: string }, request: BlockRequest): Promise<BlockResult>;
}

/** Where alert lines go (the log, read by the operators' alerting): a stable code per problem. */
export interface Alerts {
  raise(alert: Alert): void;
}

/** What Temporal says about a process, for the reconciler. */
export interface ProcessDirectory {
  /** `running`, the close status in lower case (`terminated`, `timed_out`, `failed`…), or `not-found`. */
  status(workflowId: string): Promise<string>;
}

/** Starts a repair process for operations (the repair workflow's client, wired in workers/). */
export interface RepairStarter {
  start(request: RepairRequest, settings: TaskBoardSettings): Promise<void>;
}

/**
 * Starts the after-sales care call of one sale, idempotently per sale key (the care call's
 * client, wired in workers/): the appointment process calls it for each product the advisor
 * recorded as sold. Settings travel with the call, as the appointment process was started with them.
 */
export interface CareCallStarter {
  start(start: {
    sale: SaleRequest;
    saleKey: string;
    requestedBy: string;
    policy: CareCallPolicy;
    callback: CallbackPolicy;
    tasks: TaskBoardSettings;
  }): Promise<{ saleId: string; workflowId: string }>;
}

/** Published campaign versions (immutable), as runs read them. */
export interface CampaignVersions {
  getVersion(campaignId: string, version: number): Promise<CampaignVersion | undefined>;
}

/** A run as its store keeps it. Times are ISO strings. */
export interface CampaignRunRecord {
  runId: string;
  campaignId: string;
  version: number;
  queue: string;
  status: CampaignRunStatus;
  launchedBy: string;
  launchedAt: string;
  read: number;
  selected: number;
  /** Reasons customers were not selected, by key. */
  excluded: Record<string, { label: string; count: number }>;
  cancelReason?: string;
  endedAt?: string;
}

/** One customer's place in a run, as the process writes it. */
export interface RunTargetPatch {
  state: RunTargetState;
  attempts?: number;
  notBefore?: string | null;
  result?: RunTargetResult;
  outcome?: string;
  reason?: string;
}

/** Counts of a run for its progress page. */
export interface CampaignRunCounts {
  byState: Partial<Record<RunTargetState, number>>;
  byResult: Partial<Record<RunTargetResult, number>>;
  byOutcome: Record<string, number>;
  byReason: Record<string, number>;
  /** Per day (bank time) how many were released, reached, ended. */
  series: Array<{ day: string; released: number; reached: number; ended: number }>;
}

/** Runs and their targets (the application database). */
export interface CampaignRunStore {
  /** Creates the run unless it exists; returns the stored one either way. */
  createRun(run: CampaignRunRecord): Promise<{ run: CampaignRunRecord; created: boolean }>;
  getRun(runId: string): Promise<CampaignRunRecord | undefined>;
  listRuns(campaignId: string): Promise<CampaignRunRecord[]>;
  updateRun(runId: string, patch: Partial<Pick<CampaignRunRecord, 'status' | 'read' | 'selected' | 'excluded' | 'cancelReason' | 'endedAt'>>): Promise<void>;
  /** Adds selected customers (a repeated customer is ignored: a retried page adds nothing twice). */
  addTargets(runId: string, queue: string, targets: ReadonlyArray<{ customerId: string; seq: number }>): Promise<void>;
  /**
   * Marks up to `limit` waiting targets of the run that are due (`notBefore` absent or passed)
   * as released, lowest `seq` first, atomically; returns their customer numbers.
   */
  release(runId: string, limit: number, at: Date): Promise<string[]>;
  /** Targets marked released before `before` that their process has not taken up yet (a lost signal). */
  unacknowledged(runId: string, before: Date, limit: number): Promise<string[]>;
  updateTarget(runId: string, customerId: string, patch: RunTargetPatch, at: Date): Promise<void>;
  /** Ends the target with `patch` unless it has ended already (then its own ending stands). */
  endUnlessEnded(runId: string, customerId: string, patch: Omit<RunTargetPatch, 'state'>, at: Date): Promise<void>;
  /** Targets of all runs in the queue that hold a call slot (released or with an open task). */
  busyInQueue(queue: string): Promise<number>;
  /** Targets of all runs in the queue released since `since`. */
  releasedInQueueSince(queue: string, since: Date): Promise<number>;
  /** Runs whose projection has not ended (`endedAt` unset), for the reconciler's look at their processes. */
  openRuns(): Promise<CampaignRunRecord[]>;
  /** Targets of the run not ended yet, after `after` in customer order (for a cancel in batches). */
  notEnded(runId: string, limit: number, after?: string): Promise<string[]>;
  counts(runId: string): Promise<CampaignRunCounts>;
}

/** What a run's contact process is started with (the run passes it on for every selected customer). */
export interface CampaignContactStart {
  runId: string;
  campaignId: string;
  version: number;
  customerId: string;
  queue: string;
  maxAttempts: number;
  attemptSpacingDays: number;
  tasks: TaskBoardSettings;
  callback: CallbackPolicy;
  /** From the run's version (small: the script stays in the version, read by the task page). */
  campaignTitle: string;
  topic: string;
  allowedOutcomes: CampaignOutcome[];
  blockMonths: number;
  /** The bank's contact caps (the campaign's own come from its version). */
  caps: ContactCap[];
  /** When the center calls (the contact policy's calling hours). */
  callingHours: CallingHours;
  /** A call task is due after this many working minutes (optional: runs launched before it existed take 240). */
  callDueWorkingMinutes?: number;
}

/**
 * The run's hold on its contact processes (their Temporal client, wired in workers/). A contact
 * process is created at selection but held back (a start delay: no workflow code runs and no
 * worker holds it while it waits); its release, or a cancel, starts it at once with the signal.
 * Every call is idempotent by the process's id.
 */
export interface CampaignContacts {
  start(start: CampaignContactStart): Promise<void>;
  /** Releases the customer's call; false when the process has ended (nothing to release). */
  release(start: CampaignContactStart): Promise<boolean>;
  /** Tells the process to end; false when it has ended already. */
  cancel(start: CampaignContactStart, reason: string): Promise<boolean>;
  /**
   * What the run's own process passes to each contact (read from the run process's start, which
   * outlives the process): how the reconciler reaches the contacts of a run whose process was
   * terminated. Undefined when the run's process is not known to Temporal.
   */
  contactOfRun(runId: string): Promise<Omit<CampaignContactStart, 'customerId'> | undefined>;
}

/** One message of a stored transcript. */
export interface TranscriptMessage {
  id: string;
  direction: 'in' | 'out';
  text: string;
  at: string;
  by?: string;
  failed?: string;
}

/** A closed conversation's transcript (the store encrypts the messages). */
export interface ChatTranscriptRecord {
  conversationId: string;
  channel: string;
  customerRef: string;
  customerId?: string;
  closedAt: string;
  closedBy: string;
  topic?: string;
  messages: TranscriptMessage[];
  /** When it is deleted (its retention). */
  deleteAfter: string;
}

/** Where closed conversations' transcripts are kept, encrypted, until their retention ends. */
export interface ChatTranscriptStore {
  /** Idempotent per conversation and close time. */
  store(transcript: ChatTranscriptRecord): Promise<void>;
  ofConversation(conversationId: string): Promise<ChatTranscriptRecord[]>;
  /**
   * A customer's closed conversations, newest first, at most `limit`: those linked to the customer
   * number, and those under the pseudonym (the same WhatsApp number or web-chat customer).
   */
  ofCustomer(who: { customerId?: string; customerRef?: string }, limit: number): Promise<ChatTranscriptRecord[]>;
  /** Deletes every transcript whose retention ended at `at`; returns how many. */
  deleteExpired(at: Date): Promise<number>;
}

/**
 * The chat router (one process per center, issue 13) as the conversation activities see it:
 * asking where a conversation's newest message goes (the answer comes to the conversation as a
 * signal carrying `requestId`), and telling it a conversation ended.
 */
export interface ChatRouterPort {
  requestRoute(conversationId: string, requestId: string, handedBack?: boolean): Promise<void>;
  release(conversationId: string): Promise<void>;
  /** Every conversation the router counts (held by an agent, waiting outside, with an advisor), for the reconciler. */
  held(): Promise<string[]>;
  /** The conversation went to an advisor, offered to the branch `queue`. */
  parkWithAdvisor(conversationId: string, advisorId: string, queue: string): Promise<void>;
  /** Someone of the branch took it. */
  advisorTook(conversationId: string, userId: string): Promise<void>;
}

/**
 * What Drehscheibe itself knows of many customers at once, for a campaign's selection (a page at
 * a time): the live run's selection and the dry run read it, so a customer blocked on the topic,
 * who withdrew a consent here, or whose caps are full is excluded with the reason before any
 * process starts (and is checked again at dial time).
 */
export interface KnownFactsReader {
  /**
   * Per customer: advertising consent evidence, blocks still active at `at`, contacts since
   * `historySince`, interests noted since `interestsSince`. Customers with none are not in the map.
   */
  knownFacts(customerIds: readonly string[], query: { at: Date; historySince: Date; interestsSince: Date }): Promise<Map<string, KnownFacts>>;
}

/**
 * Social-media reaction cases (issue 13, section 3): publishing a public reply on the bank's
 * presence, and SMS to the escalation chain. The ports live beside their HTTP adapters and
 * simulators (`adapters/social-media/`, `adapters/sms/`), as the messaging port does.
 */
export type { SocialMedia, SocialReplyRequest } from '../adapters/social-media/social-media.port';
export type { Sms, SmsRequest } from '../adapters/sms/sms.port';

/** One step a process did on its own, for the audit trail (actor `system` unless a person's decision). */
export interface ProcessAuditEntry {
  /** Deterministic per process step: recording it twice (a retried activity) keeps one entry. */
  key: string;
  at: Date;
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  /** Ids, types, hashes, times: never the post's text or its author. */
  detail: Record<string, string | number | boolean | null | string[]>;
}

/** The append-only audit trail as processes write it (wired in workers/ to the application database). */
export interface ProcessAuditLog {
  record(entry: ProcessAuditEntry): Promise<void>;
}
