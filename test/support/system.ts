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
import { HttpWhatsApp } from '../../adapters/messaging/http-whatsapp';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../adapters/messaging/simulator/server';
import { chatServiceHoursFromSpec, type ChatServiceHours } from '../../domain/chat-service-hours';
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
  /** The WhatsApp Cloud API simulator (signs deliveries with {@link TEST_WHATSAPP}'s app secret). */
  whatsapp: WhatsAppSimulator;
  /** Its HTTP client, as production uses the Cloud API. */
  messaging: HttpWhatsApp;
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
  deps(temporal: Client, taskQueue: string, chat?: Partial<TestChatRouting>): WorkerDeps;
  close(): Promise<void>;
}

/** The WhatsApp simulator's credentials in tests. */
export const TEST_WHATSAPP = { accessToken: 'test-access-token', phoneNumberId: '100000000000001', appSecret: 'test-app-secret-0123456789', verifyToken: 'test-verify-token', apiVersion: 'v21.0' } as const;

/** The chat router's settings in tests: open round the clock unless a test says otherwise; one router per task queue. */
export interface TestChatRouting {
  hours: ChatServiceHours;
  cap: number;
  routerId: string;
}
export const TEST_CHAT_HOURS = chatServiceHoursFromSpec('mon-sun 00:00-24:00');

/** `customers`: the simulated population's size (2,000 for tests; benches take more). */
export async function startTestSystem(provider: Provider = 'sqlite', { customers = 2_000 }: { customers?: number } = {}): Promise<TestSystem> {
  const [testDb, smtp, coreBanking, telephony, whatsapp] = await Promise.all([
    createTestDatabase(provider),
    startLocalSmtpServer(),
    startCoreBankingSimulator({ size: customers }),
    startTelephonySimulator(),
    startWhatsAppSimulator({ accessToken: TEST_WHATSAPP.accessToken, phoneNumberId: TEST_WHATSAPP.phoneNumberId, appSecret: TEST_WHATSAPP.appSecret }),
  ]);
  const messaging = new HttpWhatsApp({ baseUrl: whatsapp.url, apiVersion: TEST_WHATSAPP.apiVersion, phoneNumberId: TEST_WHATSAPP.phoneNumberId, accessToken: TEST_WHATSAPP.accessToken });
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
    whatsapp,
    messaging,
    blocks,
    tasks,
    history,
    evidence,
    scripts,
    coreBankingClient,
    appParts: () => ({ db, blocks, tasks, coreBanking: coreBankingClient, history, evidence, scripts, caughtEmails: () => smtp.messages(), telephony: telephonyClient }),
    deps: (temporal, taskQueue, chat) => ({
      blocks,
      tasks,
      history,
      evidence,
      scripts,
      outbox,
      coreBanking: coreBankingClient,
      telephony: telephonyClient,
      alerts,
      temporal,
      taskQueue,
      pseudonymOf: testPseudonymOf,
      campaignVersions,
      campaignRuns,
      knownFacts: new PrismaKnownFacts(db.client),
      messaging,
      chatRouting: { hours: chat?.hours ?? TEST_CHAT_HOURS, cap: chat?.cap ?? 4, routerId: chat?.routerId ?? `chat-router-${taskQueue}` },
    }),
    async close() {
      await Promise.all([smtp.close(), coreBanking.close(), telephony.close(), whatsapp.close()]);
      await db.close();
      await testDb.drop();
    },
  };
}
