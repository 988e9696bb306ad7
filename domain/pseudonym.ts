/**
 * Workflow ids carry a keyed pseudonym of the customer number, never the number itself (DESIGN.md
 * "Personal data"). The function is made from a secret key in platform/pseudonyms.ts and passed
 * to whoever builds ids; this is its type.
 */
export type PseudonymOf = (customerId: string) => string;
