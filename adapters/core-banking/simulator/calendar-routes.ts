/**
 * The simulator's routes for branches, advisors and their calendars (`../openapi.yaml`, tags
 * `branches`, `advisors`, `calendars`). Changes go through {@link CalendarBook.execute}, which is
 * synchronous: checked, journaled and applied before any other request runs.
 */
import express, { type Request, type Response } from 'express';
import type { AdvisorsBody, BranchesBody } from '../calendar.wire';
import { CalendarErrorCode, FreeBusyQuery, HoldRequestBody, MoveRequestBody } from '../calendar.wire';
import { GatewayErrorCode, IDEMPOTENCY_KEY_HEADER, IdempotencyKey, describeIssues } from '../wire';
import type { BranchDirectory } from './branch-directory';
import { MAX_RANGE_MS, type CalendarBook, type CalendarRequest } from './calendar-book';

/** Slots lie on a quarter-hour grid and last at most four hours. */
const GRID_MS = 15 * 60_000;
const MAX_SLOT_MS = 4 * 60 * 60_000;

/** Routers to mount at `/branches`, `/advisors` and `/bookings`. */
export function createCalendarRouters(directory: BranchDirectory, book: CalendarBook): { branches: express.Router; advisors: express.Router; bookings: express.Router } {
  const branches = express.Router();
  branches.get('/', (_req, res) => {
    const body: BranchesBody = { branches: [...directory.branches] };
    res.json(body);
  });
  branches.get('/:branchId', (req, res) => {
    const branch = directory.branch(req.params.branchId);
    if (!branch) return error(res, 404, CalendarErrorCode.branchNotFound, `branch ${req.params.branchId} not found`);
    res.json(branch);
  });

  const advisors = express.Router();
  advisors.get('/', (req, res) => {
    const branchId = typeof req.query.branchId === 'string' ? req.query.branchId : undefined;
    const topic = typeof req.query.topic === 'string' ? req.query.topic : undefined;
    const body: AdvisorsBody = {
      advisors: directory.advisors.filter((a) => (branchId === undefined || a.branchId === branchId) && (topic === undefined || a.topics.includes(topic))),
    };
    res.json(body);
  });
  advisors.get('/:advisorId', (req, res) => {
    const advisor = directory.advisor(req.params.advisorId);
    if (!advisor) return advisorNotFound(res, req.params.advisorId);
    res.json(advisor);
  });
  advisors.get('/:advisorId/free-busy', (req, res) => {
    const query = FreeBusyQuery.safeParse(req.query);
    if (!query.success) return error(res, 400, GatewayErrorCode.invalidRequest, describeIssues(query.error));
    const from = Date.parse(query.data.from);
    const to = Date.parse(query.data.to);
    if (!(from < to) || to - from > MAX_RANGE_MS) return error(res, 400, GatewayErrorCode.invalidRequest, 'to must be after from, at most 31 days later');
    const freeBusy = book.freeBusy(req.params.advisorId, from, to);
    if (!freeBusy) return advisorNotFound(res, req.params.advisorId);
    res.json(freeBusy);
  });
  advisors.post('/:advisorId/holds', (req, res) => {
    const body = HoldRequestBody.safeParse(req.body);
    if (!body.success) return error(res, 400, GatewayErrorCode.invalidRequest, describeIssues(body.error));
    if (!slotShapeOk(res, body.data)) return;
    run(req, res, book, { op: 'hold', advisorId: req.params.advisorId, body: body.data });
  });

  const bookings = express.Router();
  bookings.get('/:bookingId', (req, res) => {
    const booking = book.booking(req.params.bookingId);
    if (!booking) return error(res, 404, CalendarErrorCode.bookingNotFound, `booking ${req.params.bookingId} not found`);
    res.json(booking);
  });
  bookings.post('/:bookingId/confirm', (req, res) => run(req, res, book, { op: 'confirm', bookingId: req.params.bookingId }));
  bookings.post('/:bookingId/cancel', (req, res) => run(req, res, book, { op: 'cancel', bookingId: req.params.bookingId }));
  bookings.post('/:bookingId/move', (req, res) => {
    const body = MoveRequestBody.safeParse(req.body);
    if (!body.success) return error(res, 400, GatewayErrorCode.invalidRequest, describeIssues(body.error));
    if (!slotShapeOk(res, body.data)) return;
    run(req, res, book, { op: 'move', bookingId: req.params.bookingId, body: body.data });
  });

  return { branches, advisors, bookings };
}

/** Checks the key and hands the change to the book; its answer goes out as it is. */
function run(req: Request, res: Response, book: CalendarBook, request: CalendarRequest): void {
  const header = req.get(IDEMPOTENCY_KEY_HEADER);
  if (header === undefined) return error(res, 400, GatewayErrorCode.idempotencyKeyMissing, `header ${IDEMPOTENCY_KEY_HEADER} is required`);
  const key = IdempotencyKey.safeParse(header);
  if (!key.success) return error(res, 400, GatewayErrorCode.invalidRequest, `header ${IDEMPOTENCY_KEY_HEADER}: ${key.error.issues[0]?.message ?? 'invalid'}`);
  const answer = book.execute(key.data, request);
  res.status(answer.status).json(answer.body);
}

function slotShapeOk(res: Response, { start, end }: { start: string; end: string }): boolean {
  const from = Date.parse(start);
  const to = Date.parse(end);
  if (from % GRID_MS !== 0 || to % GRID_MS !== 0 || !(from < to) || to - from > MAX_SLOT_MS) {
    error(res, 400, GatewayErrorCode.invalidRequest, 'start and end must be on the quarter hour, end after start, at most four hours apart');
    return false;
  }
  return true;
}

function advisorNotFound(res: Response, advisorId: string): void {
  error(res, 404, CalendarErrorCode.advisorNotFound, `advisor ${advisorId} not found`);
}

function error(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ code, message });
}
