/**
 * The chaos run's call-center agents, working through the API as people do: one dispatcher lists
 * the `campaign-call` tasks of the outbound queue, several handlers claim and complete them with
 * each customer's planned answer (chaos-plan.ts), and for one customer in ten a consent check
 * is opened and answered "yes" during the call. Every request rides out restarts (chaos-api.ts):
 * a retried claim or complete relies on the task's state (a complete whose first answer was lost
 * answers 409 "completed (by <me>)", which counts as done), a retried consent check on its id
 * (customer and contact).
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChaosApi } from './chaos-api';
import { asksConsent, callResult, plannedAnswer } from './chaos-plan';

interface ListedTask {
  id: string;
  workflowId: string;
  type: string;
  status: string;
  assignee?: string;
  context: { customerId?: string };
}

/** What the agents did, for the report and the checks. */
export interface AgentRecord {
  /** Tasks completed by us, by task id (with the customer). */
  completed: Map<string, { customerId: string; agent: string }>;
  /** Completes (or claims) whose retry found the task completed by the same agent: done, once. */
  doneOnRetry: number;
  /** Answers that were neither success nor a recognised repeat, with what the API said. */
  problems: string[];
  /** Consent checks: per customer, the channels answered "yes" (empty: the check did not ask). */
  consents: Map<string, { channels: string[]; code?: string }>;
}

export interface AgentOptions {
  queue: string;
  /** Agents who work the queue; each task goes to one of them, by its id. */
  agents: string[];
  /** Handlers at once. */
  concurrency: number;
  /** A contact id prefix unique to this run (consent checks are one per customer and contact). */
  contactPrefix: string;
  /** Resolves when the handler may take its next task (the fault schedule's pacing). */
  gate: () => Promise<void>;
  /** Whether everything is done: the dispatcher stops. */
  finished: () => boolean;
}

/** An empty record, for `runAgents` to fill while the caller watches it. */
export function newAgentRecord(): AgentRecord {
  return { completed: new Map(), doneOnRetry: 0, problems: [], consents: new Map() };
}

