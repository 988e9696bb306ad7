/**
 * Chat routing (seed 001, DESIGN.md process 8): who answers a conversation. A new conversation
 * goes to the online agent with the fewest open chats, below the agent's cap of active chats; a
 * running conversation stays with its agent; outside service hours, or when every agent is at the
 * cap, it overflows to the external center. A message addressed to a named advisor goes to the
 * advisor, to the advisor's deputy when the advisor is absent, and to the center when nobody is
 * there or nobody takes it in time.
 *
 * Pure and deterministic: the caller passes the agents' state and the time; nothing here reads a
 * clock or a store, so a workflow replaying a decision gets the same answer.
 */
import type { ChatServiceState } from './chat-service-hours';

// ---------------------------------------------------------------------------------------------
// Agents and the cap

/** An agent's chat presence: only `online` agents take chats; `away` is a short break. */
export type AgentPresence = 'online' | 'away' | 'offline';

/** One agent of the bank's own center, as the routing sees them at the moment of the decision. */
export interface ChatAgent {
  readonly id: string;
  readonly presence: AgentPresence;
  /** Conversations the agent currently holds. */
  readonly openChats: number;
  /** The most conversations the agent takes at once (see {@link CHAT_CAP_BOUNDS}). */
  readonly cap: number;
  /**
   * When the agent last got a new conversation, as a sequence number that grows with every
   * assignment in the center (0: never). Lower means longer ago.
   */
  readonly lastAssignedSeq: number;
}

/**
 * The cap of active chats per agent: seed 001 says "meist sind das zwischen drei und fünf".
 * Below three the center overflows too early; above five the 2–5 minute answer time breaks.
 */
export const CHAT_CAP_BOUNDS = Object.freeze({ min: 3, max: 5 });

