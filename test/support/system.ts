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
import { HttpSocialMedia } from '../../adapters/social-media/http-social-media';
import { startSocialMediaSimulator, type SocialMediaSimulator } from '../../adapters/social-media/simulator/server';
import { HttpSms } from '../../adapters/sms/http-sms';
import { startSmsSimulator, type SmsSimulator } from '../../adapters/sms/simulator/server';
import { PrismaProcessAuditLog } from '../../prisma/process-audit.repository';
import type { WorkerDeps } from '../../workers/worker';
import type { Alerts } from '../../activities/ports';
import type { Alert } from '../../domain/repair';
import type { PseudonymOf } from '../../domain/pseudonym';
import { testPayloadKey, testPseudonymOf } from './temporal';
import { PrismaConsentEvidenceStore } from '../../prisma/consent-evidence.repository';
import { PrismaConsentScriptStore } from '../../prisma/consent-script.repository';
import { PrismaContactBlockStore } from '../../prisma/contact-block.repository';
import { PrismaContactHistoryStore } from '../../prisma/contact-history.repository';
import type { Database } from '../../prisma/database';
import { PrismaTaskStore } from '../../prisma/task.repository';
import { PrismaCampaignStore } from '../../prisma/campaign.repository';
import { PrismaCampaignRunStore } from '../../prisma/campaign-run.repository';
import { PrismaKnownFacts } from '../../prisma/known-facts.repository';
import { PrismaChatTranscriptStore, transcriptKeyOf } from '../../prisma/chat-transcript.repository';
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
  /** The social-media gateway simulator (signs posts with {@link TEST_SOCIAL}'s secret) and the SMS gateway simulator. */
  socialMedia: SocialMediaSimulator;
  sms: SmsSimulator;
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

/** The transcripts' key in tests (as production derives it from the payload key). */
export const TEST_TRANSCRIPT_KEY = transcriptKeyOf(testPayloadKey);

/** The WhatsApp simulator's credentials in tests. */
export const TEST_WHATSAPP = { accessToken: 'test-access-token', phoneNumberId: '100000000000001', appSecret: 'test-app-secret-0123456789', verifyToken: 'test-verify-token', apiVersion: 'v21.0' } as const;

/** The social-media and SMS simulators' credentials in tests. */
export const TEST_SOCIAL = { webhookSecret: 'test-social-secret-0123456789', accessToken: 'test-social-token', smsToken: 'test-sms-token' } as const;

/** The chat router's settings in tests: open round the clock unless a test says otherwise; one router per task queue. */
export interface TestChatRouting {
  hours: ChatServiceHours;
  cap: number;
  routerId: string;
}
export const TEST_CHAT_HOURS = chatServiceHoursFromSpec('mon-sun 00:00-24:00');

/** `customers`: the simulated population's size (2,000 for tests; benches take more). */
export async function startTestSystem(provider: Provider = 'sqlite', { customers = 2_000 }: { customers?: number } = {}): Promise<TestSystem> {
  const [testDb, smtp, coreBanking, telephony, whatsapp, socialMedia, sms] = await Promise.all([
    createTestDatabase(provider),
    startLocalSmtpServer(),
    startCoreBankingSimulator({ size: customers }),
    startTelephonySimulator(),
    startWhatsAppSimulator({ accessToken: TEST_WHATSAPP.accessToken, phoneNumberId: TEST_WHATSAPP.phoneNumberId, appSecret: TEST_WHATSAPP.appSecret }),
    startSocialMediaSimulator({ accessToken: TEST_SOCIAL.accessToken, webhookSecret: TEST_SOCIAL.webhookSecret }),
    startSmsSimulator({ accessToken: TEST_SOCIAL.smsToken }),
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
    socialMedia,
    sms,
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
      transcripts: new PrismaChatTranscriptStore(db.client, TEST_TRANSCRIPT_KEY),
      messaging,
      socialMedia: new HttpSocialMedia({ baseUrl: socialMedia.url, accessToken: TEST_SOCIAL.accessToken }),
      sms: new HttpSms({ baseUrl: sms.url, accessToken: TEST_SOCIAL.smsToken }),
      processAudit: new PrismaProcessAuditLog(db.client),
      chatRouting: { hours: chat?.hours ?? TEST_CHAT_HOURS, cap: chat?.cap ?? 4, routerId: chat?.routerId ?? `chat-router-${taskQueue}` },
    }),
    async close() {
      await Promise.all([smtp.close(), coreBanking.close(), telephony.close(), whatsapp.close(), socialMedia.close(), sms.close()]);
      await db.close();
      await testDb.drop();
    },
  };
}
