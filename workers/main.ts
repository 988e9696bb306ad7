/**
 * `npm start`: the whole system on one machine. Starts the embedded Temporal dev server (unless
 * TEMPORAL_ADDRESS names a cluster), the core-banking and telephony simulators and an SMTP
 * catcher (unless their URLs are configured), applies database migrations, runs the worker and
 * the REST API, and stops all of it cleanly on Ctrl-C. State is kept in DATA_DIR and the database.
 */
import path from 'node:path';
import type { Server } from 'node:http';
import { startCoreBankingSimulator } from '../adapters/core-banking/simulator/server';
import { startLocalSmtpServer, type CaughtEmail } from '../adapters/email/local-smtp-server';
import { startTelephonySimulator } from '../adapters/telephony/simulator/server';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../adapters/messaging/simulator/server';
import { startSocialMediaSimulator, type SocialMediaSimulator } from '../adapters/social-media/simulator/server';
import { startSmsSimulator } from '../adapters/sms/simulator/server';
import { SOCIAL_WEBHOOK_PATH } from '../api/social-webhook.routes';
import { createApp } from '../api/app';
import { WEB_DIST } from '../api/web-app';
import { loadConfig, type Config } from '../platform/config';
import { WHATSAPP_WEBHOOK_PATH } from '../api/whatsapp-webhook.routes';
import { closeHttpServer, Lifecycle } from '../platform/lifecycle';
import { createLogger } from '../platform/logger';
import { authenticationFromConfig } from '../platform/authentication';
import { seedPilotCatalog } from '../api/campaign-catalog';
import { resolveTemporalCli } from '../tools/temporal-cli';
import { appDepsOf, configuredThirdParties, connectClient, connectWorker, openSharedParts, type ThirdParties } from './composition';
import { startDevServer } from './dev-server';
import { installRuntime } from './runtime';
import { startWorkerProcess } from './worker-process';
import { taskQueuesOf } from '../workflows/task-queues';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`Drehscheibe could not start. ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  installRuntime(config);
  const logger = createLogger('drehscheibe');
  const lifecycle = new Lifecycle(logger, say);
  lifecycle.exitOnSignals();
  try {
    const lines = await run(config, lifecycle, () => void lifecycle.stop(1).then((code) => process.exit(code)));
    say('');
    say('Drehscheibe is running.');
    for (const line of lines) say(`  ${line}`);
    say('Press Ctrl-C to stop.');
  } catch (error) {
    process.stderr.write(`Drehscheibe could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(await lifecycle.stop(1));
  }
}

/** Starts everything; returns the lines that tell where things are. */
async function run(config: Config, lifecycle: Lifecycle, onWorkerFailure: () => void): Promise<string[]> {
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
    lifecycle.onStop('temporal dev server', () => server.stop());
    address = server.address;
    temporalUiUrl ??= server.uiUrl;
    lines.push(`Temporal UI   ${server.uiUrl}   (server log: ${server.logFile})`);
  }

  const { thirdParties, caughtEmails, setWebhookBase } = await standInsForMissing(config, lifecycle, lines);
  const parts = await openSharedParts(config, thirdParties);
  lifecycle.onStop('database', () => parts.db.close());
  // The default catalog (the twelve pilot processes of seed 000): version 1 of each, once.
  const seeded = await seedPilotCatalog(parts.campaigns);
  if (seeded > 0) logger.info('pilot catalog published', { campaigns: seeded });

  const temporal = await connectClient(config, address, parts);
  lifecycle.onStop('temporal client', () => temporal.connection.close());
  const workerConnection = await connectWorker(config, address);
  lifecycle.onStop('worker connection', () => workerConnection.close());
  await startWorkerProcess(parts, temporal, workerConnection, lifecycle, logger, onWorkerFailure);

  // OIDC_ISSUER: the bank's sign-in provider; else AUTH_USERS_FILE, else the demo users.
  const { authenticator, users, demoTokens } = authenticationFromConfig(config, config.DATA_DIR);
  const app = createApp(appDepsOf(parts, temporal, { users, authenticator, caughtEmails, temporalUiUrl, webRoot: WEB_DIST }));
  const http: Server = await new Promise((resolve, reject) => {
    const server = app.listen(config.PORT, config.HOST, () => resolve(server)).on('error', reject);
  });
  lifecycle.onStop('http', () => closeHttpServer(http));
  setWebhookBase(`http://${config.HOST}:${config.PORT}`);

  const api = `http://${config.HOST}:${config.PORT}`;
  lines.unshift(
    `Web app       ${api}/   (${demoTokens.length > 0 ? 'sign in with a token below' : config.OIDC_ISSUER ? `single sign-on with ${config.OIDC_ISSUER}` : 'sign in with a token of AUTH_USERS_FILE'})`,
    `REST API      ${api}   (health: ${api}/healthz, OpenAPI: ${api}/api/v1/openapi.json)`,
    `Temporal      ${address}   namespace ${config.TEMPORAL_NAMESPACE}, task queues ${taskQueuesOf(config.TEMPORAL_TASK_QUEUE).join(' + ')}`,
  );
  lines.push(`Database      ${parts.db.provider}`);
  if (caughtEmails) lines.push(`Email         ${thirdParties.smtpUrl}   (local catcher: nothing leaves this machine; read it at ${api}/api/v1/dev/mailbox)`);
  if (demoTokens.length > 0) {
    lines.push('Demo users (Authorization: Bearer <token>):');
    for (const { user, token } of demoTokens) lines.push(`  ${user.id.padEnd(16)} ${user.roles.join(',').padEnd(14)} ${token}`);
  }
  return lines;
}