/** Thrown for a configured cap outside {@link CHAT_CAP_BOUNDS}; `field` names the setting. */
export class InvalidChatCapError extends RangeError {
  override readonly name = 'InvalidChatCapError';
  constructor(
    readonly field: string,
    /** What is wrong, without the field name. */
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

/**
 * Returns `cap` when it is a whole number within {@link CHAT_CAP_BOUNDS}.
 *
 * @throws {InvalidChatCapError} naming `field` otherwise.
 */
export function validateChatCap(cap: number, field = 'chatCap'): number {
  if (!Number.isInteger(cap) || cap < CHAT_CAP_BOUNDS.min || cap > CHAT_CAP_BOUNDS.max) {
    throw new InvalidChatCapError(field, `${String(cap)} is not a whole number from ${CHAT_CAP_BOUNDS.min} to ${CHAT_CAP_BOUNDS.max}`);
  }
  return cap;
}

// ---------------------------------------------------------------------------------------------
// Choosing an agent

/** Why a conversation leaves the bank's own center for the external one. */
export type OverflowReason = 'outside-service-hours' | 'all-agents-at-cap' | 'no-agent-online';

/** Where a conversation (or its next message) goes. */
export type RoutingDecision =
  | { readonly kind: 'agent'; readonly agentId: string; readonly reason: 'sticky' | 'least-loaded' }
  | { readonly kind: 'overflow'; readonly reason: OverflowReason };

/** Everything {@link chooseAgent} decides on. */
export interface ChooseAgentInput {
  readonly agents: readonly ChatAgent[];
  /** The conversation's current agent, for a message in a running conversation. */
  readonly stickyAgentId?: string;
  /** The center's state now ({@link chatServiceState}); only whether it is open matters here. */
  readonly service: Pick<ChatServiceState, 'open'>;
}

/**
 * Routes a new conversation, or a new message of a running one.
 *
 * 1. Sticky: a running conversation stays with its agent while that agent is online, even at or
 *    over the cap and even after closing time: it is the same dialog, and handing it to a
 *    stranger mid-conversation is worse than one chat over the cap or a few minutes past 18:00.
 *    An agent who is away or offline loses it, and it is routed like a new one.
 * 2. Closed: outside service hours new conversations overflow.
 * 3. Least loaded: the online agent below the cap with the fewest open chats; on a tie the one
 *    whose last assignment lies furthest back, then the lower id. Assigning one after another
 *    therefore keeps the loads within one of each other.
 * 4. Otherwise overflow: no agent online, or every online agent at the cap.
 */
export function chooseAgent(input: ChooseAgentInput): RoutingDecision {
  const online = input.agents.filter((agent) => agent.presence === 'online');
  if (input.stickyAgentId !== undefined && online.some((agent) => agent.id === input.stickyAgentId)) {
    return { kind: 'agent', agentId: input.stickyAgentId, reason: 'sticky' };
  }
  if (!input.service.open) return { kind: 'overflow', reason: 'outside-service-hours' };
  if (online.length === 0) return { kind: 'overflow', reason: 'no-agent-online' };
  const best = online.filter((agent) => agent.openChats < agent.cap).sort(byLoadThenFairness)[0];
  if (!best) return { kind: 'overflow', reason: 'all-agents-at-cap' };
  return { kind: 'agent', agentId: best.id, reason: 'least-loaded' };
}

function byLoadThenFairness(a: ChatAgent, b: ChatAgent): number {
  if (a.openChats !== b.openChats) return a.openChats - b.openChats;
  if (a.lastAssignedSeq !== b.lastAssignedSeq) return a.lastAssignedSeq - b.lastAssignedSeq;
  // Code-unit order, not localeCompare: the same on every machine a workflow replays on.
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Messages addressed to an advisor

/** An absence (vacation, illness, training): from `from` included to `until` excluded. */
export interface AbsenceInterval {
  readonly from: Date;
  readonly until: Date;
}

/** An advisor (or deputy) with the absences known for them. */
export interface AdvisorAvailability {
  readonly id: string;
  /** An interval whose `until` is not after `from` is empty and never makes anyone absent. */
  readonly absences: readonly AbsenceInterval[];
}

/** Everything {@link advisorTarget} decides on. */
export interface AdvisorTargetInput {
  /** The advisor the message is addressed to. */
  readonly advisor: AdvisorAvailability;
  /** The advisor's named deputy (Vertreter), when one is defined. */
  readonly deputy?: AdvisorAvailability;
  /** The moment of the decision; absences are read at this instant. */
  readonly at: Date;
  /** How long the message has waited, untaken, with the advisor or deputy (default 0). */
  readonly waitedMinutes?: number;
  /** After how many minutes an untaken message goes to the center (configuration). */
  readonly advisorTimeoutMinutes: number;
}

/** Why a message addressed to an advisor ends up in the center. */
export type AdvisorCenterReason = 'advisor-absent-no-deputy' | 'advisor-and-deputy-absent' | 'not-taken-in-time';

/** Where a message addressed to an advisor goes. */
export type AdvisorTarget =
  | { readonly kind: 'advisor'; readonly advisorId: string }
  | { readonly kind: 'deputy'; readonly advisorId: string; readonly deputyFor: string }
  | {
      readonly kind: 'center';
      readonly reason: AdvisorCenterReason;
      /** The advisor the customer wrote to. */
      readonly addressedTo: string;
      /** For the center's agent, in German: why the message is theirs. */
      readonly note: string;
    };

/**
 * A sensible default for {@link AdvisorTargetInput.advisorTimeoutMinutes}; the seeds give none.
 * An hour: long enough for an advisor between two consultations, short enough that a customer
 * used to answers within minutes (seed 001: 2–5) is not left waiting for half a day.
 */
export const DEFAULT_ADVISOR_TIMEOUT_MINUTES = 60;

/**
 * Routes a message addressed to a named advisor (seed 001: "Ist dieser abwesend, erhält ein
 * vorher definierter Vertreter die Nachrichten"): to the advisor when present at `at`; when
 * absent, to the deputy if the deputy is present; otherwise to the center. Once it has waited
 * `advisorTimeoutMinutes` untaken, it goes to the center whoever would have it, with a note.
 *
 * @throws {RangeError} for a negative or non-finite wait or a timeout that is not positive.
 */
export function advisorTarget(input: AdvisorTargetInput): AdvisorTarget {
  const waited = input.waitedMinutes ?? 0;
  const timeout = input.advisorTimeoutMinutes;
  if (!Number.isFinite(waited) || waited < 0) throw new RangeError(`waitedMinutes: ${String(waited)} is not a duration`);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new RangeError(`advisorTimeoutMinutes: ${String(timeout)} must be positive`);
  const { advisor, deputy, at } = input;
  const center = (reason: AdvisorCenterReason, note: string): AdvisorTarget => ({ kind: 'center', reason, addressedTo: advisor.id, note });
  if (waited >= timeout) {
    return center('not-taken-in-time', `Nachricht an ${advisor.id} nicht innerhalb von ${timeout} Minuten übernommen.`);
  }
  if (!isAbsentAt(advisor, at)) return { kind: 'advisor', advisorId: advisor.id };
  if (!deputy) return center('advisor-absent-no-deputy', `${advisor.id} ist abwesend, keine Vertretung hinterlegt.`);
  if (isAbsentAt(deputy, at)) {
    return center('advisor-and-deputy-absent', `${advisor.id} und die Vertretung ${deputy.id} sind abwesend.`);
  }
  return { kind: 'deputy', advisorId: deputy.id, deputyFor: advisor.id };
}

/** The instant a message handed to an advisor (or deputy) at `handedOverAt` goes to the center, for the workflow's timer. */
export function advisorTakeoverDeadline(handedOverAt: Date, advisorTimeoutMinutes: number): Date {
  return new Date(handedOverAt.getTime() + advisorTimeoutMinutes * MS_PER_MINUTE);
}

/** True when `at` lies in one of the person's absences. */
export function isAbsentAt(person: AdvisorAvailability, at: Date): boolean {
  const t = at.getTime();
  return person.absences.some((absence) => absence.from.getTime() <= t && t < absence.until.getTime());
}

const MS_PER_MINUTE = 60_000;
