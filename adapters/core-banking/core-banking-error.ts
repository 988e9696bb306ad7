/**
 * The error every {@link CoreBanking} method raises for a failed call. Its own module, so the
 * calendar's error type can extend it without an import cycle through the port.
 */

/** Failure kinds an implementation raises, as `CoreBankingError.kind`. */
export type CoreBankingErrorKind = 'unavailable' | 'timeout' | 'rejected' | 'not-found';

export class CoreBankingError extends Error {
  constructor(
    readonly kind: CoreBankingErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'CoreBankingError';
  }

  /** Whether trying again may help: an outage or a slow gateway may pass, a refusal will not. */
  get retryable(): boolean {
    return this.kind === 'unavailable' || this.kind === 'timeout';
  }
}