/**
 * Third parties: the configured systems, or local stand-ins for those not configured (simulators
 * of core banking, telephony, WhatsApp, social media and SMS, and an SMTP catcher). The WhatsApp
 * and social-media simulators deliver to our webhooks, whose address is known once the API listens.
 */
async function standInsForMissing(config: Config, lifecycle: Lifecycle, lines: string[]) {
  const given = configuredThirdParties(config);
  let coreBankingUrl = given.coreBankingUrl;
  if (!coreBankingUrl) {
    const simulator = await startCoreBankingSimulator({
      port: config.CORE_BANKING_SIM_PORT,
      journalFile: path.join(config.DATA_DIR, 'core-banking.jsonl'),
    });
    lifecycle.onStop('core-banking simulator', () => simulator.close());
    coreBankingUrl = simulator.url;
    lines.push(`Core banking  ${simulator.url}   (simulator, ${simulator.population.customers.length} synthetic customers)`);
  }
  let telephonyUrl = given.telephonyUrl;
  if (!telephonyUrl) {
    const simulator = await startTelephonySimulator({ port: config.TELEPHONY_SIM_PORT });
    simulator.control.setQueue(config.CALLBACK_QUEUE, { agentsAvailable: 2, answerAfterMs: 2000 });
    lifecycle.onStop('telephony simulator', () => simulator.close());
    telephonyUrl = simulator.url;
    lines.push(`Telephony     ${simulator.url}   (CTI simulator; steer it under /_sim)`);
  }
  let whatsappUrl = given.whatsappUrl;
  let whatsappSimulator: WhatsAppSimulator | undefined;
  if (!whatsappUrl) {
    whatsappSimulator = await startWhatsAppSimulator({ port: config.WHATSAPP_SIM_PORT, accessToken: config.WHATSAPP_ACCESS_TOKEN, phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID, appSecret: config.WHATSAPP_APP_SECRET });
    const simulator = whatsappSimulator;
    lifecycle.onStop('whatsapp simulator', () => simulator.close());
    whatsappUrl = simulator.url;
    lines.push(`WhatsApp      ${simulator.url}   (Cloud API simulator; a customer writes with POST /_sim/inbound { from, text })`);
  }
  let socialMediaUrl = given.socialMediaUrl;
  let socialSimulator: SocialMediaSimulator | undefined;
  if (!socialMediaUrl) {
    socialSimulator = await startSocialMediaSimulator({ port: config.SOCIAL_MEDIA_SIM_PORT, accessToken: config.SOCIAL_MEDIA_ACCESS_TOKEN, webhookSecret: config.SOCIAL_WEBHOOK_SECRET });
    const simulator = socialSimulator;
    lifecycle.onStop('social-media simulator', () => simulator.close());
    socialMediaUrl = simulator.url;
    lines.push(`Social media  ${simulator.url}   (gateway simulator; a post arrives with POST /_sim/posts { text }, replies at GET /_sim/replies)`);
  }
  let smsUrl = given.smsUrl;
  if (!smsUrl) {
    const simulator = await startSmsSimulator({ port: config.SMS_SIM_PORT, accessToken: config.SMS_ACCESS_TOKEN });
    lifecycle.onStop('sms simulator', () => simulator.close());
    smsUrl = simulator.url;
    lines.push(`SMS           ${simulator.url}   (gateway simulator; sent messages at GET /_sim/messages)`);
  }
  let smtpUrl = given.smtpUrl;
  let caughtEmails: (() => CaughtEmail[]) | undefined;
  if (!smtpUrl) {
    const catcher = await startLocalSmtpServer({ port: config.SMTP_CATCHER_PORT });
    lifecycle.onStop('smtp catcher', () => catcher.close());
    smtpUrl = catcher.url;
    caughtEmails = () => catcher.messages();
  }
  const thirdParties: ThirdParties = { coreBankingUrl, telephonyUrl, whatsappUrl, socialMediaUrl, smsUrl, smtpUrl };
  const setWebhookBase = (base: string) => {
    whatsappSimulator?.control.setWebhookUrl(`${base}${WHATSAPP_WEBHOOK_PATH}`);
    socialSimulator?.control.setWebhookUrl(`${base}${SOCIAL_WEBHOOK_PATH}`);
  };
  return { thirdParties, caughtEmails, setWebhookBase };
}

void main();
