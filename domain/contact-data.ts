/**
 * Customer data update (issue 11, "Dauerhafte Services": Kundendaten-Updates): during a contact
 * the agent records an email address or mobile number core banking does not have, and it is
 * written through to core banking exactly once. The values are personal data: they live in the
 * request, the (encrypted) workflow payloads and core banking, never in ids, logs or the audit
 * trail, which name the fields only.
 */
import { z } from 'zod';
import { ContactId } from './identifiers';
import type { TaskBoardSettings } from './task';

/** The contact details the console asks for when core banking lacks them. */
export const CONTACT_DATA_FIELDS = ['email', 'phone'] as const;
export type ContactDataField = (typeof CONTACT_DATA_FIELDS)[number];

export const ContactEmail = z.email('is not an email address').max(254, 'is longer than 254 characters');
/** A mobile number as people say it: digits, optionally a leading +, spaces, slashes or dashes between. */
export const ContactPhone = z.string().regex(/^\+?[0-9][0-9 /-]{4,22}[0-9]$/, 'is not a phone number (digits, optionally + at the start, spaces, / or - between)');

/** `POST /customers/{customerId}/contact-data`: at least one of the fields. */
export const ContactDataUpdateSchema = z
  .strictObject({
    /** The contact during which the customer gave it. */
    contactId: ContactId,
    email: ContactEmail.optional(),
    phone: ContactPhone.optional(),
  })
  .refine((body) => body.email !== undefined || body.phone !== undefined, { message: 'name at least one of email, phone', path: ['email'] });
export type ContactDataUpdate = z.infer<typeof ContactDataUpdateSchema>;

/** The fields a change sets, in a fixed order (what audit entries and answers name). */
export function fieldsOf(change: Partial<Record<ContactDataField, string>>): ContactDataField[] {
  return CONTACT_DATA_FIELDS.filter((field) => change[field] !== undefined);
}

/** Input of the write-through workflow (its payloads are encrypted by the data converter). */
export interface ContactDataUpdateInput {
  customerId: string;
  contactId: string;
  agentId: string;
  change: { email?: string; phone?: string };
  /** Where a repair task goes when core banking never takes the change. */
  tasks?: TaskBoardSettings;
}

/** What the workflow answers: which fields core banking stored, under which write id. */
export interface ContactDataUpdateResult {
  fields: ContactDataField[];
  coreBankingId: string;
}
