/**
 * `npm start`: the whole system on one machine. Starts the embedded Temporal dev server (unless
 * TEMPORAL_ADDRESS names a cluster), the core-banking and telephony simulators and an SMTP
 * catcher (unless their URLs are configured), applies database migrations, runs the worker and
 * the REST API, and stops all of it cleanly on Ctrl-C. State is kept in DATA_DIR and the database.
 */
import path from 'node:path';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { HttpCoreBanking } from '../adapters/core-banking/http-core-banking';
import { startCoreBankingSimulator } from '../adapters/core-banking/simulator/server';
import { startLocalSmtpServer, type CaughtEmail } from '../adapters/email/local-smtp-server';
import { PrismaEmailOutbox } from '../adapters/email/prisma-outbox';
import { SmtpTransport } from '../adapters/email/smtp-transport';
import { HttpTelephony } from '../adapters/telephony/http-telephony';
import { startTelephonySimulator } from '../adapters/telephony/simulator/server';
import { HttpWhatsApp } from '../adapters/messaging/http-whatsapp';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../adapters/messaging/simulator/server';
import { HttpSocialMedia } from '../adapters/social-media/http-social-media';
import { startSocialMediaSimulator, type SocialMediaSimulator } from '../adapters/social-media/simulator/server';
import { HttpSms } from '../adapters/sms/http-sms';
import { startSmsSimulator } from '../adapters/sms/simulator/server';
import { SOCIAL_WEBHOOK_PATH } from '../api/social-webhook.routes';
import { PrismaProcessAuditLog } from '../prisma/process-audit.repository';
import { createApp } from '../api/app';
import { WEB_DIST } from '../api/web-app';
import { appointmentPolicyOf, campaignRunSettingsOf, callbackPolicyOf, careCallPolicyOf, chatSettingsOf, consentSettingsOf, loadConfig, socialSettingsOf, taskSettingsOf, type Config } from '../platform/config';
import { WHATSAPP_WEBHOOK_PATH } from '../api/whatsapp-webhook.routes';
import { PrismaChatTranscriptStore, transcriptKeyOf } from '../prisma/chat-transcript.repository';
import { createLogger } from '../platform/logger';
import { createPseudonyms, pseudonymKeyOf } from '../platform/pseudonyms';
import { webchatSecretOf } from '../platform/webchat-secret';
import { createDataConverter, loadPayloadKey } from '../platform/temporal';
import { demoUsers, loadDemoSecret, loadUsersFile, type UserRegistry } from '../platform/users';
import { PrismaConsentEvidenceStore } from '../prisma/consent-evidence.repository';
import { PrismaConsentScriptStore } from '../prisma/consent-script.repository';
import { PrismaCampaignStore } from '../prisma/campaign.repository';
import { PrismaCampaignRunStore } from '../prisma/campaign-run.repository';
import { PrismaKnownFacts } from '../prisma/known-facts.repository';
import { seedPilotCatalog } from '../api/campaign-catalog';
import { PrismaContactBlockStore } from '../prisma/contact-block.repository';
import { PrismaContactHistoryStore } from '../prisma/contact-history.repository';
import { openDatabase } from '../prisma/database';
import { PrismaTaskStore } from '../prisma/task.repository';
import { resolveTemporalCli } from '../tools/temporal-cli';
import { startDevServer } from './dev-server';
import { loggedAlerts } from './alerts';
import { createWorker } from './worker';
import { TASK_RECONCILER_ID, taskReconcilerWorkflow } from '../workflows/task-reconciler.workflow';

