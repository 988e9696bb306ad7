/**
 * The use case behind `GET /customers/{customerId}`: the customer summary an agent needs on a live
 * call to confirm whom they speak to, read from core banking. Deliberately narrow (data
 * minimisation): name, whether the customer is a minor, segment, branch, the advisor's name, the
 * products held, the advertising consents core banking records, and which contact details are
 * missing (not their values). No birth date, address, contact details or balances: the console needs none of them to decide the next step.
 */
import type { ConsentChannel, CoreBanking, CustomerSegment, ProductCode } from '../adapters/core-banking/core-banking.port';
import { CONTACT_DATA_FIELDS, type ContactDataField } from '../domain/contact-data';
import { adulthoodBegins } from '../domain/contact-policy';
import { notFound } from './http-error';

/** What the use case needs; the clock is injected so that "minor" can be tested on a fixed day. */
export interface CustomerUseCaseDeps {
  coreBanking: Pick<CoreBanking, 'getCustomer' | 'getProducts' | 'getConsents'>;
  now: () => Date;
}

/** The answer of `GET /customers/{customerId}`. */
export interface CustomerSummary {
  customerId: string;
  name: { givenName: string; familyName: string };
  /** Under 18 today (bank time): never a target of advertising. */
  minor: boolean;
  segment: CustomerSegment;
  branchId: string;
  /** The customer's advisor, by name only (the objection "my advisor" and later appointments). */
  advisor: { name: string };
  /** Products held, oldest first: what an offer must not duplicate. */
  products: Array<{ product: ProductCode; since: string }>;
  /**
   * Advertising consents as core banking records them, per channel (channels never asked are
   * absent). Drehscheibe's newer evidence may not be written through yet: the contact policy and
   * `GET /customers/{id}/consents` show the consent that counts now.
   */
  coreBankingConsents: Array<{ channel: ConsentChannel; granted: boolean; recordedAt: string }>;
  /**
   * Contact details core banking has no value for (`email`, `phone`: the mobile number): the
   * console asks the agent to record them. Which ones only, never the values.
   */
  missing: ContactDataField[];
}

/** Reads the customer summary. */
export class CustomerUseCases {
  constructor(private readonly deps: CustomerUseCaseDeps) {}

  /**
   * The summary of `customerId`, from three core-banking reads in parallel (an agent is waiting
   * on the line).
   *
   * @throws {HttpError} 404 for a customer core banking does not know.
   * @throws {CoreBankingError} when core banking is unavailable or slow (the error handler: 503)
   *   or rejects the request (502).
   */
  async summary(customerId: string): Promise<CustomerSummary> {
    const [profile, products, consents] = await Promise.all([
      this.deps.coreBanking.getCustomer(customerId),
      this.deps.coreBanking.getProducts(customerId),
      this.deps.coreBanking.getConsents(customerId),
    ]);
    if (!profile) throw notFound(`customer ${customerId} is not known to core banking`);
    return {
      customerId,
      name: { givenName: profile.givenName, familyName: profile.familyName },
      minor: this.deps.now().getTime() < adulthoodBegins(profile.birthDate).getTime(),
      segment: profile.segment,
      branchId: profile.branchId,
      advisor: { name: profile.advisor.name },
      products: products.map(({ product, since }) => ({ product, since })).sort((a, b) => a.since.localeCompare(b.since)),
      coreBankingConsents: consents.map(({ channel, granted, recordedAt }) => ({ channel, granted, recordedAt })),
      missing: CONTACT_DATA_FIELDS.filter((field) => !profile.contact[field]?.trim()),
    };
  }
}
