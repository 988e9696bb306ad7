/**
 * After the chaos: what every customer's process, task, email and core-banking write should be,
 * against what the systems hold. Each source is read directly: Temporal (each contact process by
 * its id, its result decoded with the cluster's payload key), the application database (run
 * targets, tasks, blocks, the outbox), the SMTP catcher (every delivery, by subject and
 * Message-ID) and core banking's journal file (every accepted write, by idempotency key).
 * Lost and duplicated are counted separately for each; the run passes only if both are 0
 * everywhere, no process is in a wrong state or still running, and no repair was opened.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { campaignContactWorkflowId } from '../../domain/campaign-run';
import { callbackWorkflowId } from '../../domain/callback';
import { createPseudonyms, pseudonymKeyOf } from '../../platform/pseudonyms';
import { createDataConverter, loadPayloadKey } from '../../platform/temporal';
import type { Cluster } from '../../tools/cluster/cluster';
import type { AgentRecord } from './chaos-agents';
import { expectedEnd, plannedAnswer } from './chaos-plan';

export interface VerifyInput {
  temporalAddress: string;
  /** How to reach the frontend (the cluster's mutual TLS). */
  connectOptions: Cluster['connectOptions'];
  namespace: string;
  env: NodeJS.ProcessEnv;
  dir: string;
  appDatabaseUrl: string;
  simControlUrl: string;
  journalFile: string;
  runId: string;
  topic: string;
  agents: AgentRecord;
}

/** One row of the report: what was expected, what was found, and how much is lost or duplicated. */
export interface CheckRow {
  check: string;
  expected: number | string;
  found: number | string;
  lost: number;
  duplicated: number;
  /** Other failures (a wrong state, still running, a repair). */
  wrong: number;
  detail?: string;
}

interface Target {
  customerId: string;
  state: string;
  result: string | null;
  outcome: string | null;
  attempts: number;
}

interface TaskRow {
  id: string;
  workflowId: string;
  type: string;
  status: string;
  context: string;
  result: string | null;
  completedBy: string | null;
}

