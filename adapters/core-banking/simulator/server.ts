/**
 * Starts the core-banking gateway simulator in this process: the API of `../openapi.yaml` over a
 * deterministic synthetic population with 75 branches and their advisors' calendars, idempotent
 * consent writes and calendar changes that survive a kill when a journal file is given, and fault
 * injection and a movable clock for tests.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { requireBearer } from '../../http/require-bearer';
import { createSimulatorApp } from './app';
import { generateDirectory, type BranchDirectory } from './branch-directory';
import { CalendarBook } from './calendar-book';
import { SimClock } from './clock';
import { ConsentLedger } from './consent-ledger';
import { ContactDataLedger } from './contact-data-ledger';
import { Faults, type FaultControls } from './faults';
import { DEFAULT_SEED, generatePopulation, type Population } from './population';

export interface CoreBankingSimulatorOptions {
  /** 0 (unless given) picks a free port; `url` tells which. */
  port?: number;
  /** 127.0.0.1 unless given: the simulator is a test double with public data, so it stays off the network. */
  host?: string;
  /** Seed of the population; 42 unless given. */
  seed?: number;
  /** Number of customers; 10,000 unless given. */
  size?: number;
  /** Reference day of the population (YYYY-MM-DD); today unless given. */
  asOf?: string;
  /**
   * JSON-lines journal of accepted consent writes. Each write is fsynced before it is answered,
   * and the file is replayed at start, so a killed simulator comes back with every write it
   * acknowledged. Without it, writes live in memory only. Calendar changes go to a second journal
   * beside it, {@link calendarJournalFileOf}, kept the same way.
   */
  journalFile?: string;
  /** How long a hold lasts unless confirmed; 10 minutes unless given. */
  holdTtlMs?: number;
  /** Where the simulator's clock starts (ISO instant); the real time unless given. */
  clockStart?: string;
  /** When given, every gateway call must carry `Authorization: Bearer <accessToken>` (as CORE_BANKING_TOKEN sends it). */
  accessToken?: string;
}

export interface CoreBankingSimulator {
  /** Base URL for `HttpCoreBanking`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The customers served. */
  population: Population;
  /** Its branches and advisors. */
  directory: BranchDirectory;
  faults: FaultControls;
  /** The clock holds expire by; tests move it rather than wait. */
  clock: SimClock;
  /** Stops listening, drops open connections and requests held by a delay, closes the journal. */
  close(): Promise<void>;
}

/** Starts the simulator and resolves once it accepts connections. */
export async function startCoreBankingSimulator(options: CoreBankingSimulatorOptions = {}): Promise<CoreBankingSimulator> {
  const { port = 0, host = '127.0.0.1', seed = DEFAULT_SEED, size = 10_000, asOf, journalFile, holdTtlMs = 10 * 60_000, clockStart, accessToken } = options;
  const population = generatePopulation({ seed, size, asOf });
  const directory = generateDirectory(population);
  const clock = new SimClock(clockStart === undefined ? undefined : Date.parse(clockStart));
  const ledger = journalFile ? ConsentLedger.fromJournal(journalFile) : ConsentLedger.inMemory();
  let calendar: CalendarBook;
  let contactData: ContactDataLedger;
  try {
    contactData = journalFile ? ContactDataLedger.fromJournal(contactDataJournalFileOf(journalFile)) : ContactDataLedger.inMemory();
  } catch (error) {
    ledger.close();
    throw error;
  }
  try {
    calendar = new CalendarBook({ seed, directory, clock, holdTtlMs, journalFile: journalFile && calendarJournalFileOf(journalFile) });
  } catch (error) {
    ledger.close();
    contactData.close();
    throw error;
  }
  const faults = new Faults();
  const app = express();
  app.use(requireBearer(accessToken), createSimulatorApp({ population, ledger, contactData, faults, directory, calendar, clock }));

  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  }).catch((error: unknown) => {
    ledger.close();
    contactData.close();
    calendar.close();
    throw error;
  });
  const { port: actualPort } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve, reject) => {
      faults.cancelPending();
      server.close((error) => {
        ledger.close();
        contactData.close();
        calendar.close();
        if (error) reject(error);
        else resolve();
      });
      // Keep-alive connections would hold close() open until the clients let go.
      server.closeAllConnections();
    });
    return closing;
  };
  return { url, population, directory, faults, clock, close };
}

/** The contact-data journal beside the consents' one: `core-banking.jsonl` → `core-banking.contact-data.jsonl`. */
export function contactDataJournalFileOf(journalFile: string): string {
  const { dir, name, ext } = path.parse(journalFile);
  return path.join(dir, `${name}.contact-data${ext || '.jsonl'}`);
}

/** The calendar's journal beside the consents' one: `core-banking.jsonl` → `core-banking.calendar.jsonl`. */
export function calendarJournalFileOf(journalFile: string): string {
  const { dir, name, ext } = path.parse(journalFile);
  return path.join(dir, `${name}.calendar${ext || '.jsonl'}`);
}
