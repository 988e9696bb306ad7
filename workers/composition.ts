/**
 * The wiring every Drehscheibe process shares: the application database's stores, the payload
 * key and what is derived from it, the adapters to third parties, and how the worker's and the
 * API's dependencies are made from them. The embedded default (workers/main.ts) runs worker and
 * API in one process; the production entry points (workers/worker-main.ts, api/main.ts) run one
 * each, so they scale on their own. All three build their parts here, so they cannot drift.
 */
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { HttpCoreBanking } from '../adapters/core-banking/http-core-banking';
import type { CaughtEmail } from '../adapters/email/local-smtp-server';
import { PrismaEmailOutbox } from '../adapters/email/prisma-outbox';
import { SmtpTransport } from '../adapters/email/smtp-transport';
import { HttpWhatsApp } from '../adapters/messaging/http-whatsapp';
import { HttpSms } from '../adapters/sms/http-sms';
import { HttpSocialMedia } from '../adapters/social-media/http-social-media';
import { HttpTelephony } from '../adapters/telephony/http-telephony';
import type { AppDeps } from '../api/app';
import type { PseudonymOf } from '../domain/pseudonym';
import {
  appointmentPolicyOf,
  callbackPolicyOf,
  campaignRunSettingsOf,
  careCallPolicyOf,
  chatSettingsOf,
  consentSettingsOf,
  socialSettingsOf,
  loadConfig,
  taskSettingsOf,
  type Config,
} from '../platform/config';
import { createLogger } from '../platform/logger';
import { RequestContext } from '../platform/request-context';
import { requestIdClientInterceptors } from '../platform/request-id-interceptors';
import { createPseudonyms, pseudonymKeyOf } from '../platform/pseudonyms';
import { loadPayloadKeys, type PayloadKeys } from '../platform/payload-keys';
import { createDataConverter } from '../platform/temporal';
import { temporalConnectionOptions } from '../platform/temporal-connection';
import type { Authenticator } from '../platform/authenticator';
import type { UserRegistry } from '../platform/users';
import { webchatSecretOf } from '../platform/webchat-secret';
import { PrismaCampaignRunStore } from '../prisma/campaign-run.repository';
import { PrismaCampaignStore } from '../prisma/campaign.repository';
import { PrismaChatTranscriptStore, transcriptKeyOf } from '../prisma/chat-transcript.repository';
import { PrismaConsentEvidenceStore } from '../prisma/consent-evidence.repository';
import { PrismaConsentScriptStore } from '../prisma/consent-script.repository';
import { PrismaContactBlockStore } from '../prisma/contact-block.repository';
import { PrismaContactHistoryStore } from '../prisma/contact-history.repository';
import { openDatabase, type Database } from '../prisma/database';
import { PrismaKnownFacts } from '../prisma/known-facts.repository';
import { PrismaProcessAuditLog } from '../prisma/process-audit.repository';
import { PrismaTaskStore } from '../prisma/task.repository';
import { loggedAlerts } from './alerts';
import type { WorkerDeps } from './worker';

/**
 * The configuration of a production entry point, or exit 1 naming every bad variable: a worker
 * or an API instance runs against a cluster (`npm start` runs the embedded default).
 */
