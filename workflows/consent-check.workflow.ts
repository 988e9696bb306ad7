/**
 * Consent capture (Werbeeinverständnis, DESIGN.md process 5; seed 000 "Praxisbeispiel –
 * Einholung Werbeeinverständnis"). During a contact: check whether phone and email advertising
 * consent exist; if not, and the customer has not said no recently, give the agent the script
 * and the objection answers; record the answer as evidence (time, channel, agent, contact,
 * script version, hash of the wording) and write it through to core banking exactly once.
 * One workflow per contact: `consent-check:{customerId}~{contactId}`.
 */
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { UNTIL_DELIVERED, WHILE_AGENT_WAITS } from './retry-policies';
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

const { loadConsentSituation, appendConsentEvidence } = proxyActivities<ReturnType<typeof createConsentActivities>>({
  startToCloseTimeout: '10 seconds',
  // The agent is on the call: a few quick tries, then the check fails and the agent goes on.
  retry: WHILE_AGENT_WAITS,
});
const { writeConsentThrough } = proxyActivities<ReturnType<typeof createConsentActivities>>({
  startToCloseTimeout: '30 seconds',
  // Core banking must get the decision, however long it is away: retry without end.
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
  const state: ConsentCheckState = { checkId: input.checkId, customerId: request.customerId, contactId: request.contactId, status: 'checking', evidence: [] };
  // What the check found (set once loaded) and the answer being recorded (set by the update).
  const found: { situation?: ConsentSituation } = {};
  let answered: Promise<unknown> | undefined;

  setHandler(consentCheckStateQuery, () => state);
  setHandler(consentDecisionUpdate, async () => {
    await condition(() => state.decision !== undefined);
    return state.decision!;
  });
  setHandler(
    consentAnswerUpdate,
    async (answer) => {
      const promise = record(answer);
      answered = promise;
      return { evidence: await promise };
    },
    {
      validator: (answer) => {
        const { agentId: _agentId, ...rest } = answer;
        ConsentAnswerSchema.parse(rest);
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

  found.situation = await loadConsentSituation(request.customerId, new Date(Date.now()).toISOString());
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
        for (const evidence of state.evidence) {
          evidence.coreBankingId = await writeConsentThrough(evidence);
        }
      }
      state.status = 'done';
    }
  }
  await condition(allHandlersFinished);
  return state;
}
