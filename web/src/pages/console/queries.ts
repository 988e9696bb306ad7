/** Shared settings of the console's reads. */

/**
 * Reads of a customer's data are recorded in the audit trail: no refetch just because the window
 * got the focus again. Actions invalidate what they change.
 */
export const CUSTOMER_READ = { refetchOnWindowFocus: false, staleTime: 30_000 } as const;

/** `/customers/{id}{rest}` with the number encoded (a typo must reach the API as a 400, not another path). */
export const customerPath = (customerId: string, rest = '') => `/customers/${encodeURIComponent(customerId)}${rest}`;
