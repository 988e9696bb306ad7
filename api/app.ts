/**
 * The REST API as an express app, built from injected dependencies (no module singletons), so
 * tests run it against real Temporal and databases.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import type { Client } from '@temporalio/client';
import { withFields, type Logger } from '../platform/logger';
import { RequestContext } from '../platform/request-context';
import { PrismaOperationsMetrics } from '../prisma/operations-metrics.repository';
import { createApiMetrics } from './metrics';
import { requestIds } from './request-id';
import { routePatternOf } from './route-pattern';
import type { UserRegistry } from '../platform/users';
import { staticTokenAuthenticator, type Authenticator } from '../platform/authenticator';
import type { Database } from '../prisma/database';
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import type { CaughtEmail } from '../adapters/email/local-smtp-server';
import type { Telephony } from '../adapters/telephony/telephony.port';
import type { ConsentEvidenceStore, ConsentScriptStore, ContactBlockStore, ContactHistoryStore } from '../activities/ports';
import type { ContactCap } from '../domain/contact-policy';
import type { CallbackPolicy } from '../domain/callback';
import { branchQueueOf, DEFAULT_APPOINTMENT_POLICY, type AppointmentPolicy } from '../domain/appointment';
import { cancellationReasonsOf, DEFAULT_CARE_CALL_POLICY, type CareCallPolicy } from '../domain/care-call';
import type { PseudonymOf } from '../domain/pseudonym';
import type { PrismaTaskStore } from '../prisma/task.repository';
import { PrismaIdempotencyStore } from '../prisma/idempotency.repository';
import { PrismaRateLimitStore } from '../prisma/rate-limit.store';
import { PrismaAuditTrail } from '../prisma/audit.repository';
import { configuredResultSchemas, type TaskBoardSettings } from '../domain/task';
import { Audit, auditRoutes, type AuditTrail } from './audit';
import { authenticate } from './auth';
import { CODEC_PATH, codecCors, codecRoutes } from './codec.routes';
import { PayloadCodecUseCases } from './codec.use-cases';
import type { PayloadCodec } from '@temporalio/common';
import type { Role } from '../domain/identity';
import { authConfigRoutes } from './auth-config.routes';
import { callbackRoutes } from './callbacks.routes';
import { chatRoutes } from './chat.routes';
import type { ChatTranscriptStore } from '../activities/ports';
import { PrismaTextModuleStore } from '../prisma/text-module.repository';
import { ChatUseCases, DEFAULT_EXTERNAL_CENTER, DEFAULT_TEXT_MODULES, type ExternalCenterPolicy, type TextModule } from './chat.use-cases';
import { WHATSAPP_WEBHOOK_PATH, whatsappWebhookRoutes } from './whatsapp-webhook.routes';
import { webchatRoutes } from './webchat.routes';
import { WebchatUseCases } from './webchat.use-cases';
import { DEFAULT_WEBCHAT_RATE_LIMITS, type WebchatRateLimits } from './webchat-limits';
import { DEFAULT_WEBCHAT_SESSION_HOURS } from './webchat-token';
import { SOCIAL_WEBHOOK_PATH, socialWebhookRoutes } from './social-webhook.routes';
import { socialCaseRoutes } from './social-cases.routes';
import { SocialCaseUseCases } from './social-cases.use-cases';
import { startSocialCase } from '../workflows/social-reaction.client';
import { DEFAULT_SOCIAL_CASE_SETTINGS, type SocialCaseSettings } from '../domain/social-case';
import { chatRouterOn } from '../workflows/chat-router.client';
import type { ChatRouterInput } from '../workflows/chat-router.workflow';
import { deliverCustomerMessage } from '../workflows/conversation.client';
import type { ConversationSettings } from '../workflows/conversation.workflow';
import { consentRoutes } from './consent.routes';
import { ConsentUseCases } from './consent.use-cases';
import { CallbackUseCases } from './callbacks.use-cases';
import { contactPolicyRoutes } from './contact-policy.routes';
import { ContactPolicyUseCases } from './contact-policy.use-cases';
import { taskRoutes } from './tasks.routes';
import { TaskUseCases } from './tasks.use-cases';
import { contactBlockRoutes } from './contact-blocks.routes';
import { processRoutes } from './processes.routes';
import { ProcessUseCases } from './processes.use-cases';
import { timelineRoutes } from './timeline.routes';
import { TimelineUseCases } from './timeline.use-cases';
import { PrismaCustomerProcesses } from '../prisma/customer-processes.repository';
import { PrismaCustomerTimeline } from '../prisma/customer-timeline.repository';
import { customerRoutes } from './customers.routes';
import { contactDataRoutes } from './contact-data.routes';
import { ContactDataUseCases } from './contact-data.use-cases';
import { CustomerUseCases } from './customers.use-cases';
import { ContactBlockUseCases } from './contact-blocks.use-cases';
import { temporalDeadline } from './deadline';
import { TaskFeed } from './task-feed/feed';
import { TASK_EVENTS_PATH, taskEventRoutes } from './task-feed/routes';
import { taskTypeRoutes } from './task-types.routes';
import { appointmentRoutes } from './appointments.routes';
import { AppointmentUseCases } from './appointments.use-cases';
import { salesRoutes } from './sales.routes';
import { SalesUseCases } from './sales.use-cases';
import { TaskDialUseCases, taskDialRoutes } from './task-dial';
import { errorHandler } from './error-handler';
import { healthRoutes } from './health.routes';
import { notFound } from './http-error';
import { methodNotAllowed, openApiDocument } from './openapi';
import { meRoutes } from './me.routes';
import { webAppRoutes } from './web-app';
import type { CampaignStore } from './campaign-store';
import { campaignRoutes } from './campaigns.routes';
import { CampaignUseCases } from './campaigns.use-cases';
import { PrismaCampaignStore } from '../prisma/campaign.repository';
import { PrismaServiceRequestStore } from '../prisma/service-request.repository';
import { PrismaProfileNoteStore } from '../prisma/profile-note.repository';
import type { ProfileNoteStore } from './profile-note-store';
import { profileNoteRoutes } from './profile-notes.routes';
import { ProfileNoteUseCases } from './profile-notes.use-cases';
import { DEFAULT_CAMPAIGN_RUN_SETTINGS, type CampaignRunSettings } from '../domain/campaign-run';
import { CampaignDryRunUseCases } from './campaign-dry-run.use-cases';
import { campaignRunRoutes } from './campaign-runs.routes';
import { CampaignRunUseCases } from './campaign-runs.use-cases';
import type { CampaignRunStore } from '../activities/ports';
import { PrismaCampaignRunStore } from '../prisma/campaign-run.repository';
import { PrismaKnownFacts } from '../prisma/known-facts.repository';
import type { ServiceRequestStore } from './service-request-store';
import { serviceRequestRoutes } from './service-requests.routes';
import { ServiceRequestUseCases } from './service-requests.use-cases';

export interface AppDeps {
  temporal: Client;
  taskQueue: string;
  db: Database;
  blocks: ContactBlockStore;
  logger: Logger;
  /** Who works which queue; without `authenticator`, also whose static tokens are accepted. */
  users: UserRegistry;
  /** How bearer tokens are checked (platform/authentication.ts: OIDC or static tokens); default: `users`' tokens. */
  authenticator?: Authenticator;
  blockMaxMonths: number;
  tasks: PrismaTaskStore;
  callbackPolicy: CallbackPolicy;
  taskSettings: TaskBoardSettings;
  coreBanking: CoreBanking;
  history: ContactHistoryStore;
  evidence: ConsentEvidenceStore;
  scripts: ConsentScriptStore;
  /** Consent and contact-policy settings. */
  consent: { declineMonths: number; answerTimeoutMinutes: number; caps: ContactCap[] };
  /** Keyed pseudonyms of customer numbers for workflow ids (platform/pseudonyms.ts). */
  pseudonymOf: PseudonymOf;
  /** How long one request may wait for Temporal (Updates wait for the workflow), default 15 s. */
  temporalDeadlineMs?: number;
  /** The local SMTP catcher's messages (embedded default only): served at /api/v1/dev/mailbox. */
  caughtEmails?: () => CaughtEmail[];
  /** Where the audit trail goes; by default the application database (`db`). */
  audit?: AuditTrail;
  /** The Temporal Web UI (e.g. http://127.0.0.1:8233) for links to processes; none: no links. */
  temporalUiUrl?: string;
  /** The shared feed of task changes behind GET /tasks/events; by default one polling `tasks` every second. */
  taskFeed?: TaskFeed;
  /** The built web app (web/dist) to serve at `/`; none: the API alone. */
  webRoot?: string;
  /** The CTI, for click-to-dial from care-call tasks; none: dialling answers 503. */
  telephony?: Telephony;
  /** The after-sales care call's settings (platform/config.ts careCallPolicyOf), also the cancellation reasons of its form; default: eight weeks, `ksc`, the default reasons. */
  careCallPolicy?: CareCallPolicy;
  /** The appointment process's settings (platform/config.ts appointmentPolicyOf); default: an hour, 15 minutes buffer, reminder a day before. */
  appointmentPolicy?: AppointmentPolicy;
  /**
   * Campaign drafts and published versions; by default the application database (`db`). Pass the
   * one instance everything in the process uses: `livePublished`'s cache is cleared by a publish
   * through the same instance.
   */
  campaigns?: CampaignStore;
  /** Where service requests and their decisions are kept (default: the application database). */
  serviceRequests?: ServiceRequestStore;
  /** Pacing and attempts of campaign runs (platform/config.ts); default: 200 open, 60 new tasks an hour, 3 attempts two days apart. */
  campaignRuns?: Partial<Pick<CampaignRunSettings, 'maxOpenTasks' | 'maxNewTasksPerHour' | 'maxAttempts' | 'attemptSpacingDays' | 'callDueWorkingMinutes' | 'callingHours'>>;
  /** Campaign runs and their targets (default: the application database). */
  campaignRunStore?: CampaignRunStore;
  /** Where profile notes and their notices are kept (default: the application database). */
  profileNotes?: ProfileNoteStore;
  /** Messenger and chat (issue 13): the router's and conversations' settings and the WhatsApp webhook's secrets. */
  chat: {
    router: Omit<ChatRouterInput, 'carried'>;
    conversation: ConversationSettings;
    whatsapp: { appSecret: string; verifyToken: string; replayWindowMinutes: number };
    /** The router's workflow id (default: the namespace's one). */
    routerId?: string;
    textModules?: readonly TextModule[];
    /** The customers' web-chat tokens' HMAC key (workers/main.ts: derived from the payload key); none: a random one per process (tests). */
    webchatSecret?: Buffer;
    /**
     * The public web chat's session lifetime and rate limits (platform/config.ts webchatSettingsOf);
     * default: 24 hours and DEFAULT_WEBCHAT_RATE_LIMITS. `now` is the tokens' clock (tests).
     */
    webchat?: {
      sessionHours: number;
      limits: WebchatRateLimits;
      now?: () => Date;
      /** Count the limits in the application database, shared by every API instance (a running system); default: in memory (tests). */
      sharedCounters?: boolean;
    };
    /** Where closed conversations' transcripts are read (default: the application database, with this key). */
    transcripts?: ChatTranscriptStore;
    /** What the external service center may see and answer (default: {@link DEFAULT_EXTERNAL_CENTER}). */
    external?: ExternalCenterPolicy;
  };
  /** Social-media reaction cases (issue 13, section 3): the webhook's secret and the cases' settings; none: every delivery is refused (401). */
  social?: { webhookSecret: string; settings: SocialCaseSettings };
  /**
   * Which proxies may name the client in `X-Forwarded-For` (express's `trust proxy`: a hop count
   * or addresses and subnets; API_TRUST_PROXY); none: the client is the TCP peer. The web chat's
   * rate limits key on the client's address.
   */
  trustProxy?: number | string[];
  /**
   * The payload codec endpoint for the Temporal Web UI (api/codec.routes.ts): the roles that may
   * use it (CODEC_ROLES; default admin), the UI origins answered cross-origin (CODEC_CORS_ORIGIN;
   * default none) and the codecs (default: the Temporal client's, so it decodes what the API reads).
   */
  codec?: { roles?: readonly Role[]; corsOrigins?: readonly string[]; codecs?: readonly PayloadCodec[] };
  /**
   * The request scopes (platform/request-context.ts): pass the instance the Temporal client's
   * request-id interceptors read (platform/request-id-interceptors.ts), so workflows started by a
   * request carry its id; default: one of the app's own (the id then stays in the API's logs).
   */
  requestContext?: RequestContext;
  /** `GET /metrics` answers only this Bearer token (METRICS_TOKEN); none: it is open. */
  metricsToken?: string;
}

