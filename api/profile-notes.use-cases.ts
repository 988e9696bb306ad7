/**
 * Customer profile update during a contact (issue 11, section 3): the agent records the needs and
 * interests the customer mentioned; the note reaches the advisors of the customer's branch as a
 * notice (to read, nothing to process), and its interests become a fact for later campaigns.
 */
import { createHash } from 'node:crypto';
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import { interestView, noticeTitle, type InterestView, type ProfileNoteBody, type ProfileNoteRecord } from '../domain/customer-profile';
import type { User } from '../domain/identity';
import { worksQueue } from '../domain/task';
import { HttpError, notFound } from './http-error';
import { scopedKey } from './idempotency';
import type { ProfileNoteStore } from './profile-note-store';

export interface ProfileNoteUseCaseDeps {
  coreBanking: Pick<CoreBanking, 'getCustomer'>;
  store: ProfileNoteStore;
  /** The advisors' queue of a branch (the appointment policy's, so notices land where outcome tasks do). */
  advisorQueueOf: (branchId: string) => string;
  now: () => Date;
}

/** A profile note as the API answers it: interests with their labels. */
export interface ProfileNoteView {
  id: string;
  customerId: string;
  contactId: string;
  interests: InterestView[];
  note?: string;
  recordedBy: string;
  recordedAt: string;
  /** The notice to the advisors: where it went and whether someone read it. */
  notice: { queue: string; readAt?: string; readBy?: string };
}

/** A notice in an advisor's list. */
export interface NoticeView {
  id: string;
  kind: 'profile-note';
  queue: string;
  customerId: string;
  title: string;
  interests: InterestView[];
  note?: string;
  recordedBy: string;
  recordedAt: string;
  readAt?: string;
  readBy?: string;
}

/** The most notes a customer's list shows, and the most notices one answer lists. */
export const MAX_PROFILE_NOTES = 50;
export const MAX_NOTICES = 100;

/** The id of a profile note: a hash of the recording user's scoped Idempotency-Key (no personal data). */
export function profileNoteIdOf(userId: string, idempotencyKey: string): string {
  return `pn-${createHash('sha256').update(scopedKey(userId, idempotencyKey)).digest('hex').slice(0, 24)}`;
}

function viewOf(record: ProfileNoteRecord): ProfileNoteView {
  return {
    id: record.id,
    customerId: record.customerId,
    contactId: record.contactId,
    interests: record.interests.map(interestView),
    ...(record.note === undefined ? {} : { note: record.note }),
    recordedBy: record.recordedBy,
    recordedAt: record.recordedAt,
    notice: { queue: record.queue, ...(record.readAt ? { readAt: record.readAt } : {}), ...(record.readBy ? { readBy: record.readBy } : {}) },
  };
}

function noticeOf(record: ProfileNoteRecord): NoticeView {
  return {
    id: record.id,
    kind: 'profile-note',
    queue: record.queue,
    customerId: record.customerId,
    title: noticeTitle(record),
    interests: record.interests.map(interestView),
    ...(record.note === undefined ? {} : { note: record.note }),
    recordedBy: record.recordedBy,
    recordedAt: record.recordedAt,
    ...(record.readAt ? { readAt: record.readAt } : {}),
    ...(record.readBy ? { readBy: record.readBy } : {}),
  };
}

const actorOf = (user: User) => ({ userId: user.id, roles: user.roles, queues: user.queues });
const notYourQueue = () => new HttpError(403, 'queue: is not one of your queues', [{ field: 'queue', message: 'is not one of your queues' }]);

export class ProfileNoteUseCases {
  constructor(private readonly deps: ProfileNoteUseCaseDeps) {}

  /**
   * Records the note and its notice to the customer's branch. The same user and key answer the
   * stored note again (a retry after a crash records nothing twice).
   *
   * @throws {HttpError} 404 for a customer core banking does not know.
   */
  async record(customerId: string, body: ProfileNoteBody, userId: string, idempotencyKey: string): Promise<ProfileNoteView> {
    const id = profileNoteIdOf(userId, idempotencyKey);
    const existing = await this.deps.store.get(id);
    if (existing) return viewOf(existing);
    const profile = await this.deps.coreBanking.getCustomer(customerId);
    if (!profile) throw notFound(`customer ${customerId} is not known to core banking`);
    const stored = await this.deps.store.create({
      id,
      customerId,
      contactId: body.contactId,
      interests: body.interests,
      ...(body.note === undefined ? {} : { note: body.note }),
      recordedBy: userId,
      recordedAt: this.deps.now().toISOString(),
      queue: this.deps.advisorQueueOf(profile.branchId),
    });
    return viewOf(stored);
  }

  /** The customer's notes, newest first. */
  async ofCustomer(customerId: string): Promise<ProfileNoteView[]> {
    return (await this.deps.store.listForCustomer(customerId, MAX_PROFILE_NOTES)).map(viewOf);
  }

  /**
   * Notices of the caller's queues (or one of them), newest first.
   *
   * @throws {HttpError} 403 for a queue the caller does not work.
   */
  async notices(user: User, filter: { queue?: string; status: 'unread' | 'all' }): Promise<NoticeView[]> {
    if (filter.queue && !worksQueue(actorOf(user), filter.queue)) throw notYourQueue();
    const queues = filter.queue ? [filter.queue] : user.queues;
    if (queues.length === 0) return [];
    return (await this.deps.store.listNotices({ queues, unreadOnly: filter.status === 'unread', limit: MAX_NOTICES })).map(noticeOf);
  }

  /**
   * Marks a notice read; marking it again answers it as it is (the first reader stays).
   *
   * @throws {HttpError} 404 for a notice that does not exist or is in a queue the caller does not
   *   work (which notices exist elsewhere is none of their business).
   */
  async markRead(user: User, id: string): Promise<{ notice: NoticeView; marked: boolean }> {
    const record = await this.deps.store.get(id);
    if (!record || !worksQueue(actorOf(user), record.queue)) throw notFound('no such notice in your queues');
    const result = await this.deps.store.markRead(id, user.id, this.deps.now());
    if (result.kind === 'not-found') throw notFound('no such notice in your queues');
    return { notice: noticeOf(result.record), marked: result.kind === 'marked' };
  }
}
