/**
 * Use cases of a sale made elsewhere (`POST /sales`): start its after-sales care call once per
 * agent and Idempotency-Key, and read the care call's state.
 */
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import { careCallWorkflowId, saleProblems, type CareCallState, type SaleRequest } from '../domain/care-call';
import { careCallStateQuery } from '../workflows/care-call.messages';
import { CareCallSaleKeyReusedError, startCareCall, type CareCallSettings, type CareCallStarted } from '../workflows/care-call.client';
import { HttpError, notFound } from './http-error';
import { fingerprintOf, scopedKey } from './idempotency';

export interface SalesUseCaseDeps {
  temporal: Client;
  coreBanking: Pick<CoreBanking, 'getCustomer'>;
  careCall: CareCallSettings;
}

/** What recording a sale answers (identical for a repeated request). */
export interface SaleRecorded extends CareCallStarted {
  customerId: string;
  product: string;
}

/** A care call's state as the API shows it (without the process's own bookkeeping). */
export type CareCallView = Omit<CareCallState, 'fingerprint'>;

export class SalesUseCases {
  constructor(private readonly deps: SalesUseCaseDeps) {}

  /**
   * Starts the sale's care call. The sale key is the caller's scoped Idempotency-Key, so the same
   * key reaches the same process (also after a crash before the answer was stored); with another
   * sale it is refused (422).
   *
   * @throws {HttpError} 400 naming `soldAt` for a sale in the future or too old; 404 for a
   *   customer core banking does not know; 422 for a key reused with another sale.
   */
  async record(sale: SaleRequest, requestedBy: string, idempotencyKey: string): Promise<SaleRecorded> {
    const problems = saleProblems(sale, new Date());
    if (problems.length > 0) throw new HttpError(400, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    if (!(await this.deps.coreBanking.getCustomer(sale.customerId))) throw notFound(`customer ${sale.customerId} is not known to core banking`);
    try {
      const started = await startCareCall(this.deps.temporal, this.deps.careCall, {
        sale,
        saleKey: scopedKey(requestedBy, idempotencyKey),
        requestedBy,
        fingerprint: fingerprintOf(sale),
      });
      return { ...started, customerId: sale.customerId, product: sale.product };
    } catch (error) {
      if (error instanceof CareCallSaleKeyReusedError) {
        throw new HttpError(422, 'Idempotency-Key: was used before with a different request', [{ field: 'Idempotency-Key', message: 'was used before with a different request' }]);
      }
      throw error;
    }
  }

  /** The care call of sale `saleId` (`{customerId}~{saleKey}`). */
  async state(saleId: string): Promise<CareCallView> {
    const [customerId = '', saleKey = ''] = saleId.split('~');
    try {
      const { fingerprint: _fingerprint, ...state } = await this.deps.temporal.workflow
        .getHandle(careCallWorkflowId(this.deps.careCall.pseudonymOf(customerId), saleKey))
        .query(careCallStateQuery);
      return state;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(`no sale ${saleId}`);
      throw error;
    }
  }
}
