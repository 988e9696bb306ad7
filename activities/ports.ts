/**
 * Ports the activities need. Implementations are injected (see workers/), so tests run the same
 * activity code against real databases and servers.
 */
import type { ContactBlockRecord, ContactBlockState } from '../domain/contact-block';
import type { ConsentEvidenceRecord, ConsentScript, ConsentScriptContent } from '../domain/consent';
import type { TaskRecord } from '../domain/task';

/** Where blocks are projected for policy checks and listings. */
export interface ContactBlockStore {
  /** Writes the block unless a newer version of it is stored already. Idempotent. */
  save(block: ContactBlockState): Promise<void>;
  /** Active blocks of a customer (status active, end after `at`), soonest end first. */
  listActive(customerId: string, at: Date): Promise<ContactBlockRecord[]>;
}

/** Where human tasks are projected for inboxes. */
export interface TaskStore {
  /** Writes the task unless a newer version of it is stored already. Idempotent. */
  save(task: TaskRecord): Promise<void>;
}

/** One contact or attempt with a customer, as the contact history keeps it. */
export interface ContactHistoryEntry {
  /** Deterministic per process step: writing it twice stores it once. */
  id: string;
  customerId: string;
  at: string;
  purpose: 'service' | 'advertising' | 'care';
  channel: 'phone' | 'email' | 'letter' | 'messenger';
  topic: string;
  outcome: string;
  campaignId?: string;
  workflowId: string;
  agentId?: string;
  note?: string;
}

export interface ContactHistoryStore {
  /** Appends the entry; a repeated id is ignored. */
  record(entry: ContactHistoryEntry): Promise<void>;
  /** The customer's contacts since `since`, newest first. */
  since(customerId: string, since: Date): Promise<ContactHistoryEntry[]>;
}

/** The consent evidence trail: append-only proof records. */
export interface ConsentEvidenceStore {
  /** Appends the record; a repeated id is ignored (retries). */
  append(record: ConsentEvidenceRecord): Promise<void>;
  /** Notes core banking's id once the decision was written through. */
  markWrittenThrough(id: string, coreBankingId: string): Promise<void>;
  /** The customer's evidence, newest first. */
  list(customerId: string): Promise<ConsentEvidenceRecord[]>;
}

/** Versioned consent scripts: a change is a new version, never an edit. */
export interface ConsentScriptStore {
  latest(): Promise<ConsentScript | undefined>;
  get(version: number): Promise<ConsentScript | undefined>;
  /** Stores `content` as the next version. */
  add(content: ConsentScriptContent, createdBy: string): Promise<ConsentScript>;
}
