/**
 * {@link CoreBanking} over HTTP against the core-banking gateway (`openapi.yaml`).
 *
 * One attempt per call: the Temporal activities around it own retries and their backoff, and a
 * second retry loop in here would multiply attempts and hide outages from the workflow history.
 * Failures become {@link CoreBankingError}s whose `kind` tells the activity whether trying again
 * can help (`unavailable`, `timeout`) or not (`rejected`, `not-found`); the calendar's refusals
 * (slot taken, hold expired, …) become {@link CalendarError}s with their own reason and
 * `ApplicationFailure` type, never retryable. Messages name the method,
 * the path (customer numbers are pseudonymous) and the gateway's error code, never bodies: those
 * can hold names, addresses and consent details.
 */
import { PRODUCT_CODES } from '../../domain/products';
import type { z } from 'zod';
import {
  CalendarError,
  CoreBankingError,
  type Advisor,
  type Booking,
  type BookingCommand,
  type Branch,
  type CalendarErrorReason,
  type FreeBusy,
  type HoldSlotCommand,
  type MoveBookingCommand,
  type ConsentStatus,
  type CoreBanking,
  type CustomerProfile,
  type ProductCode,
  type ProductHolding,
  type RecordConsentCommand,
  type RecordConsentResult,
  type SelectionPage,
  type SelectionQuery,
  type SelectionRecord,
  type UpdateContactDataCommand,
  type UpdateContactDataResult,
} from './core-banking.port';
import {
  ConsentsBody,
  CustomerProfileBody,
  ErrorBody,
  GatewayErrorCode,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  ProductsBody,
  RecordConsentResponseBody,
  SelectionPageBody,
  UpdateContactDataResponseBody,
  describeIssues,
  type RecordConsentRequestBody,
  type UpdateContactDataRequestBody,
} from './wire';
import { AdvisorBody, AdvisorsBody, BookingBody, BranchBody, BranchesBody, CalendarErrorCode, FreeBusyBody, type HoldRequestBody, type MoveRequestBody } from './calendar.wire';

/** The calendar's error codes and the refusals they mean. */
const CALENDAR_REFUSALS: Readonly<Record<string, CalendarErrorReason>> = {
  [CalendarErrorCode.slotTaken]: 'slot-taken',
  [CalendarErrorCode.slotUnavailable]: 'slot-unavailable',
  [CalendarErrorCode.holdExpired]: 'hold-expired',
  [CalendarErrorCode.bookingCancelled]: 'booking-cancelled',
  [CalendarErrorCode.advisorNotFound]: 'unknown-advisor',
  [CalendarErrorCode.bookingNotFound]: 'unknown-booking',
  [GatewayErrorCode.idempotencyKeyReused]: 'idempotency-key-reused',
};

export interface HttpCoreBankingOptions {
  /** Base URL of the gateway, e.g. `http://127.0.0.1:4010` or `https://gateway.bank.internal/core/v1`. */
  baseUrl: string;
  /** Deadline for one call, response body included; 5000 ms unless given. */
  timeoutMs?: number;
  /** The fetch to use; the global one unless given (tests, proxies, instrumentation). */
  fetch?: typeof fetch;
  /** Sent as `Authorization: Bearer …` on every call (CORE_BANKING_TOKEN); none: no header. */
  accessToken?: string;
}

/** The products the port knows; others from the gateway are left out (see {@link ProductsBody}). */
const KNOWN_PRODUCTS: ReadonlySet<string> = new Set<ProductCode>(PRODUCT_CODES);

/** The holdings of products Drehscheibe looks at, as the port types them; others are left out. */
function knownHoldings(products: ProductsBody['products']): ProductHolding[] {
  return products
    .filter((holding) => KNOWN_PRODUCTS.has(holding.product))
    .map(({ product, since, balanceCents, maturesOn }) => ({
      product: product as ProductCode,
      since,
      // Absent stays absent (not `undefined`), so a holding reads the same as the gateway sent it.
      ...(balanceCents === undefined ? {} : { balanceCents }),
      ...(maturesOn === undefined ? {} : { maturesOn }),
    }));
}

interface Exchange {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The 404 code the method answers itself ("unknown", undefined); `customer-not-found` unless given. */
  absentCode?: string;
  /** A calendar request: its refusals become {@link CalendarError}s. */
  calendar?: boolean;
}

interface Answer {
  status: number;
  body: unknown;
}

