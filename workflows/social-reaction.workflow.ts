/**
 * One social-media reaction case (issue 13, section 3; seed 000 "Social Media
 * Dialogmanagement"): a post on the bank's presence, classified by the rules into the seed's
 * reaction types (`domain/social-reaction.ts`), and a task for the social-media team due at the
 * type's reaction time, counted around the clock (an overdue task escalates to the supervisors by
 * the task board's timer). The agent confirms or changes the type and approves or rewrites the
 * reply; the actions follow from the type:
 *
 * - lost card: the public reply with the block hotline 116 116;
 * - broken ATM: the reply, and an email to each external service concerned (configured list);
 * - product question: the reply with the link;
 * - reputation risk: at once, before anyone reads it, the post is preserved as evidence (its
 *   SHA-256 in the audit trail) and the escalation chain is alerted level by level by email and
 *   SMS until someone acknowledges; a chain that runs out opens a repair task with an alert.
 *
 * The post's text and author are personal data: in the encrypted input and state only, never in
 * the workflow id, task rows or the audit trail. Every step is audited (actor `system`).
 */
import { ApplicationFailure, TemporalFailure, allHandlersFinished, condition, isCancellation, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createEmailActivities } from '../activities/email.activities';
import type { createSocialActivities } from '../activities/social.activities';
import { failureTypeOf } from '../domain/failures';
import { RepairCodes } from '../domain/repair';
import {
  SocialCaseErrors,
  type SocialCaseSettings,
  type SocialCaseState,
  type SocialPost,
  type SocialReactionResult,
} from '../domain/social-case';
import {
  classifyPost,
  EXTERNAL_SERVICE_LABELS,
  escalationStep,
  productQuestionReply,
  reactionDueAt,
  SOCIAL_REACTIONS,
  SOCIAL_REPLY_TEXTS,
  type ExternalService,
  type PostType,
} from '../domain/social-reaction';
import type { TaskBoardSettings, TaskRecord } from '../domain/task';
import { TaskBoard, taskLink } from './human-tasks';
import type { NextDescription } from './human-tasks.messages';
import { openRepair } from './repair.workflow';
import { acknowledgeSocialCaseUpdate, socialCaseStateQuery } from './social-reaction.messages';
import { DELIVER_WITHIN, STORE_WITHIN, UNTIL_DELIVERED, UNTIL_STORED } from './retry-policies';

const { preserveSocialEvidence, recordSocialStep } = proxyActivities<ReturnType<typeof createSocialActivities>>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: STORE_WITHIN,
  retry: UNTIL_STORED,
});
const { publishSocialReply, sendSocialSms } = proxyActivities<ReturnType<typeof createSocialActivities>>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: DELIVER_WITHIN,
  retry: UNTIL_DELIVERED,
});
const { sendEmail } = proxyActivities<ReturnType<typeof createEmailActivities>>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: DELIVER_WITHIN,
  retry: UNTIL_DELIVERED,
});

const MINUTE = 60_000;

export interface SocialReactionInput {
  post: SocialPost;
  /** When the webhook received it (ISO). */
  receivedAt: string;
  settings: SocialCaseSettings;
}

/** The reply the team is offered for a type (none for a reputation risk or an unclassified post). */
export function proposedReply(type: PostType | 'no-reaction', productLink: string): string | undefined {
  if (type === 'lost-card') return SOCIAL_REPLY_TEXTS.lostCard;
  if (type === 'broken-atm') return SOCIAL_REPLY_TEXTS.brokenAtm;
  if (type === 'product-question') return productQuestionReply(productLink);
  return undefined;
}

const PRIORITY: Record<PostType, number> = { 'lost-card': 1, 'reputation-risk': 1, 'broken-atm': 2, unclassified: 2, 'product-question': 3 };

