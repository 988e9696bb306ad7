/**
 * The wire format of the core-banking gateway API (`openapi.yaml`) as zod schemas, shared by the
 * HTTP client (to check what it receives) and the simulator (to check what it is sent), so both
 * sides follow one definition.
 */
import { z } from 'zod';
import type { ConsentStatus, CustomerProfile, RecordConsentResult, UpdateContactDataResult } from './core-banking.port';

/** Error codes the gateway puts into `{ code, message }` bodies. */
export const GatewayErrorCode = {
  customerNotFound: 'customer-not-found',
  invalidRequest: 'invalid-request',
  idempotencyKeyMissing: 'idempotency-key-missing',
  idempotencyKeyReused: 'idempotency-key-reused',
  unavailable: 'unavailable',
  internal: 'internal',
} as const;

/** The body of every 4xx and 5xx answer. */
export const ErrorBody = z.object({ code: z.string(), message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Header that makes a write idempotent. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Printable ASCII without spaces, as HTTP header values allow, and short enough to index. */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 printable ASCII characters without spaces');

const ConsentChannel = z.enum(['phone', 'email', 'letter', 'messenger']);
const AdvisorRef = z.object({ advisorId: z.string(), name: z.string(), email: z.string() });

export const CustomerProfileBody = z.object({
  customerId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.iso.date(),
  segment: z.enum(['youth', 'private', 'private-premium', 'wealth', 'business']),
  federalState: z.string().length(2),
  branchId: z.string(),
  advisor: AdvisorRef,
  deputy: AdvisorRef,
  contact: z.object({ phone: z.string().optional(), email: z.string().optional(), postalAddress: z.string().optional() }),
}) satisfies z.ZodType<CustomerProfile>;

/**
 * Products as the gateway lists them. `product` is any string on the wire: core banking knows
 * more products than Drehscheibe looks at, and a new one must not break the client.
 */
const ProductHoldingBody = z.object({ product: z.string(), since: z.iso.date(), balanceCents: z.number().int().optional(), maturesOn: z.iso.date().optional() });
export const ProductsBody = z.object({
  customerId: z.string(),
  products: z.array(ProductHoldingBody),
});
export type ProductsBody = z.infer<typeof ProductsBody>;

export const ConsentStatusBody = z.object({
  purpose: z.literal('advertising'),
  channel: ConsentChannel,
  granted: z.boolean(),
  recordedAt: z.iso.datetime({ offset: true }),
}) satisfies z.ZodType<ConsentStatus>;

export const ConsentsBody = z.object({ customerId: z.string(), consents: z.array(ConsentStatusBody) });
export type ConsentsBody = z.infer<typeof ConsentsBody>;

const Segment = z.enum(['youth', 'private', 'private-premium', 'wealth', 'business']);

/** `GET /customers?cursor&limit&segment`: a page of the customer base for a campaign selection. */
export const SelectionQueryParams = z.strictObject({
  cursor: z.string().regex(/^[0-9]{1,9}$/, 'is not a cursor of a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(500),
  /** Comma-separated segments. */
  segment: z
    .string()
    .transform((value) => value.split(','))
    .pipe(z.array(Segment).min(1))
    .optional(),
});
export const SelectionPageBody = z.object({
  customers: z.array(
    z.object({
      customerId: z.string(),
      birthDate: z.iso.date(),
      segment: Segment,
      federalState: z.string().length(2),
      branchId: z.string(),
      reachable: z.object({ phone: z.boolean(), email: z.boolean() }),
      products: z.array(ProductHoldingBody),
      consents: z.array(ConsentStatusBody),
    }),
  ),
  nextCursor: z.string().optional(),
});
export type SelectionPageBody = z.infer<typeof SelectionPageBody>;

/** `POST /customers/{customerId}/consents`; the customer is in the path, the key in a header. */
export const RecordConsentRequestBody = z.object({
  purpose: z.literal('advertising'),
  channel: ConsentChannel,
  granted: z.boolean(),
  decidedAt: z.iso.datetime({ offset: true }),
  evidenceId: z.string().min(1).max(200),
});
export type RecordConsentRequestBody = z.infer<typeof RecordConsentRequestBody>;

export const RecordConsentResponseBody = z.object({ consentId: z.string(), duplicate: z.boolean() }) satisfies z.ZodType<RecordConsentResult>;

/** A consent write as the simulator lists it under `/_sim/consents/{customerId}/writes`. */
export const ConsentWriteBody = RecordConsentRequestBody.extend({
  consentId: z.string(),
  customerId: z.string(),
  idempotencyKey: z.string(),
  receivedAt: z.iso.datetime(),
});
export type ConsentWriteBody = z.infer<typeof ConsentWriteBody>;

/**
 * `POST /customers/{customerId}/contact-data`: new contact details, at least one; the key in a
 * header. The gateway checks the values (an address that is none → 400 naming the field).
 */
export const UpdateContactDataRequestBody = z
  .strictObject({
    email: z.email().max(254).optional(),
    phone: z.string().regex(/^\+?[0-9][0-9 /-]{4,22}[0-9]$/).optional(),
  })
  .refine((body) => body.email !== undefined || body.phone !== undefined, { message: 'at least one of email, phone', path: ['email'] });
export type UpdateContactDataRequestBody = z.infer<typeof UpdateContactDataRequestBody>;

export const UpdateContactDataResponseBody = z.object({ updateId: z.string(), duplicate: z.boolean() }) satisfies z.ZodType<UpdateContactDataResult>;

/** A contact-data write as the simulator journals it and lists it under `/_sim/contact-data/{customerId}/writes`. */
export const ContactDataWriteBody = z.object({
  updateId: z.string(),
  customerId: z.string(),
  idempotencyKey: z.string(),
  email: z.string().optional(),
  phone: z.string().optional(),
  receivedAt: z.iso.datetime(),
});
export type ContactDataWriteBody = z.infer<typeof ContactDataWriteBody>;

/** Where a zod error points, without the values (they can be personal data). */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
}
