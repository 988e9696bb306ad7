/**
 * The simulator's contact-data writes (email, mobile number): idempotent by key, journaled before
 * they count, and laid over the population's master data, so `GET /customers/{id}` shows them.
 */
import { randomUUID } from 'node:crypto';
import type { CustomerProfile } from '../core-banking.port';
import { ContactDataWriteBody, type UpdateContactDataRequestBody } from '../wire';
import { JsonLinesJournal } from './journal';

export type ContactDataWrite = ContactDataWriteBody;

export type ContactDataOutcome =
  | { outcome: 'created'; write: ContactDataWrite }
  | { outcome: 'duplicate'; write: ContactDataWrite }
  | { outcome: 'key-reused' };

export class ContactDataLedger {
  private readonly byKey = new Map<string, ContactDataWrite>();
  private readonly byCustomer = new Map<string, ContactDataWrite[]>();

  private constructor(private readonly journal: JsonLinesJournal<ContactDataWrite> | undefined) {}

  static inMemory(): ContactDataLedger {
    return new ContactDataLedger(undefined);
  }

  static fromJournal(file: string): ContactDataLedger {
    const { journal, entries } = JsonLinesJournal.open(file, (value) => ContactDataWriteBody.parse(value));
    const ledger = new ContactDataLedger(journal);
    for (const write of entries) ledger.apply(write);
    return ledger;
  }

  /** Records a change under a key (global, as in the real gateway); on disk before `created` returns. */
  record(customerId: string, idempotencyKey: string, request: UpdateContactDataRequestBody, now: Date = new Date()): ContactDataOutcome {
    const earlier = this.byKey.get(idempotencyKey);
    if (earlier) {
      const same = earlier.customerId === customerId && earlier.email === request.email && earlier.phone === request.phone;
      return same ? { outcome: 'duplicate', write: earlier } : { outcome: 'key-reused' };
    }
    const write: ContactDataWrite = {
      updateId: randomUUID(),
      customerId,
      idempotencyKey,
      ...(request.email === undefined ? {} : { email: request.email }),
      ...(request.phone === undefined ? {} : { phone: request.phone }),
      receivedAt: now.toISOString(),
    };
    this.journal?.append(write);
    this.apply(write);
    return { outcome: 'created', write };
  }

  writesOf(customerId: string): ContactDataWrite[] {
    return [...(this.byCustomer.get(customerId) ?? [])];
  }

  /** The profile with every accepted change applied, in the order accepted. */
  current(profile: CustomerProfile): CustomerProfile {
    const writes = this.byCustomer.get(profile.customerId);
    if (!writes) return profile;
    const contact = { ...profile.contact };
    for (const write of writes) {
      if (write.email !== undefined) contact.email = write.email;
      if (write.phone !== undefined) contact.phone = write.phone;
    }
    return { ...profile, contact };
  }

  close(): void {
    this.journal?.close();
  }

  private apply(write: ContactDataWrite): void {
    this.byKey.set(write.idempotencyKey, write);
    const writes = this.byCustomer.get(write.customerId) ?? [];
    writes.push(write);
    this.byCustomer.set(write.customerId, writes);
  }
}