/** Runs `work` over `items`, `limit` at a time. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  }));
  return results;
}

const sample = (items: string[]) => (items.length ? `${items.slice(0, 5).join('; ')}${items.length > 5 ? ` … (${items.length})` : ''}` : undefined);

export async function verify(input: VerifyInput): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  const db = new PgClient({ connectionString: input.appDatabaseUrl });
  // A connection ended under it (the databases dropped after a failure) must not end the process.
  db.on('error', () => undefined);
  await db.connect();
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address: input.temporalAddress, ...input.connectOptions });
    const payloadKey = loadPayloadKey(input.env.PAYLOAD_ENCRYPTION_KEY, input.dir);
    const client = new Client({ connection, namespace: input.namespace, dataConverter: createDataConverter(payloadKey) });
    const pseudonymOf = createPseudonyms(pseudonymKeyOf(input.env.PSEUDONYM_KEY, payloadKey));
    const run = (await db.query<{ selected: number; status: string }>('SELECT selected, status FROM "CampaignRun" WHERE id = $1', [input.runId])).rows[0];
    const targets = (await db.query<Target>('SELECT "customerId", state, result, outcome, attempts FROM "CampaignRunTarget" WHERE "runId" = $1', [input.runId])).rows;
    rows.push({ check: 'campaign run completed', expected: 'completed', found: run?.status ?? 'none', lost: 0, duplicated: 0, wrong: run?.status === 'completed' ? 0 : 1 });
    const tasks = (await db.query<TaskRow>('SELECT id, "workflowId", type, status, context, result, "completedBy" FROM "Task"')).rows;
    /** A check that fails to run is a row saying so, and the others still run. */
    const guarded = async (name: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        rows.push({ check: `${name}: the check failed`, expected: '-', found: 'error', lost: 0, duplicated: 0, wrong: 1, detail: (error as Error).message });
      }
    };
    rows.push({ check: 'selected customers (run / its targets)', expected: run?.selected ?? '?', found: targets.length, lost: Math.max(0, (run?.selected ?? 0) - targets.length), duplicated: Math.max(0, targets.length - (run?.selected ?? 0)), wrong: 0 });

    await guarded('contact processes', async () => {
      // Every customer's contact process, in Temporal, and how it ended.
      const processes = await pool(targets, 16, async (target) => {
        const workflowId = campaignContactWorkflowId(input.runId, pseudonymOf(target.customerId));
        try {
          const handle = client.workflow.getHandle(workflowId);
          const { status } = await handle.describe();
          const result = status.name === 'COMPLETED' ? ((await handle.result()) as { result?: string; outcome?: string }) : undefined;
          return { target, workflowId, status: status.name, result };
        } catch (error) {
          return { target, workflowId, status: (error as Error).name === 'WorkflowNotFoundError' ? 'NOT_FOUND' : `ERROR ${(error as Error).message}`, result: undefined };
        }
      });
      const missing = processes.filter((p) => p.status === 'NOT_FOUND' || p.status.startsWith('ERROR'));
      rows.push({ check: 'contact processes found in Temporal', expected: targets.length, found: targets.length - missing.length, lost: missing.length, duplicated: 0, wrong: 0, detail: sample(missing.map((p) => `${p.workflowId}: ${p.status}`)) });
      const running = processes.filter((p) => p.status === 'RUNNING');
      const wrongState: string[] = [];
      let rightState = 0;
      for (const p of processes) {
        if (p.status === 'RUNNING' || p.status === 'NOT_FOUND') continue;
        const want = expectedEnd(plannedAnswer(p.target.customerId));
        const inTemporal = p.status === 'COMPLETED' && p.result?.result === want.result && p.result?.outcome === want.outcome;
        const inProjection = p.target.state === 'ended' && p.target.result === want.result && (p.target.outcome ?? undefined) === want.outcome && p.target.attempts === 1;
        if (inTemporal && inProjection) rightState++;
        else wrongState.push(`${p.target.customerId}: want ${want.result}/${want.outcome ?? '-'}, Temporal ${p.status} ${p.result?.result ?? ''}/${p.result?.outcome ?? '-'}, projection ${p.target.state} ${p.target.result}/${p.target.outcome ?? '-'} attempts ${p.target.attempts}`);
      }
      rows.push({ check: 'ended in the expected state (Temporal result and run projection)', expected: targets.length, found: rightState, lost: 0, duplicated: 0, wrong: wrongState.length, detail: sample(wrongState) });
      rows.push({ check: 'contact processes still running', expected: 0, found: running.length, lost: 0, duplicated: 0, wrong: running.length, detail: sample(running.map((p) => p.target.customerId)) });
    });
    await guarded('tasks', async () => {
      // Tasks: exactly one campaign call per customer (one attempt each), completed as planned.
      const calls = tasks.filter((task) => task.type === 'campaign-call');
      const callsByCustomer = new Map<string, TaskRow[]>();
      for (const task of calls) {
        const customerId = (JSON.parse(task.context) as { customerId: string }).customerId;
        callsByCustomer.set(customerId, [...(callsByCustomer.get(customerId) ?? []), task]);
      }
      const noTask = targets.filter((t) => !callsByCustomer.has(t.customerId)).map((t) => t.customerId);
      const twoTasks = [...callsByCustomer].filter(([, list]) => list.length > 1).map(([customerId, list]) => `${customerId}: ${list.length}`);
      rows.push({ check: 'campaign-call tasks (one per customer and attempt)', expected: targets.length, found: calls.length, lost: noTask.length, duplicated: twoTasks.length, wrong: 0, detail: sample([...noTask.map((c) => `no task ${c}`), ...twoTasks]) });
      const badResult = calls.filter((task) => {
        const customerId = (JSON.parse(task.context) as { customerId: string }).customerId;
        const planned = plannedAnswer(customerId);
        const result = task.result ? (JSON.parse(task.result) as { reached?: boolean; outcome?: string }) : undefined;
        const matches = planned === 'not-reached' ? result?.reached === false : result?.reached === true && result.outcome === planned;
        return task.status !== 'completed' || !matches;
      });
      const byUs = calls.filter((task) => input.agents.completed.has(task.id)).length;
      rows.push({ check: 'campaign-call tasks completed with the planned answer', expected: calls.length, found: calls.length - badResult.length, lost: 0, duplicated: 0, wrong: badResult.length, detail: sample([...badResult.map((t) => `${t.id}: ${t.status} ${t.result ?? ''}`), ...(byUs !== calls.length ? [`the agents recorded ${byUs} of them as completed`] : [])]) });
    });
    await guarded('active tasks', async () => {
      // Active tasks of processes that are closed (a task nobody will ever take in).
      const active = tasks.filter((task) => ['open', 'claimed', 'escalated'].includes(task.status));
      const orphaned = (await pool([...new Set(active.map((t) => t.workflowId))], 16, async (workflowId) => {
        try {
          const { status } = await client.workflow.getHandle(workflowId).describe();
          return status.name === 'RUNNING' ? undefined : `${workflowId}: ${status.name}`;
        } catch (error) {
          return `${workflowId}: ${(error as Error).name}`;
        }
      })).filter((entry): entry is string => entry !== undefined);
      rows.push({ check: 'active tasks behind closed processes', expected: 0, found: orphaned.length, lost: orphaned.length, duplicated: 0, wrong: 0, detail: sample(orphaned) });
    });
    await guarded('callbacks and emails', async () => {
      // Callbacks for the interested, and their email to the Direktberatung's mailbox: once each.
      const interested = targets.filter((t) => plannedAnswer(t.customerId) === 'interested-callback').map((t) => t.customerId);
      const callbackIds = interested.map((customerId) => callbackWorkflowId(`${campaignContactWorkflowId(input.runId, pseudonymOf(customerId)).replace(/[^A-Za-z0-9-]/g, '-')}-cb`));
      const callbackStatus = await pool(callbackIds, 16, async (workflowId) => {
        try {
          return (await client.workflow.getHandle(workflowId).describe()).status.name;
        } catch (error) {
          return (error as Error).name;
        }
      });
      const noCallback = callbackIds.filter((_, i) => callbackStatus[i] !== 'RUNNING' && callbackStatus[i] !== 'COMPLETED');
      let callbacksInTemporal = 0;
      for await (const _ of client.workflow.list({ query: "WorkflowType = 'callbackWorkflow'" })) callbacksInTemporal++;
      rows.push({ check: 'callbacks started (interested customers)', expected: interested.length, found: callbacksInTemporal, lost: noCallback.length, duplicated: Math.max(0, callbacksInTemporal - (interested.length - noCallback.length)), wrong: 0, detail: sample(noCallback.map((id) => `${id}: ${callbackStatus[callbackIds.indexOf(id)]}`)) });

      const emails = (await (await fetch(`${input.simControlUrl}/emails`)).json()) as Array<{ messageId: string; to: string[]; subject: string }>;
      const mailbox = emails.filter((mail) => mail.subject.startsWith('Rückrufbitte: Kunde '));
      const mailsByCustomer = new Map<string, Array<{ messageId: string }>>();
      for (const mail of mailbox) {
        const customerId = /^Rückrufbitte: Kunde (\S+), Thema/.exec(mail.subject)?.[1] ?? '?';
        mailsByCustomer.set(customerId, [...(mailsByCustomer.get(customerId) ?? []), mail]);
      }
      const noMail = interested.filter((c) => !mailsByCustomer.has(c));
      const twoMails = [...mailsByCustomer].filter(([, list]) => list.length > 1).map(([c, list]) => `${c}: ${list.length} deliveries, ${new Set(list.map((m) => m.messageId)).size} Message-IDs`);
      const strayMails = [...mailsByCustomer.keys()].filter((c) => !interested.includes(c));
      rows.push({ check: 'callback emails caught by the SMTP catcher (one per callback)', expected: interested.length, found: mailbox.length, lost: noMail.length, duplicated: twoMails.length + strayMails.length, wrong: 0, detail: sample([...noMail.map((c) => `no email for ${c}`), ...twoMails, ...strayMails.map((c) => `not expected: ${c}`)]) });
      const distinctIds = new Set(mailbox.map((m) => m.messageId)).size;
      rows.push({ check: 'distinct Message-IDs among them', expected: interested.length, found: distinctIds, lost: 0, duplicated: Math.max(0, distinctIds - interested.length + noMail.length), wrong: 0 });
      const outbox = (await db.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM "OutboxEmail" GROUP BY status')).rows;
      const unsent = outbox.filter((row) => row.status !== 'sent').reduce((sum, row) => sum + Number(row.n), 0);
      rows.push({ check: 'outbox emails not marked sent', expected: 0, found: unsent, lost: unsent, duplicated: 0, wrong: 0, detail: outbox.map((row) => `${row.status}: ${row.n}`).join(', ') });
    });
    await guarded('blocks', async () => {
      // Re-contact blocks for the not interested: one each, none for anybody else.
      const notInterested = new Set(targets.filter((t) => plannedAnswer(t.customerId) === 'not-interested').map((t) => t.customerId));
      const blocks = (await db.query<{ customerId: string; status: string }>('SELECT "customerId", status FROM "ContactBlock" WHERE topic = $1', [input.topic])).rows;
      const blocksByCustomer = new Map<string, number>();
      for (const block of blocks) blocksByCustomer.set(block.customerId, (blocksByCustomer.get(block.customerId) ?? 0) + 1);
      const noBlock = [...notInterested].filter((c) => !blocksByCustomer.has(c));
      const extraBlocks = [...blocksByCustomer].filter(([c, n]) => n > 1 || !notInterested.has(c)).map(([c, n]) => `${c}: ${n}`);
      rows.push({ check: 're-contact blocks (not interested)', expected: notInterested.size, found: blocks.length, lost: noBlock.length, duplicated: extraBlocks.length, wrong: 0, detail: sample([...noBlock.map((c) => `no block ${c}`), ...extraBlocks]) });
    });
    await guarded('journal', async () => {
      // Core banking's journal: every consent answered "yes" written once, nothing else.
      const journal = existsSync(input.journalFile)
        ? readFileSync(input.journalFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { customerId: string; channel: string; idempotencyKey: string; granted: boolean })
        : [];
      const perKey = new Map<string, number>();
      for (const entry of journal) perKey.set(entry.idempotencyKey, (perKey.get(entry.idempotencyKey) ?? 0) + 1);
      const expectedWrites = [...input.agents.consents].flatMap(([customerId, { channels }]) => channels.map((channel) => `${customerId}/${channel}`));
      const perDecision = new Map<string, number>();
      for (const entry of journal) perDecision.set(`${entry.customerId}/${entry.channel}`, (perDecision.get(`${entry.customerId}/${entry.channel}`) ?? 0) + 1);
      const absent = expectedWrites.filter((key) => !perDecision.has(key));
      const doubled = [...perDecision].filter(([, n]) => n > 1).map(([key, n]) => `${key}: ${n}`);
      const unexpected = [...perDecision.keys()].filter((key) => !expectedWrites.includes(key));
      const keyTwice = [...perKey].filter(([, n]) => n > 1).map(([key, n]) => `${key}: ${n}`);
      const asked = [...input.agents.consents.values()];
      rows.push({
        check: 'core-banking journal: consent writes (one per customer and channel answered yes)',
        expected: expectedWrites.length,
        found: journal.length,
        lost: absent.length,
        duplicated: doubled.length + unexpected.length + keyTwice.length,
        wrong: 0,
        detail: [`${asked.length} checks, ${asked.filter((c) => c.channels.length).length} asked and answered yes, ${perKey.size} idempotency keys`, sample([...absent.map((k) => `missing ${k}`), ...doubled, ...unexpected.map((k) => `unexpected ${k}`), ...keyTwice])].filter(Boolean).join('; '),
      });
    });
    const repairs = tasks.filter((task) => task.type === 'repair').map((task) => (JSON.parse(task.context) as { code?: string }).code ?? '?');
    rows.push({ check: 'repairs opened', expected: 0, found: repairs.length, lost: 0, duplicated: 0, wrong: repairs.length, detail: sample(repairs) });
    return rows;
  } finally {
    await db.end();
    await connection?.close();
  }
}

/** The report as a fixed-width table. */
export function formatTable(rows: CheckRow[]): string {
  const header = ['check', 'expected', 'found', 'lost', 'dup', 'wrong'];
  const cells = rows.map((row) => [row.check, String(row.expected), String(row.found), String(row.lost), String(row.duplicated), String(row.wrong)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(' | ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)];
  for (const row of rows) if (row.detail) out.push(`  ${row.check}: ${row.detail}`);
  return out.join('\n');
}