export class HttpCoreBanking implements CoreBanking {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly authorization: Record<string, string>;

  constructor({ baseUrl, timeoutMs = 5000, fetch: fetchImpl = globalThis.fetch, accessToken }: HttpCoreBankingOptions) {
    this.authorization = accessToken ? { authorization: `Bearer ${accessToken}` } : {};
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`timeoutMs must be a positive number, got ${timeoutMs}`);
    // A trailing slash makes relative paths extend a base path instead of replacing its last
    // segment; parsing here fails fast on a malformed URL, at start rather than on the first call.
    this.baseUrl = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
    this.timeoutMs = timeoutMs;
    this.fetch = fetchImpl;
  }

  async getCustomer(customerId: string): Promise<CustomerProfile | undefined> {
    const exchange: Exchange = { method: 'GET', path: customerPath(customerId) };
    const answer = await this.send(exchange);
    if (answer.status === 404) return undefined;
    return this.expect(exchange, answer, 200, CustomerProfileBody);
  }

  async getProducts(customerId: string): Promise<ProductHolding[]> {
    const exchange: Exchange = { method: 'GET', path: `${customerPath(customerId)}/products` };
    const answer = await this.send(exchange);
    // The port promises an empty list for an unknown customer.
    if (answer.status === 404) return [];
    return knownHoldings(this.expect(exchange, answer, 200, ProductsBody).products);
  }

  async selectCustomers(query: SelectionQuery): Promise<SelectionPage> {
    const params = new URLSearchParams({ limit: String(query.limit) });
    if (query.cursor !== undefined) params.set('cursor', query.cursor);
    if (query.segments !== undefined) params.set('segment', query.segments.join(','));
    const exchange: Exchange = { method: 'GET', path: `/customers?${params.toString()}` };
    const page = this.expect(exchange, await this.send(exchange), 200, SelectionPageBody);
    return {
      customers: page.customers.map(
        (customer): SelectionRecord => ({ ...customer, products: knownHoldings(customer.products) }),
      ),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  async getConsents(customerId: string): Promise<ConsentStatus[]> {
    const exchange: Exchange = { method: 'GET', path: `${customerPath(customerId)}/consents` };
    const answer = await this.send(exchange);
    // An unknown customer has given no consent.
    if (answer.status === 404) return [];
    return this.expect(exchange, answer, 200, ConsentsBody).consents;
  }

  async recordConsent(command: RecordConsentCommand): Promise<RecordConsentResult> {
    // A key HTTP cannot carry would fail inside fetch and look like an outage, retried forever.
    if (!IdempotencyKey.safeParse(command.idempotencyKey).success) {
      throw new CoreBankingError('rejected', `POST /customers/{customer}/consents: idempotency key must be 1 to 255 printable ASCII characters without spaces`);
    }
    const body: RecordConsentRequestBody = {
      purpose: command.purpose,
      channel: command.channel,
      granted: command.granted,
      decidedAt: command.decidedAt,
      evidenceId: command.evidenceId,
    };
    const exchange: Exchange = {
      method: 'POST',
      path: `${customerPath(command.customerId)}/consents`,
      body,
      headers: { [IDEMPOTENCY_KEY_HEADER]: command.idempotencyKey },
    };
    const answer = await this.send(exchange);
    // A consent for a customer core banking does not know cannot succeed on a retry.
    if (answer.status === 404) throw new CoreBankingError('not-found', `${describe(exchange)}: customer unknown to core banking`);
    // 201: written now; 200: this idempotency key was written before (duplicate: true).
    return this.expect(exchange, answer, answer.status === 200 ? 200 : 201, RecordConsentResponseBody);
  }

  async updateContactData(command: UpdateContactDataCommand): Promise<UpdateContactDataResult> {
    if (!IdempotencyKey.safeParse(command.idempotencyKey).success) {
      throw new CoreBankingError('rejected', `POST /customers/{customer}/contact-data: idempotency key must be 1 to 255 printable ASCII characters without spaces`);
    }
    const body: UpdateContactDataRequestBody = {
      ...(command.email === undefined ? {} : { email: command.email }),
      ...(command.phone === undefined ? {} : { phone: command.phone }),
    };
    const exchange: Exchange = {
      method: 'POST',
      path: `${customerPath(command.customerId)}/contact-data`,
      body,
      headers: { [IDEMPOTENCY_KEY_HEADER]: command.idempotencyKey },
    };
    const answer = await this.send(exchange);
    if (answer.status === 404) throw new CoreBankingError('not-found', `${describe(exchange)}: customer unknown to core banking`);
    // 201: written now; 200: this idempotency key was written before (duplicate: true).
    return this.expect(exchange, answer, answer.status === 200 ? 200 : 201, UpdateContactDataResponseBody);
  }

  async listBranches(): Promise<Branch[]> {
    const exchange: Exchange = { method: 'GET', path: 'branches' };
    return this.expect(exchange, await this.send(exchange), 200, BranchesBody).branches;
  }

  async getBranch(branchId: string): Promise<Branch | undefined> {
    const exchange: Exchange = { method: 'GET', path: `branches/${encodeURIComponent(branchId)}`, absentCode: CalendarErrorCode.branchNotFound };
    const answer = await this.send(exchange);
    if (answer.status === 404) return undefined;
    return this.expect(exchange, answer, 200, BranchBody);
  }

  async listAdvisors(filter: { branchId?: string; topic?: string } = {}): Promise<Advisor[]> {
    const query = new URLSearchParams();
    if (filter.branchId !== undefined) query.set('branchId', filter.branchId);
    if (filter.topic !== undefined) query.set('topic', filter.topic);
    const exchange: Exchange = { method: 'GET', path: `advisors${query.size > 0 ? `?${query.toString()}` : ''}` };
    return this.expect(exchange, await this.send(exchange), 200, AdvisorsBody).advisors;
  }

  async getAdvisor(advisorId: string): Promise<Advisor | undefined> {
    const exchange: Exchange = { method: 'GET', path: advisorPath(advisorId), absentCode: CalendarErrorCode.advisorNotFound };
    const answer = await this.send(exchange);
    if (answer.status === 404) return undefined;
    return this.expect(exchange, answer, 200, AdvisorBody);
  }

  async getFreeBusy(advisorId: string, { from, to }: { from: string; to: string }): Promise<FreeBusy> {
    const query = new URLSearchParams({ from, to });
    const exchange: Exchange = { method: 'GET', path: `${advisorPath(advisorId)}/free-busy?${query.toString()}`, calendar: true };
    return this.expect(exchange, await this.send(exchange), 200, FreeBusyBody);
  }

  async getBooking(bookingId: string): Promise<Booking | undefined> {
    const exchange: Exchange = { method: 'GET', path: bookingPath(bookingId), absentCode: CalendarErrorCode.bookingNotFound };
    const answer = await this.send(exchange);
    if (answer.status === 404) return undefined;
    return this.expect(exchange, answer, 200, BookingBody);
  }

  async holdSlot(command: HoldSlotCommand): Promise<Booking> {
    const body: HoldRequestBody = {
      start: command.start,
      end: command.end,
      subject: command.subject,
      ...(command.customerId === undefined ? {} : { customerId: command.customerId }),
      ...(command.reference === undefined ? {} : { reference: command.reference }),
    };
    // 201 for the first hold and for every repeat of its key: the gateway answers the first answer.
    return this.change(`${advisorPath(command.advisorId)}/holds`, command.idempotencyKey, body, 201);
  }

  async confirmBooking(command: BookingCommand): Promise<Booking> {
    return this.change(`${bookingPath(command.bookingId)}/confirm`, command.idempotencyKey, {}, 200);
  }

  async moveBooking(command: MoveBookingCommand): Promise<Booking> {
    const body: MoveRequestBody = { start: command.start, end: command.end };
    return this.change(`${bookingPath(command.bookingId)}/move`, command.idempotencyKey, body, 200);
  }

  async cancelBooking(command: BookingCommand): Promise<Booking> {
    return this.change(`${bookingPath(command.bookingId)}/cancel`, command.idempotencyKey, {}, 200);
  }

  /** A keyed calendar change; refusals arrive as {@link CalendarError}s from `send`. */
  private async change(path: string, idempotencyKey: string, body: object, status: 200 | 201): Promise<Booking> {
    const exchange: Exchange = { method: 'POST', path, body, headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey }, calendar: true };
    // A key HTTP cannot carry would fail inside fetch and look like an outage, retried forever.
    if (!IdempotencyKey.safeParse(idempotencyKey).success) {
      throw new CoreBankingError('rejected', `${describe(exchange)}: idempotency key must be 1 to 255 printable ASCII characters without spaces`);
    }
    return this.expect(exchange, await this.send(exchange), status, BookingBody);
  }

  /** One HTTP exchange under the deadline; transport failures and 5xx become errors here. */
  private async send(exchange: Exchange): Promise<Answer> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await this.fetch(new URL(exchange.path, this.baseUrl), {
        method: exchange.method,
        headers: {
          accept: 'application/json',
          ...this.authorization,
          ...(exchange.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...exchange.headers,
        },
        body: exchange.body === undefined ? undefined : JSON.stringify(exchange.body),
        signal: controller.signal,
      });
      // The body is read under the same deadline: a gateway that stalls mid-body is as slow as one
      // that never answers.
      const text = await response.text();
      const answer: Answer = { status: response.status, body: parseJson(text) };
      this.raiseForStatus(exchange, answer);
      return answer;
    } catch (error) {
      if (error instanceof CoreBankingError) throw error;
      if (controller.signal.aborted) {
        throw new CoreBankingError('timeout', `${describe(exchange)}: no answer within ${this.timeoutMs} ms`);
      }
      // Connection refused or reset, DNS failure, TLS failure: the gateway cannot be reached.
      throw new CoreBankingError('unavailable', `${describe(exchange)}: gateway unreachable (${networkCode(error)})`);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * 5xx and 429 → unavailable, 408 → timeout, other 4xx → rejected, except the gateway's own
   * "customer not found", which each method answers as the port says.
   */
  private raiseForStatus(exchange: Exchange, { status, body }: Answer): void {
    if (status < 400) return;
    const code = gatewayCode(body);
    if (status === 404 && code === (exchange.absentCode ?? GatewayErrorCode.customerNotFound)) return;
    // Any other 404 (a proxy's page, a wrong base path) must not read as "customer unknown": with a
    // misconfigured base URL every customer would silently look like one without consents.
    const what = `${describe(exchange)}: gateway answered ${status}${code ? ` ${code}` : ''}`;
    const refusal = exchange.calendar && status < 500 && code !== undefined ? CALENDAR_REFUSALS[code] : undefined;
    if (refusal) throw new CalendarError(refusal, what);
    // 429 asks to come back later, which is what the activity's retry will do.
    if (status >= 500 || status === 429) throw new CoreBankingError('unavailable', what);
    if (status === 408) throw new CoreBankingError('timeout', what);
    throw new CoreBankingError('rejected', what);
  }

  /** The body of an expected answer, checked against the API's schema. */
  private expect<T>(exchange: Exchange, answer: Answer, status: number, schema: z.ZodType<T>): T {
    // Any other answer (a 2xx we do not expect, a 3xx redirect) means the gateway does not follow
    // its API; trying again may meet a fixed deployment, so it counts as unavailable.
    if (answer.status !== status) {
      throw new CoreBankingError('unavailable', `${describe(exchange)}: unexpected status ${answer.status}`);
    }
    const parsed = schema.safeParse(answer.body);
    if (!parsed.success) {
      throw new CoreBankingError('unavailable', `${describe(exchange)}: answer does not match the gateway API (${describeIssues(parsed.error)})`);
    }
    return parsed.data;
  }
}

function customerPath(customerId: string): string {
  // Encoded, so an odd id can never address another resource (`../`, `?`, `#`).
  return `customers/${encodeURIComponent(customerId)}`;
}

function advisorPath(advisorId: string): string {
  return `advisors/${encodeURIComponent(advisorId)}`;
}

function bookingPath(bookingId: string): string {
  return `bookings/${encodeURIComponent(bookingId)}`;
}

/**
 * The request in an error message, with the customer number replaced by a placeholder: error
 * messages end up in logs (the worker logs every failed activity attempt) and logs carry no
 * personal data.
 */
function describe({ method, path }: Exchange): string {
  // Query strings (free/busy ranges) are left out: they say nothing about what failed.
  return `${method} /${path.replace(/^customers\/[^/]+/, 'customers/{customer}').replace(/\?.*$/, '')}`;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function gatewayCode(body: unknown): string | undefined {
  const parsed = ErrorBody.safeParse(body);
  // Only the code, and only if it looks like one: the message is free text from the gateway.
  return parsed.success && /^[a-z0-9-]{1,64}$/.test(parsed.data.code) ? parsed.data.code : undefined;
}

/** `ECONNREFUSED` and friends from undici's `cause`, else the error's name. */
function networkCode(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown error';
}
