/**
 * Customer data update (issue 11, seed 000 "Kundendaten-Updates"): an email address or mobile
 * number the customer gave during a contact, written through to core banking exactly once.
 *
 * Why a workflow and not a synchronous call: the agent must not wait for core banking, and
 * "nothing is lost on a crash" — once the API has started this workflow, the value is in
 * Temporal's history (encrypted by the data converter) and the write is retried, across API and
 * worker crashes, for as long as deliveries to other systems are (`UNTIL_DELIVERED`), then a
 * repair task for operations. The core-banking key is derived from the workflow id (itself the
 * caller's scoped Idempotency-Key) and the run, so retries of the request and of the activity
 * reach one write. Workflow id: `contact-data-update:{scoped key}`: no customer number, no value.
 */
import { isCancellation, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { RepairCodes } from '../domain/repair';
import { fieldsOf, type ContactDataUpdateInput, type ContactDataUpdateResult } from '../domain/contact-data';
import { openRepair, repairSettingsOf } from './repair.workflow';
import { DELIVER_WITHIN, UNTIL_DELIVERED } from './retry-policies';
import type { createContactDataActivities } from '../activities/contact-data.activities';

const { writeContactDataThrough } = proxyActivities<ReturnType<typeof createContactDataActivities>>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: DELIVER_WITHIN,
  retry: UNTIL_DELIVERED,
});

export async function contactDataUpdateWorkflow(input: ContactDataUpdateInput): Promise<ContactDataUpdateResult> {
  const { workflowId, firstExecutionRunId } = workflowInfo();
  try {
    const coreBankingId = await writeContactDataThrough({
      customerId: input.customerId,
      ...input.change,
      idempotencyKey: `${workflowId}/${firstExecutionRunId}`,
    });
    return { fields: fieldsOf(input.change), coreBankingId };
  } catch (error) {
    if (!isCancellation(error)) {
      await openRepair(
        {
          code: RepairCodes.ContactDataNotWrittenThrough,
          problem: 'Neue Kontaktdaten (E-Mail-Adresse oder Mobilnummer) aus einem Kundenkontakt sind nicht im Kernbankensystem angekommen. Bitte beim Kunden erneut erfragen und dort nachtragen.',
          customerId: input.customerId,
        },
        repairSettingsOf(input.tasks),
      );
    }
    throw error;
  }
}
