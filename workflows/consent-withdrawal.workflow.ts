/**
 * Withdrawal of advertising consent: honoured at once (the evidence record is what the contact
 * policy reads, stored before the API answers), then written through to core banking, however
 * long core banking is away.
 */
import { condition, isCancellation, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { RepairCodes } from '../domain/repair';
import { openRepair, repairSettingsOf } from './repair.workflow';
import { DELIVER_WITHIN, STORE_WITHIN, UNTIL_DELIVERED, UNTIL_STORED } from './retry-policies';
import type { createConsentActivities } from '../activities/consent.activities';
import type { ConsentEvidenceRecord, WithdrawalInput } from '../domain/consent';
import { withdrawalRecordedUpdate } from './consent-withdrawal.messages';

const { appendConsentEvidence } = proxyActivities<ReturnType<typeof createConsentActivities>>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: STORE_WITHIN,
  retry: UNTIL_STORED,
});
const { writeConsentThrough } = proxyActivities<ReturnType<typeof createConsentActivities>>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: DELIVER_WITHIN,
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
  try {
    for (const record of records) record.coreBankingId = await writeConsentThrough(record);
  } catch (error) {
    // The contact policy honours the withdrawal already; core banking still shows the consent
    // and other channels that read it there would still advertise: operations must fix it.
    if (!isCancellation(error) && patched('withdrawal-write-through-repair')) {
      await openRepair(
        { code: RepairCodes.WithdrawalNotWrittenThrough, problem: 'Ein Widerruf der Werbeeinwilligung ist gespeichert und wird beachtet, aber das Kernbankensystem zeigt die Einwilligung noch. Bitte dort widerrufen.', customerId: input.customerId },
        repairSettingsOf(input.tasks),
      );
    }
    throw error;
  }
  return records;
}
