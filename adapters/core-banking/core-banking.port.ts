/**
 * The core-banking gateway as Drehscheibe sees it (the bank's core system: customer master data,
 * products held, advertising consents, branches and the advisors' calendars). Implemented over
 * HTTP against the gateway API in `adapters/core-banking/openapi.yaml`; a simulator of that API
 * serves development and tests.
 * Activities receive this port injected; nothing else talks to core banking.
 */

import type { ConsentChannel } from '../../domain/consent';
import type { ProductCode } from '../../domain/products';
import type { AdvisorRef, BranchCalendars } from './calendar.port';
import { CoreBankingError, type CoreBankingErrorKind } from './core-banking-error';

/** Channels a consent (and a contact) can be about (defined in the domain). */
export type { ConsentChannel };

/** Customer segments as core banking keeps them. */
export type CustomerSegment = 'youth' | 'private' | 'private-premium' | 'wealth' | 'business';

/** Products Drehscheibe's processes look at (pilot table in DESIGN.md): one list, in the domain. */
export type { ProductCode };

/** Branches, advisors and calendars (appointments); see `calendar.port.ts`. */
export * from './calendar.port';

export interface CustomerProfile {
  customerId: string;
  givenName: string;
  familyName: string;
  /** ISO date, YYYY-MM-DD. */
  birthDate: string;
  segment: CustomerSegment;
  /** Two-letter German federal state of the customer's address (public holidays), e.g. NW. */
  federalState: string;
  branchId: string;
  advisor: AdvisorRef;
  /** Stands in when the advisor is absent. */
  deputy: AdvisorRef;
  contact: { phone?: string; email?: string; postalAddress?: string };
}

export interface ProductHolding {
  product: ProductCode;
  /** ISO date the product was opened. */
  since: string;
  /** Current balance in euro cents, where the product has one. */
  balanceCents?: number;
  /**
   * ISO date (YYYY-MM-DD) the product matures, where it has a fixed end: a savings plan's last
   * instalment, a building-society contract's allocation, a loan's last repayment. Campaigns
   * target customers shortly before it (trigger `event: maturity`, criterion `maturity-within`).
   */
  maturesOn?: string;
}

/** The customer's current advertising consent on one channel, as core banking holds it. */
export interface ConsentStatus {
  purpose: 'advertising';
  channel: ConsentChannel;
  granted: boolean;
  /** ISO timestamp of the recorded decision. */
  recordedAt: string;
}

/** A decision to write through to core banking. */
export interface RecordConsentCommand {
  customerId: string;
  purpose: 'advertising';
  channel: ConsentChannel;
  granted: boolean;
  /** When the customer decided (ISO timestamp). */
  decidedAt: string;
  /** Drehscheibe's evidence record that proves it. */
  evidenceId: string;
  /** Same key → same effect once, whatever the number of calls (retries after crashes). */
  idempotencyKey: string;
}

export interface RecordConsentResult {
  consentId: string;
  /** True when core banking had this idempotency key already and changed nothing. */
  duplicate: boolean;
}

/**
 * New contact details to write to the customer's master data (fields absent stay as they are).
 * The values are personal data: they never appear in error messages.
 */
export interface UpdateContactDataCommand {
  customerId: string;
  email?: string;
  phone?: string;
  /** Same key → same effect once; the same key with other values is refused (`rejected`). */
  idempotencyKey: string;
}

export interface UpdateContactDataResult {
  updateId: string;
  /** True when core banking had this idempotency key already and changed nothing. */
  duplicate: boolean;
}

/**
 * One customer as a campaign selection reads them (issue 12): what target criteria and the
 * contact policy look at, in one record, and nothing more. No name, no contact details: whether
 * the customer can be reached by phone or email is enough to select.
 */
export interface SelectionRecord {
  customerId: string;
  /** ISO date, YYYY-MM-DD. */
  birthDate: string;
  segment: CustomerSegment;
  federalState: string;
  branchId: string;
  reachable: { phone: boolean; email: boolean };
  products: ProductHolding[];
  consents: ConsentStatus[];
}

/** A page of a selection, in customer-number order; `nextCursor` absent on the last page. */
export interface SelectionPage {
  customers: SelectionRecord[];
  nextCursor?: string;
}

/** Which customers to page through. */
export interface SelectionQuery {
  /** `nextCursor` of the previous page; absent for the first. */
  cursor?: string;
  /** At most this many customers (the gateway caps it at 1,000). */
  limit: number;
  /** Only these segments (narrowed on the core system's side); absent: all. */
  segments?: CustomerSegment[];
}

/** Failure kinds and the error of every method (`core-banking-error.ts`). */
export { CoreBankingError, type CoreBankingErrorKind };

/** Customers and consents here; branches, advisors and calendars from {@link BranchCalendars}. */
export interface CoreBanking extends BranchCalendars {
  /** The customer's master data, or undefined for an unknown customer number. */
  getCustomer(customerId: string): Promise<CustomerProfile | undefined>;
  /** Products the customer holds (empty for an unknown customer). */
  getProducts(customerId: string): Promise<ProductHolding[]>;
  /** Current advertising consents per channel (channels never asked are absent). */
  getConsents(customerId: string): Promise<ConsentStatus[]>;
  /** Writes a consent decision; idempotent by `idempotencyKey`. */
  recordConsent(command: RecordConsentCommand): Promise<RecordConsentResult>;
  /** Writes new contact details (email, mobile number); idempotent by `idempotencyKey`. */
  updateContactData(command: UpdateContactDataCommand): Promise<UpdateContactDataResult>;
  /** A page of the customer base for a campaign selection; a cursor the gateway does not know is `rejected`. */
  selectCustomers(query: SelectionQuery): Promise<SelectionPage>;
}
