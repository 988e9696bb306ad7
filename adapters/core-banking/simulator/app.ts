/**
 * The simulator's HTTP routes: the gateway API of `../openapi.yaml` over a synthetic population,
 * plus the `/_sim` control routes tests use (fault injection, the list of consent writes, the
 * clock, an advisor's bookings).
 */
import express, { type ErrorRequestHandler, type Response } from 'express';
import { z } from 'zod';
import {
  GatewayErrorCode,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  RecordConsentRequestBody,
  SelectionQueryParams,
  UpdateContactDataRequestBody,
  describeIssues,
  type ConsentsBody,
  type ProductsBody,
  type SelectionPageBody,
} from '../wire';
import type { BranchDirectory } from './branch-directory';
import type { CalendarBook } from './calendar-book';
import { createCalendarRouters } from './calendar-routes';
import type { SimClock } from './clock';
import type { ConsentLedger } from './consent-ledger';
import type { ContactDataLedger } from './contact-data-ledger';
import type { Faults } from './faults';
import { findCustomer, type Population } from './population';

export interface SimulatorState {
  population: Population;
  ledger: ConsentLedger;
  contactData: ContactDataLedger;
  faults: Faults;
  directory: BranchDirectory;
  calendar: CalendarBook;
  clock: SimClock;
}

const FaultRequest = z.strictObject({
  failNext: z.number().int().min(0).optional(),
  status: z.number().int().min(400).max(599).optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
});

const ClockRequest = z.strictObject({
  advanceMs: z.number().int().min(0).optional(),
  set: z.iso.datetime({ offset: true }).optional(),
});