export function clusterConfigOrExit(what: 'worker' | 'API'): Config {
  try {
    const config = loadConfig();
    if (!config.TEMPORAL_ADDRESS) throw new Error(`Invalid configuration:\n  TEMPORAL_ADDRESS: is required (a production ${what} runs against a cluster; \`npm start\` runs the embedded default)`);
    return config;
  } catch (error) {
    process.stderr.write(`Drehscheibe ${what} could not start. ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

/** Where the third parties answer: the bank's systems, or the embedded default's stand-ins. */
export interface ThirdParties {
  coreBankingUrl: string;
  telephonyUrl: string;
  whatsappUrl: string;
  socialMediaUrl: string;
  smsUrl: string;
  smtpUrl: string;
}

/** The third parties as configured; undefined names what is missing (the embedded default starts stand-ins for those). */
export function configuredThirdParties(config: Config): Partial<ThirdParties> {
  return {
    coreBankingUrl: config.CORE_BANKING_URL,
    telephonyUrl: config.TELEPHONY_URL,
    whatsappUrl: config.WHATSAPP_API_URL,
    socialMediaUrl: config.SOCIAL_MEDIA_API_URL,
    smsUrl: config.SMS_API_URL,
    smtpUrl: config.SMTP_URL,
  };
}

/** The third parties, all configured (production entry points); throws naming what is missing. */
export function requireThirdParties(config: Config): ThirdParties {
  const given = configuredThirdParties(config);
  const variables: Record<keyof ThirdParties, string> = {
    coreBankingUrl: 'CORE_BANKING_URL',
    telephonyUrl: 'TELEPHONY_URL',
    whatsappUrl: 'WHATSAPP_API_URL',
    socialMediaUrl: 'SOCIAL_MEDIA_API_URL',
    smsUrl: 'SMS_API_URL',
    smtpUrl: 'SMTP_URL',
  };
  const missing = (Object.keys(variables) as Array<keyof ThirdParties>).filter((key) => !given[key]).map((key) => variables[key]);
  if (missing.length > 0) throw new Error(`Invalid configuration: ${missing.join(', ')} must be set (simulators are for the embedded default only)`);
  return given as ThirdParties;
}

/** What worker and API share in one process: the database and its stores, keys, adapters. */
export interface SharedParts {
  config: Config;
  db: Database;
  blocks: PrismaContactBlockStore;
  tasks: PrismaTaskStore;
  history: PrismaContactHistoryStore;
  evidence: PrismaConsentEvidenceStore;
  scripts: PrismaConsentScriptStore;
  /** One instance per process: a publish clears the cache the live decision reads. */
  campaigns: PrismaCampaignStore;
  campaignRuns: PrismaCampaignRunStore;
  transcripts: PrismaChatTranscriptStore;
  coreBanking: HttpCoreBanking;
  telephony: HttpTelephony;
  /** The payload keyring: the write key, older readable keys, and the never-rotating root of derived secrets. */
  payloadKeys: PayloadKeys;
  dataConverter: DataConverter;
  pseudonymOf: PseudonymOf;
  thirdParties: ThirdParties;
  /**
   * The request being served, one per process: the API's middleware opens it, the Temporal
   * client's interceptors carry its id into the processes it starts or signals, and activities
   * (which may start further processes through the same client) reopen it.
   */
  requestContext: RequestContext;
}

/**
 * Opens the application database (applying migrations unless `DATABASE_MIGRATE=false`: a
 * cluster migrates once, before its processes start) and builds the shared parts.
 */
export async function openSharedParts(config: Config, thirdParties: ThirdParties): Promise<SharedParts> {
  const db = await openDatabase(config.DATABASE_URL, { migrate: config.DATABASE_MIGRATE });
  const payloadKeys = loadPayloadKeys(config);
  return {
    config,
    db,
    blocks: new PrismaContactBlockStore(db.client),
    tasks: new PrismaTaskStore(db.client),
    history: new PrismaContactHistoryStore(db.client),
    evidence: new PrismaConsentEvidenceStore(db.client),
    scripts: new PrismaConsentScriptStore(db.client),
    campaigns: new PrismaCampaignStore(db.client),
    campaignRuns: new PrismaCampaignRunStore(db.client),
    transcripts: new PrismaChatTranscriptStore(db.client, transcriptKeyOf(payloadKeys.secretsRoot)),
    coreBanking: new HttpCoreBanking({ baseUrl: thirdParties.coreBankingUrl, accessToken: config.CORE_BANKING_TOKEN }),
    telephony: new HttpTelephony({ baseUrl: thirdParties.telephonyUrl, accessToken: config.TELEPHONY_TOKEN }),
    payloadKeys,
    dataConverter: createDataConverter(payloadKeys),
    pseudonymOf: createPseudonyms(pseudonymKeyOf(config.PSEUDONYM_KEY, payloadKeys.secretsRoot)),
    thirdParties,
    requestContext: new RequestContext(),
  };
}

/** A Temporal client (for the API, and for activities that start other processes); it passes the request id on. */
export async function connectClient(config: Config, address: string, parts: Pick<SharedParts, 'dataConverter' | 'requestContext'>): Promise<Client> {
  const connection = await Connection.connect({ address, ...temporalConnectionOptions(config) });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: parts.dataConverter, interceptors: requestIdClientInterceptors(parts.requestContext) });
}

/** The worker's connection (the SDK's native one). */
export function connectWorker(config: Config, address: string): Promise<NativeConnection> {
  return NativeConnection.connect({ address, ...temporalConnectionOptions(config) });
}

/** The worker's dependencies: every port its activities use. */
export function workerDepsOf(parts: SharedParts, temporal: Client): WorkerDeps {
  const { config, db, thirdParties } = parts;
  return {
    blocks: parts.blocks,
    tasks: parts.tasks,
    history: parts.history,
    evidence: parts.evidence,
    scripts: parts.scripts,
    outbox: new PrismaEmailOutbox(db.client, new SmtpTransport(thirdParties.smtpUrl, config.MAIL_FROM)),
    coreBanking: parts.coreBanking,
    telephony: parts.telephony,
    alerts: loggedAlerts(createLogger('alerts')),
    pseudonymOf: parts.pseudonymOf,
    campaignVersions: parts.campaigns,
    campaignRuns: parts.campaignRuns,
    knownFacts: new PrismaKnownFacts(db.client),
    transcripts: parts.transcripts,
    messaging: whatsappOf(config, thirdParties),
    socialMedia: new HttpSocialMedia({ baseUrl: thirdParties.socialMediaUrl, accessToken: config.SOCIAL_MEDIA_ACCESS_TOKEN }),
    sms: new HttpSms({ baseUrl: thirdParties.smsUrl, accessToken: config.SMS_ACCESS_TOKEN }),
    processAudit: new PrismaProcessAuditLog(db.client),
    chatRouting: chatSettingsOf(config).router,
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
  };
}

/** What only the process that serves HTTP brings: who may sign in, and the embedded default's extras. */
export interface ApiExtras {
  users: UserRegistry;
  /** Who a bearer token belongs to (platform/authentication.ts); default: `users`' static tokens. */
  authenticator?: Authenticator;
  /** The local SMTP catcher's messages (embedded default only). */
  caughtEmails?: () => CaughtEmail[];
  temporalUiUrl?: string;
  webRoot?: string;
}

/** The REST API's dependencies. */
export function appDepsOf(parts: SharedParts, temporal: Client, extras: ApiExtras): AppDeps {
  const { config } = parts;
  const chat = chatSettingsOf(config);
  return {
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db: parts.db,
    blocks: parts.blocks,
    tasks: parts.tasks,
    logger: createLogger('api'),
    users: extras.users,
    ...(extras.authenticator ? { authenticator: extras.authenticator } : {}),
    blockMaxMonths: config.BLOCK_MAX_MONTHS,
    callbackPolicy: callbackPolicyOf(config),
    careCallPolicy: careCallPolicyOf(config),
    appointmentPolicy: appointmentPolicyOf(config),
    campaignRuns: campaignRunSettingsOf(config),
    social: { webhookSecret: config.SOCIAL_WEBHOOK_SECRET, settings: socialSettingsOf(config) },
    chat: {
      ...chat,
      whatsapp: { appSecret: config.WHATSAPP_APP_SECRET, verifyToken: config.WHATSAPP_VERIFY_TOKEN, replayWindowMinutes: config.WHATSAPP_REPLAY_WINDOW_MINUTES },
      webchatSecret: webchatSecretOf(parts.payloadKeys.secretsRoot),
      // Every API instance counts the public web chat's limits against one budget per client.
      webchat: { ...chat.webchat, sharedCounters: true },
      transcripts: parts.transcripts,
    },
    telephony: parts.telephony,
    taskSettings: taskSettingsOf(config),
    coreBanking: parts.coreBanking,
    history: parts.history,
    evidence: parts.evidence,
    scripts: parts.scripts,
    campaigns: parts.campaigns,
    consent: consentSettingsOf(config),
    pseudonymOf: parts.pseudonymOf,
    temporalDeadlineMs: config.API_TEMPORAL_DEADLINE_SECONDS * 1000,
    trustProxy: config.API_TRUST_PROXY,
    caughtEmails: extras.caughtEmails,
    webRoot: extras.webRoot,
    temporalUiUrl: extras.temporalUiUrl,
    requestContext: parts.requestContext,
    metricsToken: config.METRICS_TOKEN,
    codec: { roles: config.CODEC_ROLES, corsOrigins: config.CODEC_CORS_ORIGIN ?? [] },
  };
}

function whatsappOf(config: Config, thirdParties: ThirdParties): HttpWhatsApp {
  return new HttpWhatsApp({ baseUrl: thirdParties.whatsappUrl, apiVersion: config.WHATSAPP_API_VERSION, phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID, accessToken: config.WHATSAPP_ACCESS_TOKEN });
}