type Cleanup = () => Promise<unknown>;
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  // The worker's own INFO logs (bundle statistics, state changes) are noise for an operator.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`Drehscheibe could not start. ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const logger = createLogger('drehscheibe');
  const cleanups: Cleanup[] = [];
  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    say('Drehscheibe: stopping…');
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => logger.error('shutdown step failed', { error: String(error) }));
    }
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    const lines = await run(config, cleanups, () => void stop(1));
    say('');
    say('Drehscheibe is running.');
    for (const line of lines) say(`  ${line}`);
    say('Press Ctrl-C to stop.');
  } catch (error) {
    process.stderr.write(`Drehscheibe could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    await stop(1);
  }
}

/** Starts everything; returns the lines that tell where things are. */
async function run(config: Config, cleanups: Cleanup[], onWorkerFailure: () => void): Promise<string[]> {
  const lines: string[] = [];
  const logger = createLogger('drehscheibe');

  // Temporal: a cluster, or the embedded dev server.
  let address = config.TEMPORAL_ADDRESS;
  let temporalUiUrl = config.TEMPORAL_UI_URL;
  if (!address) {
    const server = await startDevServer({
      executable: await resolveTemporalCli({ log: say }),
      dataDir: config.DATA_DIR,
      port: config.TEMPORAL_DEV_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
    });
    cleanups.push(() => server.stop());
    address = server.address;
    temporalUiUrl ??= server.uiUrl;
    lines.push(`Temporal UI   ${server.uiUrl}   (server log: ${server.logFile})`);
  }

  // Third parties: configured systems, or local stand-ins.
  let coreBankingUrl = config.CORE_BANKING_URL;
  if (!coreBankingUrl) {
    const simulator = await startCoreBankingSimulator({
      port: config.CORE_BANKING_SIM_PORT,
      journalFile: path.join(config.DATA_DIR, 'core-banking.jsonl'),
    });
    cleanups.push(() => simulator.close());
    coreBankingUrl = simulator.url;
    lines.push(`Core banking  ${simulator.url}   (simulator, ${simulator.population.customers.length} synthetic customers)`);
  }
  let telephonyUrl = config.TELEPHONY_URL;
  if (!telephonyUrl) {
    const simulator = await startTelephonySimulator({ port: config.TELEPHONY_SIM_PORT });
    simulator.control.setQueue(config.CALLBACK_QUEUE, { agentsAvailable: 2, answerAfterMs: 2000 });
    cleanups.push(() => simulator.close());
    telephonyUrl = simulator.url;
    lines.push(`Telephony     ${simulator.url}   (CTI simulator; steer it under /_sim)`);
  }
  let whatsappUrl = config.WHATSAPP_API_URL;
  let whatsappSimulator: WhatsAppSimulator | undefined;
  if (!whatsappUrl) {
    // Its deliveries go to our own webhook, set once the API listens (below).
    whatsappSimulator = await startWhatsAppSimulator({ port: config.WHATSAPP_SIM_PORT, accessToken: config.WHATSAPP_ACCESS_TOKEN, phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID, appSecret: config.WHATSAPP_APP_SECRET });
    cleanups.push(() => whatsappSimulator!.close());
    whatsappUrl = whatsappSimulator.url;
    lines.push(`WhatsApp      ${whatsappSimulator.url}   (Cloud API simulator; a customer writes with POST /_sim/inbound { from, text })`);
  }
  const messaging = new HttpWhatsApp({ baseUrl: whatsappUrl, apiVersion: config.WHATSAPP_API_VERSION, phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID, accessToken: config.WHATSAPP_ACCESS_TOKEN });
  const chat = chatSettingsOf(config);
  // Social-media cases: the gateway and the SMS gateway, or local stand-ins (posts go to our webhook, set below).
  let socialMediaUrl = config.SOCIAL_MEDIA_API_URL;
  let socialSimulator: SocialMediaSimulator | undefined;
  if (!socialMediaUrl) {
    socialSimulator = await startSocialMediaSimulator({ port: config.SOCIAL_MEDIA_SIM_PORT, accessToken: config.SOCIAL_MEDIA_ACCESS_TOKEN, webhookSecret: config.SOCIAL_WEBHOOK_SECRET });
    cleanups.push(() => socialSimulator!.close());
    socialMediaUrl = socialSimulator.url;
    lines.push(`Social media  ${socialSimulator.url}   (gateway simulator; a post arrives with POST /_sim/posts { text }, replies at GET /_sim/replies)`);
  }
  let smsUrl = config.SMS_API_URL;
  if (!smsUrl) {
    const simulator = await startSmsSimulator({ port: config.SMS_SIM_PORT, accessToken: config.SMS_ACCESS_TOKEN });
    cleanups.push(() => simulator.close());
    smsUrl = simulator.url;
    lines.push(`SMS           ${simulator.url}   (gateway simulator; sent messages at GET /_sim/messages)`);
  }
  let smtpUrl = config.SMTP_URL;
  let caughtEmails: (() => CaughtEmail[]) | undefined;
  if (!smtpUrl) {
    const catcher = await startLocalSmtpServer({ port: config.SMTP_CATCHER_PORT });
    cleanups.push(() => catcher.close());
    smtpUrl = catcher.url;
    caughtEmails = () => catcher.messages();
  }

  const db = await openDatabase(config.DATABASE_URL);
  cleanups.push(() => db.close());
  const blocks = new PrismaContactBlockStore(db.client);
  const tasks = new PrismaTaskStore(db.client);
  const history = new PrismaContactHistoryStore(db.client);
  const evidence = new PrismaConsentEvidenceStore(db.client);
  const scripts = new PrismaConsentScriptStore(db.client);
  // One instance for the whole process: a publish clears the cache the live decision reads.
  const campaigns = new PrismaCampaignStore(db.client);
  const campaignRuns = new PrismaCampaignRunStore(db.client);
  // The default catalog (the twelve pilot processes of seed 000): version 1 of each, once.
  const seeded = await seedPilotCatalog(campaigns);
  if (seeded > 0) logger.info('pilot catalog published', { campaigns: seeded });
  const coreBanking = new HttpCoreBanking({ baseUrl: coreBankingUrl });
  const payloadKey = loadPayloadKey(config.PAYLOAD_ENCRYPTION_KEY, config.DATA_DIR);
  const dataConverter = createDataConverter(payloadKey);
  const pseudonymOf = createPseudonyms(pseudonymKeyOf(config.PSEUDONYM_KEY, payloadKey));

  const connection = await Connection.connect({ address });
  cleanups.push(() => connection.close());
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });

  const workerConnection = await NativeConnection.connect({ address });
  const worker = await createWorker({
    connection: workerConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    dataConverter,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    deps: {
      blocks,
      tasks,
      history,
      evidence,
      scripts,
      outbox: new PrismaEmailOutbox(db.client, new SmtpTransport(smtpUrl, config.MAIL_FROM)),
      coreBanking,
      telephony: new HttpTelephony({ baseUrl: telephonyUrl }),
      alerts: loggedAlerts(createLogger('alerts')),
      pseudonymOf,
      campaignVersions: campaigns,
      campaignRuns,
      knownFacts: new PrismaKnownFacts(db.client),
      transcripts: new PrismaChatTranscriptStore(db.client, transcriptKeyOf(payloadKey)),
      messaging,
      socialMedia: new HttpSocialMedia({ baseUrl: socialMediaUrl, accessToken: config.SOCIAL_MEDIA_ACCESS_TOKEN }),
      sms: new HttpSms({ baseUrl: smsUrl, accessToken: config.SMS_ACCESS_TOKEN }),
      processAudit: new PrismaProcessAuditLog(db.client),
      chatRouting: chat.router,
      temporal,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
    },
  });
  const running = worker.run();
  cleanups.push(async () => {
    worker.shutdown();
    await running;
    await workerConnection.close();
  });
  // The reconciler: one per namespace, so a second worker (or a restart) finds it running.
  await temporal.workflow.start(taskReconcilerWorkflow, {
    workflowId: TASK_RECONCILER_ID,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{ intervalMinutes: config.TASK_RECONCILE_MINUTES, settings: taskSettingsOf(config) }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  running.catch((error: unknown) => {
    logger.error('worker stopped', { error: String(error) });
    onWorkerFailure();
  });

  let users: UserRegistry;
  let demoTokens: ReturnType<typeof demoUsers>['tokens'] = [];
  if (config.AUTH_USERS_FILE) {
    users = loadUsersFile(config.AUTH_USERS_FILE);
  } else {
    ({ registry: users, tokens: demoTokens } = demoUsers(loadDemoSecret(config.DATA_DIR)));
  }
  const app = createApp({
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db,
    blocks,
    tasks,
    logger: createLogger('api'),
    users,
    blockMaxMonths: config.BLOCK_MAX_MONTHS,
    callbackPolicy: callbackPolicyOf(config),
    careCallPolicy: careCallPolicyOf(config),
    appointmentPolicy: appointmentPolicyOf(config),
    campaignRuns: campaignRunSettingsOf(config),
    social: { webhookSecret: config.SOCIAL_WEBHOOK_SECRET, settings: socialSettingsOf(config) },
    chat: { ...chat, whatsapp: { appSecret: config.WHATSAPP_APP_SECRET, verifyToken: config.WHATSAPP_VERIFY_TOKEN, replayWindowMinutes: config.WHATSAPP_REPLAY_WINDOW_MINUTES }, webchatSecret: webchatSecretOf(payloadKey), transcripts: new PrismaChatTranscriptStore(db.client, transcriptKeyOf(payloadKey)) },
    telephony: new HttpTelephony({ baseUrl: telephonyUrl }),
    taskSettings: taskSettingsOf(config),
    coreBanking,
    history,
    evidence,
    scripts,
    campaigns,
    consent: consentSettingsOf(config),
    pseudonymOf,
    temporalDeadlineMs: config.API_TEMPORAL_DEADLINE_SECONDS * 1000,
    trustProxy: config.API_TRUST_PROXY,
    caughtEmails,
    webRoot: WEB_DIST,
    temporalUiUrl,
  });
  const http: Server = await new Promise((resolve, reject) => {
    const server = app.listen(config.PORT, config.HOST, () => resolve(server)).on('error', reject);
  });
  cleanups.push(() => new Promise((resolve) => http.close(resolve)));
  whatsappSimulator?.control.setWebhookUrl(`http://${config.HOST}:${config.PORT}${WHATSAPP_WEBHOOK_PATH}`);
  socialSimulator?.control.setWebhookUrl(`http://${config.HOST}:${config.PORT}${SOCIAL_WEBHOOK_PATH}`);

  const api = `http://${config.HOST}:${config.PORT}`;
  lines.unshift(
    `Web app       ${api}/   (sign in with a token below)`,
    `REST API      ${api}   (health: ${api}/healthz, OpenAPI: ${api}/api/v1/openapi.json)`,
    `Temporal      ${address}   namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE}`,
  );
  lines.push(`Database      ${db.provider}`);
  if (caughtEmails) lines.push(`Email         ${smtpUrl}   (local catcher: nothing leaves this machine; read it at ${api}/api/v1/dev/mailbox)`);
  if (demoTokens.length > 0) {
    lines.push('Demo users (Authorization: Bearer <token>):');
    for (const { user, token } of demoTokens) lines.push(`  ${user.id.padEnd(16)} ${user.roles.join(',').padEnd(14)} ${token}`);
  }
  return lines;
}

void main();
