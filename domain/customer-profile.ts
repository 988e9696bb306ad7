/**
 * Customer profile update (issue 11, section 3; seed 000 "Cross-Selling-Katalog – Dauerhafte
 * Services"): needs and interests a customer mentions during any contact ("plant
 * Immobilienkauf", "Kind kommt in die Schule") are recorded with the contact, reach the
 * customer's advisor as a notice (to read, not a task to process: no clerical work shifted to the
 * advisor), and are a criterion (`interest`) of later campaigns.
 *
 * Interests are a code list, not free text: a campaign can only select on what is recorded the
 * same way every time. What does not fit the list goes into the note, which only people read.
 */
import { z } from 'zod';
import { ContactId } from './identifiers';
import { freeText } from './text';

/**
 * The interests an agent can record, with the label the console shows. The codes are what
 * campaign criteria name (`{ kind: 'interest', in: ['immobilienkauf'] }`): a code once used is
 * never renamed or removed, only its label may change.
 */
export const INTERESTS = {
  immobilienkauf: 'plant Immobilienkauf',
  modernisierung: 'plant Modernisierung oder Renovierung',
  fahrzeugkauf: 'plant Fahrzeugkauf',
  'kind-schule': 'Kind kommt in die Schule',
  familienzuwachs: 'erwartet Familienzuwachs',
  'ausbildung-studium': 'Ausbildung oder Studium (selbst oder Kind)',
  geldanlage: 'möchte Geld anlegen',
  altersvorsorge: 'denkt über Altersvorsorge nach',
  ruhestand: 'Ruhestand steht bevor',
  reisen: 'plant längere Reise oder Auslandsaufenthalt',
  selbststaendigkeit: 'plant Selbstständigkeit',
  erbschaft: 'Erbschaft oder Schenkung',
} as const satisfies Record<string, string>;
export type InterestCode = keyof typeof INTERESTS;
export const INTEREST_CODES = Object.keys(INTERESTS) as [InterestCode, ...InterestCode[]];

/** An interest with its label, as the API answers it. */
export interface InterestView {
  code: InterestCode;
  label: string;
}
export const interestView = (code: InterestCode): InterestView => ({ code, label: INTERESTS[code] });

/**
 * How long a recorded interest counts for campaigns: plans change, and "plant Immobilienkauf"
 * said two years ago is no reason for an offer today.
 */
export const INTEREST_VALID_DAYS = 365;

/** `POST /customers/{customerId}/profile-notes`: at least one interest or a note. */
export const ProfileNoteBodySchema = z
  .strictObject({
    /** The contact during which the customer said it. */
    contactId: ContactId,
    interests: z
      .array(z.enum(INTEREST_CODES, { error: `must be one of ${INTEREST_CODES.join(', ')}` }))
      .max(INTEREST_CODES.length)
      .refine((codes) => new Set(codes).size === codes.length, 'names an interest twice')
      .default([]),
    /** For the advisor, in the agent's words; personal data, so it stays in the database. */
    note: freeText(1, 500).optional(),
  })
  .refine((body) => body.interests.length > 0 || body.note !== undefined, { message: 'name at least one interest or write a note', path: ['interests'] });
export type ProfileNoteBody = z.infer<typeof ProfileNoteBodySchema>;

/** A recorded profile note and its notice to the advisor. Times are ISO strings. */
export interface ProfileNoteRecord {
  /** `pn-` and a hash of the recording user's scoped Idempotency-Key (no personal data). */
  id: string;
  customerId: string;
  contactId: string;
  interests: InterestCode[];
  note?: string;
  /** Who recorded it (every change to a customer's data names its author). */
  recordedBy: string;
  recordedAt: string;
  /** The advisors' queue of the customer's branch at the time of recording, e.g. `filiale-F-01`. */
  queue: string;
  readAt?: string;
  readBy?: string;
}

/** The notice's title in the advisor's list: the customer number and what they mentioned. */
export function noticeTitle(record: Pick<ProfileNoteRecord, 'customerId' | 'interests'>): string {
  const what = record.interests.length > 0 ? record.interests.map((code) => INTERESTS[code]).join(', ') : 'Notiz zum Kunden';
  return `Kundeninteresse ${record.customerId}: ${what}`;
}
