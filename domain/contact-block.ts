/**
 * The re-contact block (Sperrvermerk): after "not interested" a customer is not approached on a
 * topic (or on any, with topic `all`) for a number of months. Types and rules shared by the API,
 * the workflow and the activities; no Temporal or database types in here.
 */
import { z } from 'zod';
import { freeText } from './text';
import { CustomerId, Topic } from './identifiers';

/**
 * The workflow ID of the block for one customer and topic: one process per pair. `customer` is
 * the customer's pseudonym (domain/pseudonym.ts), never the customer number.
 */
export function contactBlockWorkflowId(customer: string, topic: string): string {
  return `contact-block:${customer}:${topic}`;
}

/** Absolute upper bound on a block's length; the configured maximum (BLOCK_MAX_MONTHS) is lower. */
export const ABSOLUTE_MAX_BLOCK_MONTHS = 1200;

/** A request to block or extend. `requestId` makes it idempotent (the REST Idempotency-Key). */
export const BlockRequestSchema = z.strictObject({
  requestId: z.string().min(1).max(200),
  months: z.number().int().min(1).max(ABSOLUTE_MAX_BLOCK_MONTHS),
  reason: freeText(1, 500),
  requestedBy: z.string().max(100).optional(),
});
export type BlockRequest = z.infer<typeof BlockRequestSchema>;

/** A request to lift a block before its end. */
export const LiftRequestSchema = z.strictObject({
  requestId: z.string().min(1).max(200),
  reason: freeText(1, 500).optional(),
  liftedBy: z.string().max(100).optional(),
});
export type LiftRequest = z.infer<typeof LiftRequestSchema>;

/** The workflow's input. `carried` continues a block after continue-as-new. */
export interface ContactBlockInput {
  customerId: string;
  topic: string;
  request: BlockRequest;
  carried?: ContactBlockState;
  /** The requests a previous run answered (continue-as-new), so a replayed key answers the same. */
  carriedRequests?: Array<{ request: BlockRequest; result: BlockResult }>;
}

export type ContactBlockStatus = 'active' | 'lifted' | 'expired';

/** A block as its workflow holds it. Times are ISO-8601 strings (JSON-safe in history). */
export interface ContactBlockState {
  /** Row id: `{workflowId}#{firstExecutionRunId}`, stable across continue-as-new. */
  blockId: string;
  workflowId: string;
  customerId: string;
  topic: string;
  status: ContactBlockStatus;
  reason: string;
  startedAt: string;
  endsAt: string;
  /** How many later requests extended (or repeated) the first one. */
  extensions: number;
  liftedAt?: string;
  liftedBy?: string;
  liftReason?: string;
  /** Increases with every change; the database keeps only the newest version it was sent. */
  version: number;
}

/** A block as the database projection holds it (everything but the workflow's counters). */
export type ContactBlockRecord = Omit<ContactBlockState, 'extensions'>;

/** What a block request answers. */
export interface BlockResult {
  workflowId: string;
  customerId: string;
  topic: string;
  endsAt: string;
  /** True for the request that created the block, false for one that extended it. */
  created: boolean;
}

/** The API's body for a new block (the request id comes from the Idempotency-Key header). */
export const CreateBlockBodySchema = z.strictObject({
  customerId: CustomerId,
  topic: Topic,
  months: z.number().int().min(1),
  reason: freeText(1, 500),
});
export type CreateBlockBody = z.infer<typeof CreateBlockBodySchema>;

/** Failure types the block workflow raises; the API maps them to HTTP statuses. */
export const ContactBlockErrors = {
  /** The block is lifted or expired and its workflow is closing. */
  NotActive: 'ContactBlockNotActive',
  /** The same request id came with a different request. */
  RequestIdReused: 'IdempotencyKeyReused',
} as const;
