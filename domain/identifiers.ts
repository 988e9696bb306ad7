/**
 * Identifiers shared by the API and the workflows. They end up in workflow IDs, so their
 * shape is strict: no spaces, no colons, nothing that could be personal data in clear text.
 */
import { z } from 'zod';

/** A core-banking customer number (pseudonymous), e.g. `K-100042`. */
export const CustomerId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, 'must be 1 to 64 letters, digits or dashes');

/** The contact (call, chat) during which something was recorded, e.g. the console's call id. */
export const ContactId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be 1 to 64 letters, digits or dashes');

/** The topic a contact is about, e.g. `kreditkarte`; `all` means every topic. */
export const Topic = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase key of letters, digits and dashes, e.g. kreditkarte, or all');

/** The topic of a block that covers every topic. */
export const ALL_TOPICS = 'all';
