/**
 * Everything the activities talk to, real or simulated as in production's embedded default: a
 * test database, an SMTP server (the local catcher), and the core-banking and telephony
 * simulators behind the HTTP adapters production uses.
 */
import type { CaughtEmail } from '../../adapters/email/local-smtp-server';
import type { Client } from '@temporalio/client';
import { HttpCoreBanking } from '../../adapters/core-banking/http-core-banking';
import { startCoreBankingSimulator, type CoreBankingSimulator } from '../../adapters/core-banking/simulator/server';
import { startLocalSmtpServer, type LocalSmtpServer } from '../../adapters/email/local-smtp-server';
import { PrismaEmailOutbox } from '../../adapters/email/prisma-outbox';
import { SmtpTransport } from '../../adapters/email/smtp-transport';
import { HttpTelephony } from '../../adapters/telephony/http-telephony';
import { startTelephonySimulator } from '../../adapters/telephony/simulator/server';
import type { WorkerDeps } from '../../workers/worker';
import type { Alerts } from '../../activities/ports';
import type { Alert } from '../../domain/repair';
import type { PseudonymOf } from '../../domain/pseudonym';
import { testPseudonymOf } from './temporal';
import { PrismaConsentEvidenceStore } from '../../prisma/consent-evidence.repository';
import { PrismaConsentScriptStore } from '../../prisma/consent-script.repository';
import { PrismaContactBlockStore } from '../../prisma/contact-block.repository';
import { PrismaContactHistoryStore } from '../../prisma/contact-history.repository';
import type { Database } from '../../prisma/database';
import { PrismaTaskStore } from '../../prisma/task.repository';
import { PrismaCampaignStore } from '../../prisma/campaign.repository';
import { PrismaCampaignRunStore } from '../../prisma/campaign-run.repository';
import { PrismaKnownFacts } from '../../prisma/known-facts.repository';
import type { Provider } from '../../prisma/tools/schemas';
import { createTestDatabase, type TestDatabase } from './database';

type TelephonySimulator = Awaited<ReturnType<typeof startTelephonySimulator>>;

export interface TestSystem {
  testDb: TestDatabase;
  /** The customer pseudonyms of workflow ids in this test run. */
  pseudonymOf: PseudonymOf;
  /** Alert lines the activities raised, in order. */
  alerts: Alerts & { raised: Alert[] };
  db: Database;
  smtp: LocalSmtpServer;
  coreBanking: CoreBankingSimulator;
  telephony: TelephonySimulator;
  blocks: PrismaContactBlockStore;
  tasks: PrismaTaskStore;
  history: PrismaContactHistoryStore;
  evidence: PrismaConsentEvidenceStore;
  scripts: PrismaConsentScriptStore;
  /** The HTTP client of the core-banking simulator (as production uses the gateway). */
  coreBankingClient: HttpCoreBanking;
  /** The API's dependencies on this system (add temporal and taskQueue). */
  appParts(): { db: Database; blocks: PrismaContactBlockStore; tasks: PrismaTaskStore; coreBanking: HttpCoreBanking; history: PrismaContactHistoryStore; evidence: PrismaConsentEvidenceStore; scripts: PrismaConsentScriptStore; caughtEmails: () => CaughtEmail[]; telephony: HttpTelephony };
  /** The activities' dependencies, for a worker on `taskQueue` of `temporal`. */
  deps(temporal: Client, taskQueue: string): WorkerDeps;
  close(): Promise<void>;
}

/** `customers`: the simulated population's size (2,000 for tests; benches take more). */
export async function startTestSystem(provider: Provider = 'sqlite', { customers = 2_000 }: { customers?: number } = {}): Promise<TestSystem> {
  const [testDb, smtp, coreBanking, telephony] = await Promise.all([
    createTestDatabase(provider),
    startLocalSmtpServer(),
    startCoreBankingSimulator({ size: customers }),
    startTelephonySimulator(),
  ]);
  const db = await testDb.open();
  const blocks = new PrismaContactBlockStore(db.client);
  const tasks = new PrismaTaskStore(db.client);
  const history = new PrismaContactHistoryStore(db.client);
  const evidence = new PrismaConsentEvidenceStore(db.client);
  const scripts = new PrismaConsentScriptStore(db.client);
  const campaignVersions = new PrismaCampaignStore(db.client);
  const campaignRuns = new PrismaCampaignRunStore(db.client);
  const outbox = new PrismaEmailOutbox(db.client, new SmtpTransport(smtp.url, 'drehscheibe@sparkasse.example'));
  const coreBankingClient = new HttpCoreBanking({ baseUrl: coreBanking.url });
  const telephonyClient = new HttpTelephony({ baseUrl: telephony.url });
  const raised: Alert[] = [];
  const alerts = { raised, raise: (alert: Alert) => void raised.push(alert) };
  return {
    pseudonymOf: testPseudonymOf,
    alerts,
    testDb,
    db,
    smtp,
    coreBanking,
    telephony,
    blocks,
    tasks,
    history,
    evidence,
    scripts,
    coreBankingClient,
    appParts: () => ({ db, blocks, tasks, coreBanking: coreBankingClient, history, evidence, scripts, caughtEmails: () => smtp.messages(), telephony: telephonyClient }),
    deps: (temporal, taskQueue) => ({ blocks, tasks, history, evidence, scripts, outbox, coreBanking: coreBankingClient, telephony: telephonyClient, alerts, temporal, taskQueue, pseudonymOf: testPseudonymOf, campaignVersions, campaignRuns, knownFacts: new PrismaKnownFacts(db.client) }),
    async close() {
      await Promise.all([smtp.close(), coreBanking.close(), telephony.close()]);
      await db.close();
      await testDb.drop();
    },
  };
}