/** The queue of repair tasks when the settings name none. */
const DEFAULT_OPERATIONS_QUEUE = 'operations';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Never `true`: then any client could name itself in X-Forwarded-For and slip past the web chat's per-IP limits.
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  const requestContext = deps.requestContext ?? new RequestContext();
  // Every line the app logs during a request names the request's id.
  const logger = withFields(deps.logger, () => requestContext.logFields());
  // First, so every answer is counted and timed, 404s and 401s included.
  const metrics = createApiMetrics({ operations: new PrismaOperationsMetrics(deps.db.client), token: deps.metricsToken, logger });
  app.use(metrics.middleware);
  // Every request gets an id (the caller's X-Request-Id if well-formed), in the answer's header,
  // the log lines, the audit trail and the processes it starts, so one request can be followed.
  app.use(requestIds(requestContext));
  // The WhatsApp webhook reads its raw body itself (its signature is over the bytes).
  const jsonBody = express.json({ limit: '100kb' });
  // The codec endpoint reads its (larger) body itself, once the caller's role is checked.
  app.use((req, res, next) => (req.path === WHATSAPP_WEBHOOK_PATH || req.path === SOCIAL_WEBHOOK_PATH || req.path.startsWith(`${CODEC_PATH}/`) ? next() : jsonBody(req, res, next)));
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // The route pattern, not the URL: URLs carry customer numbers.
      logger.info('request', {
        requestId: req.requestId,
        method: req.method,
        route: routePatternOf(req),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
      });
    });
    next();
  });

  app.use(healthRoutes({ temporal: deps.temporal, db: deps.db }));
  app.use(metrics.routes);
  const authenticator = deps.authenticator ?? staticTokenAuthenticator(deps.users);
  if (deps.webRoot) {
    // With single sign-on the page exchanges its code at the provider's token endpoint.
    const connectSources = async () => {
      const method = await authenticator.signInMethod();
      return method.mode === 'oidc' ? [new URL(method.tokenEndpoint).origin] : [];
    };
    app.use(webAppRoutes(deps.webRoot, { connectSources }));
  }
  const careCallPolicy = deps.careCallPolicy ?? DEFAULT_CARE_CALL_POLICY;
  const document = openApiDocument({ maxMonths: deps.blockMaxMonths, cancellationReasons: cancellationReasonsOf(careCallPolicy) });
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(document);
  });
  // The messaging platform proves itself by its signature, not a Bearer token.
  const chatRouter = chatRouterOn(deps.temporal, deps.taskQueue, deps.chat.router, deps.chat.routerId);
  app.use(
    whatsappWebhookRoutes({
      ...deps.chat.whatsapp,
      keys: new PrismaIdempotencyStore(deps.db.client),
      now: () => new Date(),
      deliver: async (message) => {
        // The number is the customer's address (in the process's encrypted input); the id and logs see its pseudonym.
        await deliverCustomerMessage(
          deps.temporal,
          deps.taskQueue,
          { channel: 'whatsapp', customerRef: deps.pseudonymOf(`whatsapp:${message.from}`), address: message.from, settings: deps.chat.conversation },
          { messageId: message.messageId, text: message.text ?? `[${message.type}]`, at: message.sentAt.toISOString() },
        );
      },
    }),
  );
  // The social-media gateway proves itself by its signature too.
  const social = deps.social ?? { webhookSecret: randomUUID() + randomUUID(), settings: DEFAULT_SOCIAL_CASE_SETTINGS };
  app.use(
    socialWebhookRoutes({
      secret: social.webhookSecret,
      keys: new PrismaIdempotencyStore(deps.db.client),
      now: () => new Date(),
      start: async (post, receivedAt) => {
        await startSocialCase(deps.temporal, deps.taskQueue, { post, receivedAt, settings: social.settings, tasks: deps.taskSettings });
      },
    }),
  );
  // The customers' web chat and online callback request (the online branch): a session token, no Bearer token.
  const webchat = deps.chat.webchat ?? { sessionHours: DEFAULT_WEBCHAT_SESSION_HOURS, limits: DEFAULT_WEBCHAT_RATE_LIMITS };
  const webchatSecret = deps.chat.webchatSecret ?? randomBytes(32);
  app.use(
    webchatRoutes(
      new WebchatUseCases({
        temporal: deps.temporal,
        taskQueue: deps.taskQueue,
        conversation: deps.chat.conversation,
        secret: webchatSecret,
        sessionHours: webchat.sessionHours,
        pseudonymOf: deps.pseudonymOf,
        callbacks: new CallbackUseCases({ temporal: deps.temporal, taskQueue: deps.taskQueue, policy: deps.callbackPolicy, tasks: deps.taskSettings }),
        now: webchat.now ?? (() => new Date()),
      }),
      {
        keys: new PrismaIdempotencyStore(deps.db.client),
        temporal: { client: deps.temporal, deadlineMs: deps.temporalDeadlineMs ?? 15_000 },
        limits: webchat.limits,
        logger,
        ...(webchat.sharedCounters ? { storeFor: (name: string) => new PrismaRateLimitStore(deps.db.client, name, webchatSecret) } : {}),
      },
    ),
  );
  // How the web app signs in: asked before anyone is signed in.
  app.use(authConfigRoutes(authenticator));
  // The Temporal UI's preflight to the codec endpoint carries no token: answered before authentication.
  app.use(codecCors(deps.codec?.corsOrigins ?? []));
  // Everything under /api/v1 below this line needs a Bearer token.
  app.use('/api/v1', authenticate(authenticator));
  // The event stream stays open for as long as the inbox is; it never waits for Temporal.
  app.use('/api/v1', temporalDeadline(deps.temporal, deps.temporalDeadlineMs ?? 15_000, [TASK_EVENTS_PATH]));
  app.use('/api/v1', meRoutes());
  const codecs = deps.codec?.codecs ?? deps.temporal.options.loadedDataConverter.payloadCodecs;
  app.use('/api/v1', codecRoutes(new PayloadCodecUseCases({ codecs }), { roles: deps.codec?.roles ?? ['admin'] }, new Audit(deps.audit ?? new PrismaAuditTrail(deps.db.client))));
  app.use('/api/v1', socialCaseRoutes(new SocialCaseUseCases({ temporal: deps.temporal }), new Audit(deps.audit ?? new PrismaAuditTrail(deps.db.client))));
  app.use('/api/v1', chatRoutes(new ChatUseCases({ temporal: deps.temporal, router: chatRouter, textModules: deps.chat.textModules ?? DEFAULT_TEXT_MODULES, textModuleStore: new PrismaTextModuleStore(deps.db.client), transcripts: deps.chat.transcripts, external: deps.chat.external ?? DEFAULT_EXTERNAL_CENTER, coreBanking: deps.coreBanking }), new PrismaIdempotencyStore(deps.db.client), new Audit(deps.audit ?? new PrismaAuditTrail(deps.db.client))));
  const keys = new PrismaIdempotencyStore(deps.db.client);
  const trail = deps.audit ?? new PrismaAuditTrail(deps.db.client);
  const audit = new Audit(trail);
  const blocks = new ContactBlockUseCases({ temporal: deps.temporal, taskQueue: deps.taskQueue, blocks: deps.blocks, pseudonymOf: deps.pseudonymOf });
  app.use('/api/v1', contactBlockRoutes(blocks, keys, { maxMonths: deps.blockMaxMonths }, audit));
  // Queues a task may be reassigned to besides the users' own.
  const configuredQueues = [deps.taskSettings.escalationQueue, deps.callbackPolicy.queue, deps.taskSettings.operationsQueue ?? DEFAULT_OPERATIONS_QUEUE, careCallPolicy.queue, social.settings.queue];
  // Before the task routes: /tasks/events is not a task id.
  // The feed's polling serves every subscriber: its log lines belong to no one request.
  app.use('/api/v1', taskEventRoutes(deps.taskFeed ?? new TaskFeed(deps.tasks, { logger: deps.logger })));
  // Task forms and completions use the configured cancellation reasons of the care call.
  app.use('/api/v1', taskTypeRoutes(careCallPolicy));
  const resultSchemas = configuredResultSchemas(careCallPolicy);
  app.use('/api/v1', taskRoutes(new TaskUseCases({ temporal: deps.temporal, tasks: deps.tasks, users: deps.users, queues: configuredQueues, resultSchemas }), audit));
  app.use('/api/v1', taskDialRoutes(new TaskDialUseCases({ tasks: deps.tasks, coreBanking: deps.coreBanking, telephony: deps.telephony, history: deps.history }), keys, audit));
  const careCall = { taskQueue: deps.taskQueue, policy: careCallPolicy, callback: deps.callbackPolicy, tasks: deps.taskSettings, pseudonymOf: deps.pseudonymOf };
  app.use('/api/v1', salesRoutes(new SalesUseCases({ temporal: deps.temporal, coreBanking: deps.coreBanking, careCall }), keys, audit));
  const appointmentSettings = { taskQueue: deps.taskQueue, policy: deps.appointmentPolicy ?? DEFAULT_APPOINTMENT_POLICY, callback: deps.callbackPolicy, careCall: careCall.policy, tasks: deps.taskSettings };
  app.use('/api/v1', appointmentRoutes(new AppointmentUseCases({ temporal: deps.temporal, coreBanking: deps.coreBanking, history: deps.history, settings: appointmentSettings }), keys, audit));
  app.use(
    '/api/v1',
    callbackRoutes(new CallbackUseCases({ temporal: deps.temporal, taskQueue: deps.taskQueue, policy: deps.callbackPolicy, tasks: deps.taskSettings }), keys, audit),
  );
  app.use('/api/v1', customerRoutes(new CustomerUseCases({ coreBanking: deps.coreBanking, now: () => new Date() }), audit));
  app.use('/api/v1', contactDataRoutes(new ContactDataUseCases({ temporal: deps.temporal, taskQueue: deps.taskQueue, coreBanking: deps.coreBanking, tasks: deps.taskSettings }), keys, audit));
  app.use('/api/v1', contactPolicyRoutes(new ContactPolicyUseCases({ coreBanking: deps.coreBanking, blocks: deps.blocks, history: deps.history, evidence: deps.evidence, caps: deps.consent.caps, now: () => new Date(), careNeedsAdvertisingConsent: careCallPolicy.needsAdvertisingConsent }), audit));
  const consentChecks = new ConsentUseCases({ temporal: deps.temporal, taskQueue: deps.taskQueue, coreBanking: deps.coreBanking, evidence: deps.evidence, scripts: deps.scripts, settings: deps.consent, tasks: deps.taskSettings, pseudonymOf: deps.pseudonymOf });
  app.use('/api/v1', consentRoutes(consentChecks, keys, audit));
  app.use('/api/v1', auditRoutes(trail, audit));
  const campaigns = deps.campaigns ?? new PrismaCampaignStore(deps.db.client);
  app.use('/api/v1', campaignRoutes(new CampaignUseCases({ campaigns }), keys, audit));
  const runSettings: CampaignRunSettings = { ...DEFAULT_CAMPAIGN_RUN_SETTINGS, ...deps.campaignRuns, caps: deps.consent.caps };
  const campaignRuns = new CampaignRunUseCases({
    temporal: deps.temporal,
    taskQueue: deps.taskQueue,
    campaigns,
    runs: deps.campaignRunStore ?? new PrismaCampaignRunStore(deps.db.client),
    settings: runSettings,
    callback: deps.callbackPolicy,
    tasks: deps.taskSettings,
    now: () => new Date(),
  });
  const knownFacts = new PrismaKnownFacts(deps.db.client);
  app.use('/api/v1', campaignRunRoutes(new CampaignDryRunUseCases({ campaigns, coreBanking: deps.coreBanking, knownFacts, settings: runSettings, now: () => new Date() }), campaignRuns, keys, audit));
  const profileNotes = deps.profileNotes ?? new PrismaProfileNoteStore(deps.db.client);
  const advisorQueueOf = (branchId: string) => branchQueueOf(appointmentSettings.policy, branchId);
  app.use('/api/v1', profileNoteRoutes(new ProfileNoteUseCases({ coreBanking: deps.coreBanking, store: profileNotes, advisorQueueOf, now: () => new Date() }), keys, audit));
  app.use(
    '/api/v1',
    serviceRequestRoutes(
      new ServiceRequestUseCases({
        coreBanking: deps.coreBanking,
        evidence: deps.evidence,
        blocks: deps.blocks,
        history: deps.history,
        campaigns,
        store: deps.serviceRequests ?? new PrismaServiceRequestStore(deps.db.client),
        profiles: profileNotes,
        callbacks: new CallbackUseCases({ temporal: deps.temporal, taskQueue: deps.taskQueue, policy: deps.callbackPolicy, tasks: deps.taskSettings }),
        contactBlocks: blocks,
        appointments: new AppointmentUseCases({ temporal: deps.temporal, coreBanking: deps.coreBanking, history: deps.history, settings: appointmentSettings }),
        caps: deps.consent.caps,
        now: () => new Date(),
      }),
      keys,
      audit,
    ),
  );
  app.use('/api/v1', timelineRoutes(new TimelineUseCases({ timeline: new PrismaCustomerTimeline(deps.db.client), scripts: deps.scripts }), audit));
  app.use(
    '/api/v1',
    processRoutes(
      new ProcessUseCases({
        temporal: deps.temporal,
        records: new PrismaCustomerProcesses(deps.db.client),
        pseudonymOf: deps.pseudonymOf,
        temporalUiUrl: deps.temporalUiUrl,
        checkWorkflowId: (checkId) => consentChecks.workflowIdOf(checkId),
      }),
      audit,
    ),
  );
  const caught = deps.caughtEmails;
  if (caught) {
    // What the embedded default "sent": no mail leaves the machine without SMTP_URL.
    app.get('/api/v1/dev/mailbox', (_req, res) => {
      res.json({ messages: caught().slice().reverse() });
    });
  }
  // A documented path with a method it does not have: 405 with Allow (after authentication).
  app.use(methodNotAllowed(document));
  app.use((_req, _res, next) => next(notFound('no such endpoint')));
  app.use(errorHandler(logger));
  return app;
}