export async function socialReactionWorkflow(input: SocialReactionInput, tasks: TaskBoardSettings): Promise<SocialCaseState> {
  const { post, settings } = input;
  const caseId = workflowInfo().workflowId;
  const classified = classifyPost(post.text);
  const now = () => new Date(Date.now()).toISOString();
  const state: SocialCaseState = {
    caseId,
    network: post.network,
    postId: post.postId,
    kind: post.kind,
    author: post.author,
    text: post.text,
    postedAt: post.postedAt,
    receivedAt: input.receivedAt,
    classified:
      classified.type === 'unclassified'
        ? { type: 'unclassified', alsoMatched: [], externalServices: [] }
        : { type: classified.type, rule: classified.rule, alsoMatched: [...classified.alsoMatched], externalServices: [...classified.externalServices] },
    type: classified.type,
    dueAt: reactionDueAt(classified.type, new Date(Date.parse(post.postedAt))).toISOString(),
    status: 'waiting-for-team',
    notified: [],
    steps: [],
  };
  let acknowledged = false;
  /** The team's task is closed: what is left is the escalation. */
  let teamDone = false;
  let escalation: Promise<void> | undefined;
  let stepNo = 0;

  /** A step in the case and in the audit trail. */
  const step = async (name: string, detail: Record<string, string | number | boolean | null | string[]>, by = 'system', text?: string) => {
    const at = now();
    state.steps.push({ at, step: name, by, ...(text ? { detail: text } : {}) });
    stepNo += 1;
    await recordSocialStep({ caseId, key: `${stepNo}-${name}`, action: `social-case.${name}`, at, actor: by, detail });
  };

  const board = new TaskBoard(tasks, (task) => describeNext(task));
  setHandler(socialCaseStateQuery, () => ({ ...state, steps: [...state.steps], notified: [...state.notified] }));
  setHandler(
    acknowledgeSocialCaseUpdate,
    async ({ by }) => {
      if (!acknowledged && state.escalation?.status !== 'acknowledged') {
        acknowledged = true;
        state.escalation!.status = 'acknowledged';
        state.escalation!.acknowledgedBy = by;
        state.escalation!.acknowledgedAt = now();
        if (!teamDone) state.status = 'waiting-for-team';
        await step('acknowledged', { level: state.escalation!.alerts.length }, by);
      }
      return { ...state, steps: [...state.steps] };
    },
    {
      validator: (_command) => {
        if (state.status === 'done' || state.status === 'cancelled') throw ApplicationFailure.create({ type: SocialCaseErrors.Closed, message: 'the case is closed', nonRetryable: true });
        if (!state.escalation) throw ApplicationFailure.create({ type: SocialCaseErrors.NotEscalating, message: 'the case has no escalation to acknowledge', nonRetryable: true });
      },
    },
  );

  function describeNext(task: TaskRecord): NextDescription {
    const result = task.result as SocialReactionResult;
    const what: Record<SocialReactionResult['type'], string> = {
      'lost-card': 'the reply with the block hotline 116 116 is published',
      'broken-atm': 'the reply is published and the external services are notified',
      'product-question': 'the reply with the link is published',
      'reputation-risk': 'the post is preserved as evidence and the escalation chain alerted until acknowledged',
      'no-reaction': 'the case is closed without a reaction',
    };
    return what[result.type];
  }

  /** The escalation chain, level by level, until acknowledged or exhausted. */
  async function escalate(): Promise<void> {
    const chain = settings.escalationChain;
    const started = Date.now();
    state.escalation = { status: 'running', startedAt: now(), alerts: [] };
    for (;;) {
      const next = escalationStep(chain, acknowledged, (Date.now() - started) / MINUTE);
      if (next.kind === 'acknowledged') return;
      if (next.kind === 'exhausted') {
        state.escalation.status = 'exhausted';
        state.escalation.exhaustedAt = now();
        if (!teamDone) state.status = 'waiting-for-team';
        await step('escalation-exhausted', { level: next.level, contact: next.contact });
        await openRepair({ code: RepairCodes.SocialEscalationExhausted, problem: `Reputationsrisiko ${caseId}: Keine Eskalationsstufe hat den Alarm bestätigt. Der Eintrag ist als Beweis gesichert; bitte sofort die Verantwortlichen erreichen.` }, tasks);
        return;
      }
      if (next.level > state.escalation.alerts.length) await alert(next.level);
      await condition(() => acknowledged, Math.max(1, started + next.untilMinutes * MINUTE - Date.now()));
    }
  }

  async function alert(levelNo: number): Promise<void> {
    const level = settings.escalationChain[levelNo - 1]!;
    const sent: string[] = [];
    const link = `${tasks.appBaseUrl}/api/v1/social-cases/${encodeURIComponent(caseId)}`;
    const subject = `Reputationsrisiko (Stufe ${levelNo}): Eintrag auf ${post.network} bitte bestätigen`;
    if (level.channels.includes('mail') && level.email.length > 0) {
      await sendEmail({
        to: [...level.email],
        subject,
        text:
          `Ein Eintrag auf der ${post.network}-Präsenz der Sparkasse wurde als Reputationsrisiko eingestuft und als Beweis gesichert.\n\n` +
          `Eskalationsstufe ${levelNo} (${level.contact}): bitte innerhalb von ${level.ackWithinMinutes} Minuten bestätigen, sonst wird die nächste Stufe alarmiert.\n\n` +
          `Fall: ${caseId}\nBestätigen: POST ${link}/acknowledge\n`,
        idempotencyKey: `${caseId}/escalation-${levelNo}/mail`,
      });
      sent.push(...level.email.map((address) => `mail:${address}`));
    }
    if (level.channels.includes('sms') && level.phone) {
      await sendSocialSms({ to: level.phone, text: `Sparkasse Social Media: Reputationsrisiko (Stufe ${levelNo}) auf ${post.network}. Bitte binnen ${level.ackWithinMinutes} Min. bestätigen. Fall ${caseId}`.slice(0, 640), idempotencyKey: `${caseId}/escalation-${levelNo}/sms` });
      sent.push(`sms:${level.phone}`);
    }
    // No outbound-call port: the call is noted for the person who reads the alert.
    if (level.channels.includes('call')) sent.push('call:to-be-made');
    state.escalation!.alerts.push({ level: levelNo, contact: level.contact, at: now(), channels: [...level.channels], sent });
    await step('escalated', { level: levelNo, contact: level.contact, channels: [...level.channels], mails: level.channels.includes('mail') ? level.email.length : 0, sms: level.channels.includes('sms') && level.phone ? 1 : 0 });
  }

  /** Evidence and the chain, once per case, as soon as the post is (or becomes) a reputation risk. */
  async function startReputationRisk(): Promise<void> {
    if (escalation) return;
    state.evidence = await preserveSocialEvidence({ caseId, content: post.text, postedAt: post.postedAt, capturedAt: now() });
    state.steps.push({ at: state.evidence.capturedAt, step: 'evidence-preserved', by: 'system', detail: `SHA-256 ${state.evidence.sha256}` });
    state.status = 'waiting-for-acknowledgement';
    escalation = escalate();
  }

  async function reply(text: string, by: string): Promise<void> {
    try {
      const { replyId } = await publishSocialReply({ network: post.network, postId: post.postId, text, idempotencyKey: `${caseId}/reply` });
      state.reply = { text, at: now(), by, replyId };
      await step('replied', { replyId, approvedBy: by });
    } catch (error) {
      const type = failureTypeOf(error);
      if (type !== 'SOCIAL_REPLY_REJECTED') throw error;
      // The network refused it for good (the post deleted, comments closed): recorded, the case goes on.
      state.reply = { text, at: now(), by, failed: type };
      await step('reply-refused', { approvedBy: by, failure: type });
    }
  }

  async function notifyExternal(services: readonly ExternalService[], by: string): Promise<void> {
    for (const service of services) {
      const to = settings.externalServices[service] ?? [];
      if (to.length === 0) {
        await step('external-service-not-configured', { service });
        continue;
      }
      await sendEmail({
        to: [...to],
        subject: `Störungsmeldung aus Social Media: ${EXTERNAL_SERVICE_LABELS[service]}`,
        // The customer's words stay out: the service gets the fault, not the post.
        text:
          `Über die ${post.network}-Präsenz der Sparkasse wurde eine Störung im SB-Bereich gemeldet (${SOCIAL_REACTIONS['broken-atm'].label}).\n` +
          `Bitte als ${EXTERNAL_SERVICE_LABELS[service]} umgehend prüfen und beheben.\n\nFall: ${caseId}\nGemeldet: ${post.postedAt}\n`,
        idempotencyKey: `${caseId}/external/${service}`,
      });
      state.notified.push({ service, to: [...to], at: now() });
      await step('external-service-notified', { service, mails: to.length, by });
    }
  }

  async function run(): Promise<void> {
    await step('received', { network: post.network, kind: post.kind, type: classified.type, rule: classified.type === 'unclassified' ? null : classified.rule, dueAt: state.dueAt });
    if (classified.type === 'reputation-risk') await startReputationRisk();

    const proposal = proposedReply(classified.type, settings.productLink);
    const task = await board.open({
      key: 'reaction',
      type: 'social-reaction',
      resultVersion: 1,
      queue: settings.queue,
      priority: PRIORITY[classified.type],
      // Around the clock: the type's reaction time from the post, not working minutes.
      dueAt: new Date(Math.max(Date.now() + MINUTE, Date.parse(state.dueAt))),
      title: `Social Media (${post.network}): ${SOCIAL_REACTIONS[classified.type].label}`,
      context: {
        caseId,
        network: post.network,
        kind: post.kind,
        type: classified.type,
        rule: classified.type === 'unclassified' ? null : classified.rule,
        proposedReply: proposal ?? null,
        externalServices: classified.type === 'unclassified' ? null : classified.externalServices.join(',') || null,
        evidence: state.evidence?.sha256 ?? null,
        link: taskLink(tasks, `${caseId}~reaction`),
      },
    });
    state.taskId = task.id;
    const closed = await board.closed(task.id);
    teamDone = true;
    const by = closed.completedBy ?? 'system';
    if (closed.status === 'completed') {
      const result = closed.result as SocialReactionResult;
      state.type = result.type;
      await step('classified', { rules: classified.type, agent: result.type, changed: result.type !== classified.type }, by);
      if (result.type === 'reputation-risk') {
        await startReputationRisk();
        if (result.reply) await reply(result.reply, by);
      } else if (result.type !== 'no-reaction') {
        const text = result.reply ?? proposedReply(result.type, settings.productLink)!;
        await reply(text, by);
        if (result.type === 'broken-atm') {
          const services = result.externalServices ?? (state.classified.externalServices.length > 0 ? state.classified.externalServices : ['maintenance' as const]);
          await notifyExternal(services, by);
        }
      }
    }
    if (escalation) {
      state.status = 'waiting-for-acknowledgement';
      await escalation;
    }
    state.status = 'done';
    await step('done', { type: state.type, escalation: state.escalation?.status ?? null });
  }

  try {
    await board.closingTasksOnFailure(run);
  } catch (error) {
    if (isCancellation(error)) {
      state.status = 'cancelled';
    } else {
      await openRepair({ code: RepairCodes.SocialCaseFailed, problem: `Der Social-Media-Fall ${caseId} ist fehlgeschlagen; der Eintrag ist womöglich unbeantwortet. Bitte den Fall prüfen.` }, tasks);
    }
    throw error instanceof TemporalFailure ? error : ApplicationFailure.create({ type: 'SocialCaseFailed', message: 'the social-media case failed', cause: error instanceof Error ? error : undefined, nonRetryable: true });
  }
  await board.settled();
  await condition(allHandlersFinished);
  return { ...state, steps: [...state.steps] };
}
