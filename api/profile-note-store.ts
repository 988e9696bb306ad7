/**
 * The port to where profile notes (interests a customer mentioned) and their notices to the
 * advisor are kept (issue 11, section 3). Implemented by prisma/profile-note.repository.ts.
 */
import type { InterestCode, ProfileNoteRecord } from '../domain/customer-profile';

/** Which notices to list. */
export interface NoticeQuery {
  /** Only these queues (the ones the reader works); undefined: every queue (supervisors). */
  queues?: string[];
  unreadOnly: boolean;
  limit: number;
}

/** What marking a notice as read did. */
export type MarkReadResult = { kind: 'marked' | 'already'; record: ProfileNoteRecord } | { kind: 'not-found' };

export interface ProfileNoteStore {
  /** Stores the note; one with the same id stands (a retried request after a crash) and is returned. */
  create(record: ProfileNoteRecord): Promise<ProfileNoteRecord>;
  get(id: string): Promise<ProfileNoteRecord | undefined>;
  /** The customer's notes, newest first. */
  listForCustomer(customerId: string, limit: number): Promise<ProfileNoteRecord[]>;
  /** The interests the customer mentioned since `since` (each once): a fact for campaign criteria. */
  interestsSince(customerId: string, since: Date): Promise<InterestCode[]>;
  /** Notices for advisors, newest first. */
  listNotices(query: NoticeQuery): Promise<ProfileNoteRecord[]>;
  /** Marks a notice read unless it is already (the first reader stays on record). */
  markRead(id: string, readBy: string, at: Date): Promise<MarkReadResult>;
}
