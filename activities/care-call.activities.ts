/**
 * Activities of the after-sales care call: what holds for the customer at a step (for the
 * contact policy), and the email that replaces the call. The customer's contact data is read
 * here, inside the activity, and never enters workflow history: the workflow learns only whether
 * a phone number and an email address exist.
 */
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import type { EmailOutbox } from '../adapters/email/email.port';
import type { CareSituation } from '../domain/care-call';
import { currentConsents } from '../domain/consent';
import { isFederalState } from '../domain/german-holidays';
import { failFastOnPermanentErrors } from './failures';
import type { ConsentEvidenceStore, ContactBlockStore } from './ports';

export interface CareCallActivityDeps {
  coreBanking: CoreBanking;
  blocks: Pick<ContactBlockStore, 'listActive'>;
  evidence: Pick<ConsentEvidenceStore, 'list'>;
  outbox: EmailOutbox;
}

export function createCareCallActivities(deps: CareCallActivityDeps) {
  return {
    /**
     * The facts the contact policy decides a care-call step on, read fresh at `at`: master data
     * (birth date, state), the consents as they stand now (core banking and our own evidence,
     * so a withdrawal counts at once) and the active re-contact blocks. A customer core banking
     * no longer knows (erased) comes back as `known: false`.
     */
    async loadCareSituation(input: { customerId: string; at: string }): Promise<CareSituation> {
      const customer = await failFastOnPermanentErrors(() => deps.coreBanking.getCustomer(input.customerId));
      if (!customer) return { known: false, consents: [], blocks: [], hasPhone: false, hasEmail: false };
      const [bankConsents, evidence, blocks] = await Promise.all([
        failFastOnPermanentErrors(() => deps.coreBanking.getConsents(input.customerId)),
        deps.evidence.list(input.customerId),
        deps.blocks.listActive(input.customerId, new Date(input.at)),
      ]);
      return {
        known: true,
        birthDate: customer.birthDate,
        ...(isFederalState(customer.federalState) ? { federalState: customer.federalState } : {}),
        consents: currentConsents(bankConsents, evidence).map(({ channel, granted, recordedAt }) => ({ channel, granted, recordedAt })),
        blocks: blocks.map((block) => ({ topic: block.topic, endsAt: block.endsAt })),
        hasPhone: Boolean(customer.contact.phone),
        hasEmail: Boolean(customer.contact.email),
      };
    },

    /**
     * The care call by email: a short question whether the customer is satisfied, with a request
     * to reply. Returns `none` when core banking holds no address (any more).
     */
    async sendCareEmail(input: { customerId: string; productTitle: string; soldOn: string; idempotencyKey: string }): Promise<'email' | 'none'> {
      const customer = await failFastOnPermanentErrors(() => deps.coreBanking.getCustomer(input.customerId));
      const email = customer?.contact.email;
      if (!customer || !email) return 'none';
      await failFastOnPermanentErrors(() => deps.outbox.sendOnce({
        to: [email],
        subject: `Sind Sie zufrieden? Ihr Abschluss „${input.productTitle}“`,
        text: [
          `Guten Tag ${customer.givenName} ${customer.familyName},`,
          '',
          `am ${germanDate(input.soldOn)} haben Sie bei uns „${input.productTitle}“ abgeschlossen. Wir möchten gern wissen, ob alles so ist, wie Sie es sich vorgestellt haben.`,
          'Antworten Sie einfach kurz auf diese Nachricht: Wie zufrieden sind Sie, von 1 (sehr zufrieden) bis 5 (sehr unzufrieden)? Und wünschen Sie einen Rückruf oder einen Beratungstermin?',
          '',
          'Ihre Sparkasse',
        ].join('\n'),
        idempotencyKey: input.idempotencyKey,
      }));
      return 'email';
    },
  };
}

/** `2026-03-10` → `10.03.2026`. */
function germanDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-');
  return `${day}.${month}.${year}`;
}
