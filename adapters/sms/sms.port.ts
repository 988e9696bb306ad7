/**
 * Text messages to the bank's own people (the escalation chain's mobile numbers), over the bank's
 * SMS gateway (`HttpSms`); a simulator serves development and tests.
 */
export interface SmsRequest {
  /** E.164, e.g. `+4951210000000`. */
  to: string;
  /** At most 640 characters (four parts). */
  text: string;
  /** Same key → the same SMS, never a second one. */
  idempotencyKey: string;
}

export class SmsError extends Error {
  constructor(
    readonly kind: 'rejected' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'SmsError';
  }

  get retryable(): boolean {
    return this.kind === 'unavailable';
  }
}

export interface Sms {
  send(request: SmsRequest): Promise<{ messageId: string }>;
}
