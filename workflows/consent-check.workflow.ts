/**
 * Consent capture (Werbeeinverständnis, DESIGN.md process 5; seed 000 "Praxisbeispiel –
 * Einholung Werbeeinverständnis"). During a contact: check whether phone and email advertising
 * consent exist; if not, and the customer has not said no recently, give the agent the script
 * and the objection answers; record the answer as evidence (time, channel, agent, contact,
 * script version, hash of the wording) and write it through to core banking exactly once.
 * One workflow per contact: `consent-check:{pseudonym}~{contactId}`.
 */
import { ApplicationFailure, allHandlersFinished, condition, isCancellation, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { DELIVER_WITHIN, STORE_WITHIN, UNTIL_DELIVERED, UNTIL_STORED, WHILE_AGENT_WAITS } from './retry-policies';
import { RepairCodes } from '../domain/repair';
import { openRepair, repairSettingsOf } from './repair.workflow';
import type { createConsentActivities } from '../activities/consent.activities';
import { addCalendarMonths } from '../domain/calendar-months';
import {
  ASKED_CHANNELS,
  ConsentAnswerSchema,
  ConsentErrors,
  type ConsentAnswer,
  type ConsentCheckDecision,
  type ConsentCheckInput,
  type ConsentCheckState,
  type ConsentEvidenceRecord,
  type ConsentSituation,
} from '../domain/consent';
import { consentAnswerUpdate, consentCheckStateQuery, consentDecisionUpdate } from './consent-check.messages';

const { loadConsentSituation } = proxyActivities<ReturnType<typeof createConsentActivities>>({
  startToCloseTimeout: '10 seconds',
  // The agent is on the call: a few quick tries, then the check fails and the agent goes on.
  retry: WHILE_AGENT_WAITS,
});
const { appendConsentEvidence } = proxyActivities<ReturnType<typeof createConsentActivities>>({
  startToCloseTimeout: '10 seconds',
  // The customer's answer is the proof the law asks for: keep trying for hours, not seconds. The
  // agent's request answers 503 after its deadline; the answer is in history and gets stored.
  scheduleToCloseTimeout: STORE_WITHIN,
  retry: UNTIL_STORED,
});
const { writeConsentThrough } = proxyActivities<ReturnType<typeof createConsentActivities>>({
  startToCloseTimeout: '30 seconds',
  // Core banking must get the decision, however long it is away, within days; then operations.
  scheduleToCloseTimeout: DELIVER_WITHIN,
  retry: UNTIL_DELIVERED,
});

const MINUTE = 60_000;

/** Whether to ask, from the situation: the rules of the check, pure. */
export function decide(situation: ConsentSituation, now: Date, declineMonths: number): ConsentCheckDecision {
  if (!situation.known) return { ask: false, code: 'unknown-customer', reason: 'core banking does not know this customer' };
  if (situation.minor) return { ask: false, code: 'minor', reason: 'the customer is under 18: no advertising, so no consent question' };
  const granted = new Set(situation.consents.filter((c) => c.granted).map((c) => c.channel));
  const missing = ASKED_CHANNELS.filter((channel) => !granted.has(channel));
  if (missing.length === 0) return { ask: false, code: 'already-granted', reason: 'phone and email advertising consent are on file' };
  if (situation.lastDeclinedAt) {
    const askAgainFrom = addCalendarMonths(new Date(situation.lastDeclinedAt), declineMonths);
    if (askAgainFrom > now) {
      return { ask: false, code: 'declined-recently', reason: `the customer said no on ${situation.lastDeclinedAt.slice(0, 10)}; do not ask again before ${askAgainFrom.toISOString().slice(0, 10)}` };
    }
  }
  return {
    ask: true,
    missingChannels: missing,
    scriptVersion: situation.script.version,
    script: { question: situation.script.question, objectionAnswers: situation.script.objectionAnswers },
  };
}

export async function consentCheckWorkflow(input: ConsentCheckInput): Promise<ConsentCheckState> {
  const workflowId = workflowInfo().workflowId;
  const { request } = input;
  const state: ConsentCheckState = { checkId: input.checkId, customerId: request.customerId, contactId: request.contactId, openedBy: input.agentId, status: 'checking', evidence: [] };
  // What the check found (set once loaded) and the answer being recorded (set by the update).
  const found: { situation?: ConsentSituation } = {};
  let answered: Promise<unknown> | undefined;
  let firstAnswer: (ConsentAnswer & { agentId: string }) | undefined;
  const sameAnswer = (answer: ConsentAnswer & { agentId: string }) => JSON.stringify(answer) === JSON.stringify(firstAnswer);

  setHandler(consentCheckStateQuery, () => state);
  let unavailable = false;
  setHandler(consentDecisionUpdate, async () => {
    await condition(() => state.decision !== undefined || unavailable);
    if (!state.decision) {
      throw ApplicationFailure.create({ type: ConsentErrors.Unavailable, message: 'the consent situation could not be loaded; try the check again', nonRetryable: true });
    }
    return state.decision;
  });
  setHandler(
    consentAnswerUpdate,
    async (answer) => {
      // The same answer again (the agent's request ran past its deadline and was retried): the
      // same proof records, once stored.
      if (answered && sameAnswer(answer)) return { evidence: (await answered) as ConsentEvidenceRecord[] };
      firstAnswer = answer;
      const promise = record(answer);
      answered = promise;
      return { evidence: await promise };
    },
    {
      validator: (answer) => {
        const { agentId: _agentId, ...rest } = answer;
        ConsentAnswerSchema.parse(rest);
        if (answered && sameAnswer(answer)) return;
        if (state.status !== 'asking' || answered) {
          throw ApplicationFailure.create({ type: ConsentErrors.NotAsking, message: `the consent check is ${answered ? 'answered' : state.status}`, nonRetryable: true });
        }
      },
    },
  );

  /** The proof records of an answer, stored before the API answers the agent. */
  async function record(answer: ConsentAnswer & { agentId: string }): Promise<ConsentEvidenceRecord[]> {
    const decision = state.decision;
    const known = found.situation;
    if (!decision?.ask || !known) return [];
    const decidedAt = new Date(Date.now()).toISOString();
    const channels = answer.answer === 'yes' ? answer.channels : decision.missingChannels;
    const records = channels.map((channel): ConsentEvidenceRecord => ({
      // The run id too: a workflow id may be used again once its history is past retention.
      id: `${workflowId}/${workflowInfo().firstExecutionRunId}/${channel}`,
      customerId: request.customerId,
      purpose: 'advertising',
      channel,
      granted: answer.answer === 'yes',
      answer: answer.answer,
      decidedAt,
      agentId: answer.agentId,
      contactId: request.contactId,
      scriptVersion: known.script.version,
      wordingSha256: known.script.wordingSha256,
      workflowId,
    }));
    state.answer = answer.answer;
    await appendConsentEvidence(records);
    state.evidence = records;
    return records;
  }

  try {
    found.situation = await loadConsentSituation(request.customerId, new Date(Date.now()).toISOString());
  } catch (error) {
    // Core banking did not answer in time: the agent hears 503 and may check again for this
    // contact (the failed run does not block a new one). Checks before this change failed as is.
    if (isCancellation(error) || !patched('consent-check-unavailable')) throw error;
    unavailable = true;
    state.status = 'unavailable';
    await condition(allHandlersFinished);
    throw ApplicationFailure.create({ type: ConsentErrors.Unavailable, message: 'the consent situation could not be loaded', nonRetryable: true });
  }
  state.decision = decide(found.situation, new Date(Date.now()), input.settings.declineMonths);
  if (!state.decision.ask) {
    state.status = 'not-asked';
  } else {
    state.status = 'asking';
    const gotAnswer = await condition(() => answered !== undefined, input.settings.answerTimeoutMinutes * MINUTE);
    if (!gotAnswer) {
      state.status = 'unanswered';
    } else {
      await answered;
      // "undecided" is no decision: nothing to tell core banking; ask again at a later contact.
      if (state.answer !== 'undecided') {
        state.status = 'writing-through';
        try {
          for (const evidence of state.evidence) {
            evidence.coreBankingId = await writeConsentThrough(evidence);
          }
        } catch (error) {
          // The proof is stored, but core banking does not have the decision: operations write it.
          if (!isCancellation(error) && patched('consent-write-through-repair')) {
            await openRepair({ code: RepairCodes.ConsentNotWrittenThrough, problem: 'Eine Werbeeinwilligungs-Entscheidung ist als Nachweis gespeichert, aber nicht im Kernbankensystem. Bitte dort nachtragen.', customerId: request.customerId }, repairSettingsOf(input.tasks));
          }
          throw error;
        }
      }
      state.status = 'done';
    }
  }
  await condition(allHandlersFinished);
  return state;
}
