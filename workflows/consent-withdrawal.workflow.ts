/**
 * Withdrawal of advertising consent: honoured at once (the evidence record is what the contact
 * policy reads, stored before the API answers), then written through to core banking, however
 * long core banking is away.
 */
import { condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { UNTIL_DELIVERED, UNTIL_STORED } from './retry-policies';
import type { createConsentActivities } from '../activities/consent.activities';
import type { ConsentEvidenceRecord, WithdrawalInput } from '../domain/consent';
import { withdrawalRecordedUpdate } from './consent-withdrawal.messages';

const { appendConsentEvidence } = proxyActivities<ReturnType<typeof createConsentActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: UNTIL_STORED,
});
const { writeConsentThrough } = proxyActivities<ReturnType<typeof createConsentActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: UNTIL_DELIVERED,
});

export async function consentWithdrawalWorkflow(input: WithdrawalInput): Promise<ConsentEvidenceRecord[]> {
  const workflowId = workflowInfo().workflowId;
  // Filled once the evidence is stored; the update answers only then.
  const stored: { records?: ConsentEvidenceRecord[] } = {};
  setHandler(withdrawalRecordedUpdate, async () => {
    await condition(() => stored.records !== undefined);
    return stored.records!;
  });
  const decidedAt = new Date(Date.now()).toISOString();
  const records = input.request.channels.map((channel): ConsentEvidenceRecord => ({
    id: `${workflowId}/${workflowInfo().firstExecutionRunId}/${channel}`,
    customerId: input.customerId,
    purpose: 'advertising',
    channel,
    granted: false,
    answer: 'withdrawn',
    decidedAt,
    agentId: input.agentId,
    contactId: input.request.contactId,
    workflowId,
  }));
  await appendConsentEvidence(records);
  stored.records = records;
  for (const record of records) record.coreBankingId = await writeConsentThrough(record);
  return records;
}
