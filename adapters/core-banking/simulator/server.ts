/**
 * Starts the core-banking gateway simulator in this process: the API of `../openapi.yaml` over a
 * deterministic synthetic population, idempotent consent writes that survive a kill when a journal
 * file is given, and fault injection for tests.
 */
import type { AddressInfo } from 'node:net';
import { ConsentLedger } from './consent-ledger';
import { createSimulatorApp } from './app';
import { Faults, type FaultControls } from './faults';
import { DEFAULT_SEED, generatePopulation, type Population } from './population';

export interface CoreBankingSimulatorOptions {
  /** 0 (unless given) picks a free port; `url` tells which. */
  port?: number;
  /** 127.0.0.1 unless given: the simulator has no authentication, so it stays off the network. */
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
   * acknowledged. Without it, writes live in memory only.
   */
  journalFile?: string;
}

export interface CoreBankingSimulator {
  /** Base URL for `HttpCoreBanking`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The customers served. */
  population: Population;
  faults: FaultControls;
  /** Stops listening, drops open connections and requests held by a delay, closes the journal. */
  close(): Promise<void>;
}

/** Starts the simulator and resolves once it accepts connections. */
export async function startCoreBankingSimulator(options: CoreBankingSimulatorOptions = {}): Promise<CoreBankingSimulator> {
  const { port = 0, host = '127.0.0.1', seed = DEFAULT_SEED, size = 10_000, asOf, journalFile } = options;
  const population = generatePopulation({ seed, size, asOf });
  const ledger = journalFile ? ConsentLedger.fromJournal(journalFile) : ConsentLedger.inMemory();
  const faults = new Faults();
  const app = createSimulatorApp({ population, ledger, faults });

  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  }).catch((error: unknown) => {
    ledger.close();
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
        if (error) reject(error);
        else resolve();
      });
      // Keep-alive connections would hold close() open until the clients let go.
      server.closeAllConnections();
    });
    return closing;
  };
  return { url, population, faults, close };
}