/** Works the queue until `options.finished()`; fills `record` as it goes. */
export async function runAgents(api: ChaosApi, options: AgentOptions, record: AgentRecord): Promise<void> {
  const seen = new Set<string>();
  const pending: ListedTask[] = [];
  const agentOf = (taskId: string) => options.agents[createHash('sha256').update(taskId).digest()[0]! % options.agents.length]!;

  const handle = async (task: ListedTask): Promise<void> => {
    const agent = agentOf(task.id);
    const customerId = task.context.customerId;
    if (!customerId) {
      record.problems.push(`${task.id}: no customer in the task's context`);
      return;
    }
    if (asksConsent(customerId) && !record.consents.has(customerId)) await consentCheck(api, agent, customerId, options.contactPrefix, record);
    const path = `/api/v1/tasks/${encodeURIComponent(task.id)}`;
    // A 409 can mean our own earlier request went through (its answer lost to a restart) while
    // the inbox still showed the old state: read the task again and go on from what it says.
    // The inbox is a projection: after a kill its update can lag by an activity's timeout
    // (1 minute), so a task the process already completed may read "claimed" for that long.
    let current: ListedTask & { completedBy?: string } = task;
    const giveUpAt = Date.now() + 3 * 60_000;
    for (let round = 0; Date.now() < giveUpAt; round++) {
      if (round > 0) {
        await sleep(1_000);
        const read = await api.call<ListedTask & { completedBy?: string }>(agent, 'GET', path);
        if (read.status !== 200) {
          record.problems.push(`read ${task.id}: ${read.status} ${read.text.slice(0, 200)}`);
          return;
        }
        current = read.body;
      }
      if (current.status === 'completed') {
        if (current.completedBy !== agent) {
          record.problems.push(`${task.id}: completed by ${current.completedBy ?? '?'}, not ${agent}`);
          return;
        }
        record.doneOnRetry++;
        record.completed.set(task.id, { customerId, agent });
        return;
      }
      if (current.status === 'cancelled') {
        record.problems.push(`${task.id}: cancelled`);
        return;
      }
      if (!(current.status === 'claimed' && current.assignee === agent)) {
        const claim = await api.call(agent, 'POST', `${path}/claim`);
        if (claim.status === 409) continue;
        if (claim.status !== 200) {
          record.problems.push(`claim ${task.id}: ${claim.status} ${claim.text.slice(0, 200)}`);
          return;
        }
      }
      const complete = await api.call(agent, 'POST', `${path}/complete`, callResult(plannedAnswer(customerId)));
      if (complete.status === 200) {
        record.completed.set(task.id, { customerId, agent });
        return;
      }
      if (complete.status === 409) continue;
      record.problems.push(`complete ${task.id}: ${complete.status} ${complete.text.slice(0, 200)}`);
      return;
    }
    record.problems.push(`${task.id}: still ${current.status} after 3 minutes`);
  };

  const handler = async (): Promise<void> => {
    while (!options.finished()) {
      const task = pending.shift();
      if (!task) {
        await sleep(100);
        continue;
      }
      await options.gate();
      try {
        await handle(task);
      } catch (error) {
        record.problems.push(`${task.id}: ${(error as Error).message}`);
      }
      // A task that is still active after a problem is listed again and tried once more.
      if (!record.completed.has(task.id)) seen.delete(task.id);
    }
  };

  const dispatcher = async (): Promise<void> => {
    while (!options.finished()) {
      if (pending.length > options.concurrency * 2) {
        await sleep(200);
        continue;
      }
      try {
        const answer = await api.call<{ tasks: ListedTask[] }>(options.agents[0]!, 'GET', `/api/v1/tasks?queue=${encodeURIComponent(options.queue)}&limit=200`);
        if (answer.status !== 200) throw new Error(`list: ${answer.status} ${answer.text.slice(0, 200)}`);
        const fresh = answer.body.tasks.filter((task) => task.type === 'campaign-call' && !seen.has(task.id) && !record.completed.has(task.id));
        for (const task of fresh) {
          seen.add(task.id);
          pending.push(task);
        }
        if (fresh.length === 0) await sleep(500);
      } catch (error) {
        record.problems.push(`list: ${(error as Error).message}`);
        await sleep(1_000);
      }
    }
  };

  await Promise.all([dispatcher(), ...Array.from({ length: options.concurrency }, handler)]);
}

/** Opens the check for this customer during the call and answers "yes" to what it asks. */
async function consentCheck(api: ChaosApi, agent: string, customerId: string, contactPrefix: string, record: AgentRecord): Promise<void> {
  const check = await api.call<{ checkId: string; ask: boolean; missingChannels?: string[]; code?: string }>(agent, 'POST', '/api/v1/consent-checks', { customerId, contactId: `${contactPrefix}-${customerId}`, channel: 'phone' });
  if (check.status !== 200) {
    record.problems.push(`consent check ${customerId}: ${check.status} ${check.text.slice(0, 200)}`);
    return;
  }
  if (!check.body.ask) {
    record.consents.set(customerId, { channels: [], code: check.body.code });
    return;
  }
  const channels = (check.body.missingChannels ?? []).filter((channel) => channel === 'phone' || channel === 'email');
  const answer = await api.call(agent, 'POST', `/api/v1/consent-checks/${encodeURIComponent(check.body.checkId)}/answer`, { answer: 'yes', channels });
  // 409 naming "answered yes": the first answer went through and the check has moved on.
  if (answer.status === 201 || (answer.status === 409 && answer.text.includes('answered yes'))) {
    record.consents.set(customerId, { channels });
    return;
  }
  record.problems.push(`consent answer ${customerId}: ${answer.status} ${answer.text.slice(0, 200)}`);
}