/** The express application of the simulator. */
export function createSimulatorApp({ population, ledger, contactData, faults, directory, calendar, clock }: SimulatorState): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '64kb' }));

  const gateway = express.Router();
  gateway.use(faults.middleware());

  // A campaign selection pages through the customer base in customer-number order; the cursor is
  // the index of the next customer, so a page reads the same whatever was written meanwhile.
  gateway.get('/', (req, res) => {
    const query = SelectionQueryParams.safeParse(req.query);
    if (!query.success) return error(res, 400, GatewayErrorCode.invalidRequest, describeIssues(query.error));
    const { cursor, limit, segment } = query.data;
    const start = cursor === undefined ? 0 : Number(cursor);
    const customers: SelectionPageBody['customers'] = [];
    let index = start;
    for (; index < population.customers.length && customers.length < limit; index++) {
      const customer = population.customers[index]!;
      if (segment !== undefined && !segment.includes(customer.profile.segment)) continue;
      const { profile } = customer;
      const contact = contactData.current(profile).contact;
      customers.push({
        customerId: profile.customerId,
        birthDate: profile.birthDate,
        segment: profile.segment,
        federalState: profile.federalState,
        branchId: profile.branchId,
        reachable: { phone: Boolean(contact.phone), email: Boolean(contact.email) },
        products: customer.products,
        consents: ledger.currentConsents(profile.customerId, customer.consents),
      });
    }
    const body: SelectionPageBody = { customers, ...(index < population.customers.length ? { nextCursor: String(index) } : {}) };
    res.json(body);
  });

  gateway.get('/:customerId', (req, res) => {
    const customer = findCustomer(population, req.params.customerId);
    if (!customer) return customerNotFound(res, req.params.customerId);
    res.json(contactData.current(customer.profile));
  });

  gateway.get('/:customerId/products', (req, res) => {
    const customer = findCustomer(population, req.params.customerId);
    if (!customer) return customerNotFound(res, req.params.customerId);
    const body: ProductsBody = { customerId: customer.profile.customerId, products: customer.products };
    res.json(body);
  });

  gateway.get('/:customerId/consents', (req, res) => {
    const customer = findCustomer(population, req.params.customerId);
    if (!customer) return customerNotFound(res, req.params.customerId);
    const body: ConsentsBody = { customerId: customer.profile.customerId, consents: ledger.currentConsents(customer.profile.customerId, customer.consents) };
    res.json(body);
  });

  gateway.post('/:customerId/consents', (req, res) => {
    const header = req.get(IDEMPOTENCY_KEY_HEADER);
    if (header === undefined) return error(res, 400, GatewayErrorCode.idempotencyKeyMissing, `header ${IDEMPOTENCY_KEY_HEADER} is required`);
    const key = IdempotencyKey.safeParse(header);
    if (!key.success) return error(res, 400, GatewayErrorCode.invalidRequest, `header ${IDEMPOTENCY_KEY_HEADER}: ${key.error.issues[0]?.message ?? 'invalid'}`);
    const body = RecordConsentRequestBody.safeParse(req.body);
    if (!body.success) return error(res, 400, GatewayErrorCode.invalidRequest, describeIssues(body.error));
    const customer = findCustomer(population, req.params.customerId);
    if (!customer) return customerNotFound(res, req.params.customerId);

    const result = ledger.record(customer.profile.customerId, key.data, body.data);
    if (result.outcome === 'key-reused') {
      return error(res, 422, GatewayErrorCode.idempotencyKeyReused, `${IDEMPOTENCY_KEY_HEADER} was used before for another request`);
    }
    res.status(result.outcome === 'created' ? 201 : 200).json({ consentId: result.write.consentId, duplicate: result.outcome === 'duplicate' });
  });

  gateway.post('/:customerId/contact-data', (req, res) => {
    const header = req.get(IDEMPOTENCY_KEY_HEADER);
    if (header === undefined) return error(res, 400, GatewayErrorCode.idempotencyKeyMissing, `header ${IDEMPOTENCY_KEY_HEADER} is required`);
    const key = IdempotencyKey.safeParse(header);
    if (!key.success) return error(res, 400, GatewayErrorCode.invalidRequest, `header ${IDEMPOTENCY_KEY_HEADER}: ${key.error.issues[0]?.message ?? 'invalid'}`);
    // The message names the fields, never the values.
    const body = UpdateContactDataRequestBody.safeParse(req.body);
    if (!body.success) return error(res, 400, GatewayErrorCode.invalidRequest, describeIssues(body.error));
    const customer = findCustomer(population, req.params.customerId);
    if (!customer) return customerNotFound(res, req.params.customerId);
    const result = contactData.record(customer.profile.customerId, key.data, body.data);
    if (result.outcome === 'key-reused') {
      return error(res, 422, GatewayErrorCode.idempotencyKeyReused, `${IDEMPOTENCY_KEY_HEADER} was used before for another request`);
    }
    res.status(result.outcome === 'created' ? 201 : 200).json({ updateId: result.write.updateId, duplicate: result.outcome === 'duplicate' });
  });

  const control = express.Router();
  control.get('/faults', (_req, res) => {
    res.json(faults.state());
  });
  control.post('/faults', (req, res) => {
    const parsed = FaultRequest.safeParse(req.body ?? {});
    if (!parsed.success) return error(res, 400, GatewayErrorCode.invalidRequest, describeIssues(parsed.error));
    const { failNext, status, delayMs } = parsed.data;
    if (failNext !== undefined || status !== undefined) faults.failNext(failNext ?? faults.state().failNext, status);
    if (delayMs !== undefined) faults.delay(delayMs);
    res.json(faults.state());
  });
  control.delete('/faults', (_req, res) => {
    faults.reset();
    res.json(faults.state());
  });
  control.get('/consents/:customerId/writes', (req, res) => {
    res.json({ customerId: req.params.customerId, writes: ledger.writesOf(req.params.customerId) });
  });

  control.get('/contact-data/:customerId/writes', (req, res) => {
    res.json({ customerId: req.params.customerId, writes: contactData.writesOf(req.params.customerId) });
  });

  control.get('/clock', (_req, res) => {
    res.json({ now: new Date(clock.now()).toISOString() });
  });
  control.post('/clock', (req, res) => {
    const parsed = ClockRequest.safeParse(req.body ?? {});
    if (!parsed.success) return error(res, 400, GatewayErrorCode.invalidRequest, describeIssues(parsed.error));
    if (parsed.data.set !== undefined) clock.set(Date.parse(parsed.data.set));
    if (parsed.data.advanceMs !== undefined) clock.advance(parsed.data.advanceMs);
    res.json({ now: new Date(clock.now()).toISOString() });
  });
  control.get('/advisors/:advisorId/bookings', (req, res) => {
    res.json({ advisorId: req.params.advisorId, bookings: calendar.bookingsOf(req.params.advisorId) });
  });

  app.use('/_sim', control);
  // Faults hit the gateway routes only, never the controls that set them.
  app.use('/customers', gateway);
  const calendarRouters = createCalendarRouters(directory, calendar);
  app.use('/branches', faults.middleware(), calendarRouters.branches);
  app.use('/advisors', faults.middleware(), calendarRouters.advisors);
  app.use('/bookings', faults.middleware(), calendarRouters.bookings);
  app.use((req, res) => error(res, 404, 'no-such-route', `no route ${req.method} ${req.path}`));
  app.use(errorHandler);
  return app;
}

function customerNotFound(res: Response, customerId: string): void {
  error(res, 404, GatewayErrorCode.customerNotFound, `customer ${customerId} not found`);
}

function error(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ code, message });
}

/** Malformed JSON is the client's mistake (400); anything else is ours (500), without details. */
const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return error(res, status, GatewayErrorCode.invalidRequest, 'request body is not valid JSON or too large');
  }
  process.stderr.write(`core-banking simulator: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  error(res, 500, GatewayErrorCode.internal, 'internal error of the simulator');
};
