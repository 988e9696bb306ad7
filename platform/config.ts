/**
 * Configuration: environment variables validated once at start. A wrong value stops the process
 * with the variable's name in the message, before anything else happens.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { callingHoursFromSpec, InvalidCallingHoursError } from '../domain/calling-hours';
import { DEFAULT_APPOINTMENT_POLICY, type AppointmentPolicy } from '../domain/appointment';
import { DIREKTBERATUNG_HOURS, type CallbackPolicy } from '../domain/callback';
import { CancellationReasonsSchema, CARE_PRODUCT_CODES, DEFAULT_CANCELLATION_REASONS, DEFAULT_CARE_CALL_POLICY, type CancellationReason, type CareCallPolicy } from '../domain/care-call';
import type { TaskBoardSettings } from '../domain/task';
import { CHAT_CAP_BOUNDS } from '../domain/chat-routing';
import { chatServiceHoursFromSpec } from '../domain/chat-service-hours';
import { ROLES } from '../domain/identity';
import { isPayloadKey, SECRETS_ROOT_REQUIRED } from './payload-keys';
import { checkOidcConfig, OIDC_CONFIG_FIELDS } from './oidc-config';
import {
  DEFAULT_EXTERNAL_SERVICES_SPEC,
  DEFAULT_SOCIAL_ESCALATION_CHAIN_SPEC,
  externalServiceContactsFromSpec,
  InvalidSocialChainError,
  socialEscalationChainFromSpec,
  type SocialCaseSettings,
} from '../domain/social-case';

const port = (fallback: number) =>
  z.coerce.number({ error: 'must be a port number from 1 to 65535' }).int().min(1, 'must be a port number from 1 to 65535').max(65535, 'must be a port number from 1 to 65535').default(fallback);

const minutes = (fallback: number) => z.coerce.number().int().min(1).max(525_600).default(fallback);
const emails = z
  .string()
  .transform((value) => value.split(',').map((address) => address.trim()).filter(Boolean))
  .pipe(z.array(z.email()).min(1));

/** `true`/`false` (also `1`/`0`, `yes`/`no`), as operators write switches. */
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .transform((value) => ['true', '1', 'yes'].includes(value))
    .default(fallback);

/** `product=days,…`, e.g. `mortgage=84,securities-account=42`: the care call's wait per product. */
const delaysPerProduct = z
  .string()
  .transform((value, ctx) => {
    const delays: Record<string, number> = {};
    for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
      const match = /^([a-z-]+)=(\d{1,4})$/.exec(entry);
      if (!match || !(CARE_PRODUCT_CODES as readonly string[]).includes(match[1]!) || Number(match[2]) < 1) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not product=days (products: ${CARE_PRODUCT_CODES.join(', ')}; days 1 to 9999)` });
        return z.NEVER;
      }
      delays[match[1]!] = Number(match[2]);
    }
    return delays;
  });

/**
 * `mon-fri 08:00-20:00; sat 09:00-14:00`: when campaign runs call (domain/calling-hours.ts
 * `callingHoursFromSpec`); public holidays of the customer's state stay excluded.
 */
const callingHoursSpec = z.string().transform((value, ctx) => {
  try {
    return callingHoursFromSpec(value, 'CAMPAIGN_CALLING_HOURS');
  } catch (error) {
    if (!(error instanceof InvalidCallingHoursError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.detail });
    return z.NEVER;
  }
});

/** `mon-fri 08:00-18:00; sat 09:00-13:00`: when the own center answers chats (closed on the bank's holidays). */
const chatHoursSpec = z.string().transform((value, ctx) => {
  try {
    return chatServiceHoursFromSpec(value, undefined, 'CHAT_SERVICE_HOURS');
  } catch (error) {
    if (!(error instanceof InvalidCallingHoursError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.detail });
    return z.NEVER;
  }
});

/**
 * `code=German label;…`, e.g. `price=Preis oder Gebühren;moving=Umzug`: the care call's
 * cancellation reasons (domain/care-call.ts CancellationReasonsSchema: 1 to 20, codes of
 * lowercase letters, digits and dashes, each once, labels 1 to 60 characters). The label is
 * everything after the first `=`; an empty entry (e.g. after a trailing `;`) is ignored.
 */
const cancellationReasons = z.string().transform((value, ctx): CancellationReason[] => {
  const entries = value.split(';').map((part) => part.trim()).filter(Boolean);
  const reasons: CancellationReason[] = [];
  for (const entry of entries) {
    const at = entry.indexOf('=');
    if (at < 0) {
      ctx.addIssue({ code: 'custom', message: `"${entry}" is not code=label (entries separated by ;)` });
      return z.NEVER;
    }
    reasons.push({ code: entry.slice(0, at).trim(), title: entry.slice(at + 1).trim() });
  }
  const parsed = CancellationReasonsSchema.safeParse(reasons);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const [index] = issue.path;
    const entry = typeof index === 'number' ? `"${entries[index]}": ` : '';
    ctx.addIssue({ code: 'custom', message: `${entry}${issue.message}` });
  }
  return z.NEVER;
});

/**
 * `API_TRUST_PROXY`: a hop count (`1`: one load balancer in front) or comma-separated addresses,
 * subnets (`10.0.0.0/8`) and express's names `loopback`, `linklocal`, `uniquelocal`. Never `true`
 * or `*`: then every client could name any address in X-Forwarded-For and escape per-IP limits.
 */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const trustProxy = z.string().transform((value, ctx): number | string[] => {
  if (/^\d+$/.test(value.trim())) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 10) return hops;
    ctx.addIssue({ code: 'custom', message: 'a hop count must be 1 to 10' });
    return z.NEVER;
  }
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  const bad = entries.filter((entry) => {
    if (PROXY_NAMES.includes(entry)) return false;
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return true;
    return prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  if (entries.length === 0 || bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `must be a hop count (1 to 10) or addresses, subnets, loopback, linklocal or uniquelocal, comma-separated${bad.length ? `; not one: ${bad.join(', ')}` : ''}` });
    return z.NEVER;
  }
  return entries;
});

/** `scheme://host[:port]` of an http(s) URL without path, query or credentials; else undefined. */
function originOf(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const bare = (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash && !url.username && !url.password;
  return bare && (url.protocol === 'http:' || url.protocol === 'https:') ? url.origin : undefined;
}

/** A limit of the public web chat: requests per window. */
const webchatLimit = (fallback: number) => z.coerce.number().int().min(1).max(100_000).default(fallback);
/** The window of a web-chat limit, in minutes (at most a day: the counters live in memory). */
const webchatWindow = (fallback: number) => z.coerce.number().int().min(1).max(1_440).default(fallback);

/** A social-media setting written as a spec (domain/social-case.ts), its mistakes named. */
const socialSpec = <T>(parse: (spec: string) => T) =>
  z.string().transform((value, ctx): T => {
    try {
      return parse(value);
    } catch (error) {
      if (!(error instanceof InvalidSocialChainError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.detail });
      return z.NEVER;
    }
  });

const ConfigSchema = z
  .object({
    /** Port of the REST API. */
    PORT: port(3000),
    /** Interface the REST API binds to. */
    HOST: z.string().min(1).default('127.0.0.1'),
    /**
     * `GET /metrics` of the API answers only `Authorization: Bearer <this>` (Prometheus's
     * `authorization.credentials`). Unset: it is open to whoever reaches the API's port.
     */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** host:port where the worker serves the Temporal SDK's Prometheus metrics, e.g. 127.0.0.1:9464 or [::1]:9464. Unset: not served. */
    WORKER_METRICS_ADDRESS: z.string().regex(/^(\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9464').optional(),
    /** `file:` → SQLite (embedded default), `postgresql://` → PostgreSQL. */
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql:// (PostgreSQL)')
      .default('file:./.data/drehscheibe.db'),
    /** An existing Temporal cluster (host:port). Unset: the embedded dev server is started. */
    TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port').optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('drehscheibe'),
    /** Ports of the embedded dev server (frontend and Web UI). */
    TEMPORAL_DEV_PORT: port(7233),
    TEMPORAL_UI_PORT: port(8233),
    /**
     * The Temporal Web UI for links from the process view (e.g. https://temporal-ui.bank.internal).
     * Unset: the embedded dev server's UI; with TEMPORAL_ADDRESS and no value, no links.
     */
    TEMPORAL_UI_URL: z.url().optional(),
    /** TLS to the Temporal cluster (implied by any TEMPORAL_TLS_*_FILE). */
    TEMPORAL_TLS: flag(false),
    /** PEM of the CA that signed the cluster's frontend certificate (default: the system's roots). */
    TEMPORAL_TLS_CA_FILE: z.string().min(1).optional(),
    /** PEM client certificate and key for mutual TLS (both or neither). */
    TEMPORAL_TLS_CERT_FILE: z.string().min(1).optional(),
    TEMPORAL_TLS_KEY_FILE: z.string().min(1).optional(),
    /** The name the frontend's certificate carries, when it differs from the host in TEMPORAL_ADDRESS. */
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    /** Apply pending database migrations at start. A cluster sets false and migrates once before its processes start (`node dist/prisma/tools/cli.js migrate`). */
    DATABASE_MIGRATE: flag(true),
    /** How long a stopping worker lets running activities finish before it cancels them (SIGTERM). */
    WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(20),
    /** Where the embedded default keeps its state (Temporal's SQLite file, the payload key). */
    DATA_DIR: z.string().min(1).default('.data'),
    /** base64 of at least 16 bytes; keys the customer pseudonyms in workflow ids (default: derived from the secrets root, platform/payload-keys.ts). */
    PSEUDONYM_KEY: z
      .string()
      .regex(/^[A-Za-z0-9+/]{22,}={0,2}$/, 'must be base64 of at least 16 bytes')
      .optional(),
    /**
     * AES-256 key (base64 of 32 bytes) that encrypts workflow payloads, so personal data never
     * stands in clear text in Temporal's history. Required with TEMPORAL_ADDRESS (every worker and
     * API process of a cluster must share it); the embedded default keeps one in DATA_DIR.
     * After a rotation: the new key (it writes; the old ones go to PAYLOAD_DECRYPTION_KEYS).
     */
    PAYLOAD_ENCRYPTION_KEY: z
      .string()
      .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be base64 of exactly 32 bytes')
      .optional(),
    /** Older payload keys that stay readable after a rotation (comma-separated base64, 32 bytes each); never written with. */
    PAYLOAD_DECRYPTION_KEYS: z
      .string()
      .transform((value, ctx) => {
        const keys = value.split(',').map((key) => key.trim()).filter(Boolean);
        // The position, never the value: it is a secret.
        const bad = keys.flatMap((key, index) => (isPayloadKey(key) ? [] : [index + 1]));
        if (bad.length > 0) {
          ctx.addIssue({ code: 'custom', message: `must be comma-separated base64 keys of exactly 32 bytes each; not one: entry ${bad.join(', ')}` });
          return z.NEVER;
        }
        return keys;
      })
      .optional(),
    /**
     * base64 of 32 bytes: the root the pseudonym key, the chat transcripts' key and the web-chat
     * token secret are derived from (default: the payload key). Required once
     * PAYLOAD_DECRYPTION_KEYS is set: the payload key from before the first rotation.
     */
    SECRETS_ROOT_KEY: z.string().refine(isPayloadKey, 'must be base64 of exactly 32 bytes').optional(),
    /** Roles that may use the payload codec endpoint for the Temporal Web UI (`/api/v1/codec/decode`, comma-separated; admin always may). */
    CODEC_ROLES: z
      .string()
      .transform((value) => value.split(',').map((role) => role.trim()).filter(Boolean))
      .pipe(z.array(z.enum(ROLES, { error: `must be comma-separated roles of: ${ROLES.join(', ')}` })).min(1))
      .default(['admin']),
    /** The Temporal Web UI's origin(s) the codec endpoint answers cross-origin (comma-separated, e.g. https://temporal-ui.bank.internal); unset: none. */
    CODEC_CORS_ORIGIN: z
      .string()
      .transform((value, ctx) => {
        const origins: string[] = [];
        for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
          const origin = originOf(entry);
          if (!origin) {
            ctx.addIssue({ code: 'custom', message: `"${entry}" is not an origin such as http://localhost:8233 (scheme, host and port only)` });
            return z.NEVER;
          }
          origins.push(origin);
        }
        return origins;
      })
      .optional(),
    /**
     * JSON file of API users (`[{ id, name, roles, queues, tokenSha256 }]`). Unset: the embedded
     * default's demo users, whose tokens `npm start` prints. Required with TEMPORAL_ADDRESS.
     */
    AUTH_USERS_FILE: z.string().min(1).optional(),
    /** Single sign-on with the bank's OpenID Connect provider (OIDC_ISSUER set): platform/oidc-config.ts. */
    ...OIDC_CONFIG_FIELDS,
    /** Longest re-contact block a request may ask for, in months. */
    BLOCK_MAX_MONTHS: z.coerce.number().int().min(1).max(1200).default(60),
    /** Public base URL of the API, for links in emails. Default: http://HOST:PORT. */
    APP_BASE_URL: z.url().optional(),

    // Third-party systems. Unset: the embedded default starts local simulators / an SMTP catcher.
    /** Core-banking gateway (see adapters/core-banking/openapi.yaml). */
    CORE_BANKING_URL: z.url().optional(),
    /** Telephony (CTI) gateway (see adapters/telephony/openapi.yaml). */
    TELEPHONY_URL: z.url().optional(),
    /** Credentials the core-banking gateway asks for, sent as `Authorization: Bearer …`; unset: none sent. */
    CORE_BANKING_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Credentials the CTI gateway asks for, sent as `Authorization: Bearer …`; unset: none sent. */
    TELEPHONY_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Outgoing mail, e.g. smtp://user:pass@mail.bank.internal:587. */
    SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
    MAIL_FROM: z.email().default('drehscheibe@sparkasse.example'),
    /** Ports of the embedded simulators and SMTP catcher. */
    CORE_BANKING_SIM_PORT: port(4010),
    TELEPHONY_SIM_PORT: port(4020),
    SMTP_CATCHER_PORT: port(2525),

    // Human tasks (all processes).
    /** Queue an overdue task moves to. */
    TASK_ESCALATION_QUEUE: z.string().min(1).default('supervisor'),
    /** Mailbox told about escalations (comma-separated). */
    TASK_ESCALATION_EMAIL: emails.default(['ksc-leitung@sparkasse.example']),
    /** Queue of repair tasks: what a failed process left inconsistent. */
    OPERATIONS_QUEUE: z.string().min(1).default('operations'),
    /** A repair task is due this many minutes after it opened. */
    REPAIR_DUE_MINUTES: minutes(240),
    /** How often the reconciler closes tasks of terminated processes. */
    TASK_RECONCILE_MINUTES: minutes(5),
    /** How long one API request may wait for Temporal (an Update waits for the workflow); then 503. */
    API_TEMPORAL_DEADLINE_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
    /** The reverse proxies in front of the API that may name the client (X-Forwarded-For); unset: none, the client is the TCP peer. */
    API_TRUST_PROXY: trustProxy.optional(),

    // Callback to the Direktberatung (process 2).
    CALLBACK_QUEUE: z.string().min(1).default('direktberatung'),
    CALLBACK_MAILBOX: emails.default(['direktberatung@sparkasse.example']),
    /** "As soon as possible" means due within this many minutes. */
    CALLBACK_SLA_MINUTES: minutes(120),
    /** Reminder this many minutes before a callback task is due (0: none). */
    CALLBACK_REMINDER_MINUTES: z.coerce.number().int().min(0).max(10_080).default(30),
    CALLBACK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    CALLBACK_ATTEMPT_SPACING_MINUTES: minutes(240),
    CALLBACK_TRANSFER_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(120).default(20),
    // Consent and contact policy (process 5).
    /** After "no", the customer is not asked again for this many months. */
    CONSENT_DECLINE_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
    /** How long a consent check waits for the agent's answer before it ends unanswered. */
    CONSENT_ANSWER_TIMEOUT_MINUTES: minutes(60),
    /** Contact cap: at most this many advertising contacts … */
    ADVERTISING_CAP_CONTACTS: z.coerce.number().int().min(0).max(100).default(1),
    /** … in this many days. */
    ADVERTISING_CAP_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** Re-contact block after "not interested" in a callback, in months. */
    CALLBACK_BLOCK_MONTHS: z.coerce.number().int().min(1).max(120).default(6),
    // After-sales care call (process 4).
    /** The agents' queue the care-call tasks go to. */
    CARE_CALL_QUEUE: z.string().min(1).default('ksc'),
    /** Wait after a sale per product in days (`product=days,…`); others wait eight weeks. */
    CARE_CALL_DELAY_DAYS: delaysPerProduct.default({}),
    /** Overrides every product's wait, in minutes (demos). */
    CARE_CALL_DELAY_MINUTES: z.coerce.number().int().min(1).max(525_600).optional(),
    /** Call attempts on different business days before the email fallback. */
    CARE_CALL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    /**
     * Whether the care call needs advertising consent (default: yes, the conservative reading of
     * BGH, 10 July 2018, VI ZR 225/17). For the bank's legal department to switch.
     */
    CARE_NEEDS_ADVERTISING_CONSENT: flag(true),
    /**
     * The reasons the agent's care-call form offers for a cancellation intention
     * (`code=German label;…`). For the bank's process owner to change; running processes keep
     * the list they were started with.
     */
    CARE_CANCELLATION_REASONS: cancellationReasons.default(DEFAULT_CANCELLATION_REASONS.map((reason) => ({ ...reason }))),
    // Appointments with branch advisors (process 1).
    /** Length of an appointment, in minutes. */
    APPOINTMENT_LENGTH_MINUTES: z.coerce.number().int().min(15).max(480).default(60),
    /** Free time kept before and after every appointment in the advisor's calendar, in minutes. */
    APPOINTMENT_BUFFER_MINUTES: z.coerce.number().int().min(0).max(120).default(15),
    /** The customer's reminder this many hours before (0: none); none when booked later than that. */
    APPOINTMENT_REMINDER_HOURS: z.coerce.number().int().min(0).max(336).default(24),
    /** Prefix of the branch queues the outcome tasks go to (`filiale-` + branch id, e.g. `filiale-F-01`). */
    APPOINTMENT_BRANCH_QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be lowercase letters, digits or dashes').default('filiale-'),
    /** The agents' queue for a task to book a follow-up appointment. */
    APPOINTMENT_FOLLOW_UP_QUEUE: z.string().min(1).default('ksc'),
    /** The task to book a follow-up appointment is due after this many working minutes of the center. */
    APPOINTMENT_FOLLOW_UP_WORKING_MINUTES: z.coerce.number().int().min(30).max(7200).default(480),
    /** A slot must start at least this many minutes after the search (0 for demos: bookable at once). */
    APPOINTMENT_LEAD_MINUTES: z.coerce.number().int().min(0).max(20_160).default(60),
    /** Grid of slot starts, in minutes (15: 9:00, 9:15, …). */
    APPOINTMENT_STEP_MINUTES: z.coerce.number().int().min(5).max(240).default(30),
    /** Workflows the worker keeps in memory between tasks (waiting processes beyond it are replayed when needed). */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100_000).default(1_000),
    /** Campaign runs: at most this many of a run's call tasks open at once in its queue. */
    CAMPAIGN_MAX_OPEN_TASKS: z.coerce.number().int().min(1).max(100_000).default(200),
    /** Campaign runs: at most this many new call tasks per hour. */
    CAMPAIGN_MAX_NEW_TASKS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(60),
    /** Campaign runs: call attempts per customer before "not contactable". */
    CAMPAIGN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    /** Campaign runs: days between two attempts (then the next calling time). */
    CAMPAIGN_ATTEMPT_SPACING_DAYS: z.coerce.number().int().min(1).max(30).default(2),
    /** Campaign runs: a call task is due after this many working minutes of the center. */
    CAMPAIGN_CALL_DUE_WORKING_MINUTES: z.coerce.number().int().min(15).max(4_800).default(240),
    /**
     * Campaign runs: when they call, e.g. `mon-fri 09:00-18:00` for a center that calls less
     * (default: the contact policy's hours, Mon–Fri 08:00–20:00, Sat 09:00–14:00). Wider hours
     * are for demonstrations: the bank answers for its calling hours.
     */
    CAMPAIGN_CALLING_HOURS: callingHoursSpec.optional(),

    // Messenger and chat (issue 13).
    /** When the bank's own center answers chats; outside them, and on the bank's holidays, chats overflow to the external center. */
    CHAT_SERVICE_HOURS: chatHoursSpec.default(chatServiceHoursFromSpec('mon-fri 08:00-18:00')),
    /** Open chats per agent before new ones go to the next agent or overflow (seed 001: three to five). */
    CHAT_AGENT_CAP: z.coerce.number().int().min(CHAT_CAP_BOUNDS.min).max(CHAT_CAP_BOUNDS.max).default(4),
    /** The automatic reply outside service hours (once per closed period and conversation). */
    CHAT_OUT_OF_HOURS_TEXT: z
      .string()
      .min(1)
      .max(1000)
      .default('Vielen Dank für Ihre Nachricht! Unser Kundenservice ist gerade nicht besetzt; Ihre Nachricht wird von unserem Service-Partner bearbeitet oder wir melden uns zu unseren Servicezeiten (Mo–Fr 8–18 Uhr). In dringenden Fällen (Karte sperren): 116 116.'),
    /** A conversation with no message either way for this long closes by itself. */
    CHAT_IDLE_CLOSE_MINUTES: minutes(2 * 24 * 60),
    /** A conversation handed to an advisor (or deputy) that nobody of their branch takes within this goes back to the center with a note. */
    CHAT_ADVISOR_TIMEOUT_MINUTES: minutes(60),
    /**
     * The external service center (seed 000, Reaktions-Struktur-Konzept): its agents are the users of
     * this queue; they answer only these topics (the rest they hand back), and see the customer
     * number only when allowed.
     */
    CHAT_EXTERNAL_QUEUE: z.string().min(1).max(100).default('extern-ksc'),
    CHAT_EXTERNAL_TOPICS: z
      .string()
      .default('online-banking,karte,konto,oeffnungszeiten,allgemein')
      .transform((value) => value.split(',').map((topic) => topic.trim()).filter((topic) => topic.length > 0))
      .refine((topics) => topics.length > 0 && topics.every((topic) => /^[a-z0-9-]{1,40}$/.test(topic)), 'must be a comma-separated list of lowercase topics such as online-banking,karte'),
    CHAT_EXTERNAL_SEES_CUSTOMER_NUMBER: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
    /** How long a closed conversation's transcript is kept (encrypted) before the reconciler deletes it. */
    CHAT_TRANSCRIPT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(180),
    // The customers' public web chat (online branch): session lifetime and rate limits (api/webchat-limits.ts).
    /** A web-chat session's token is accepted this long after it was issued; then the page opens a new session. */
    WEBCHAT_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(24),
    /** New sessions per client IP per window. */
    WEBCHAT_SESSIONS_PER_IP: webchatLimit(10),
    WEBCHAT_SESSIONS_WINDOW_MINUTES: webchatWindow(10),
    /** Messages per session, and per client IP over all its sessions, per window. */
    WEBCHAT_MESSAGES_PER_SESSION: webchatLimit(30),
    WEBCHAT_MESSAGES_PER_IP: webchatLimit(120),
    WEBCHAT_MESSAGES_WINDOW_MINUTES: webchatWindow(1),
    /** Callback requests ("Direktrückruf online") per client IP per window. */
    WEBCHAT_CALLBACKS_PER_IP: webchatLimit(5),
    WEBCHAT_CALLBACKS_WINDOW_MINUTES: webchatWindow(60),
    /** WhatsApp Cloud API: where to send (unset: the embedded simulator), the number's id, the access token, the API version. */
    WHATSAPP_API_URL: z.url().optional(),
    WHATSAPP_PHONE_NUMBER_ID: z.string().min(1).default('100000000000001'),
    WHATSAPP_ACCESS_TOKEN: z.string().min(1).default('drehscheibe-dev-access-token'),
    WHATSAPP_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v21.0').default('v21.0'),
    /** The app secret the platform signs webhook deliveries with (X-Hub-Signature-256), and the verify token of the subscription handshake. */
    WHATSAPP_APP_SECRET: z.string().min(16).default('drehscheibe-dev-app-secret'),
    WHATSAPP_VERIFY_TOKEN: z.string().min(8).default('drehscheibe-dev-verify-token'),
    /** A signed delivery whose messages are older than this is refused as a replay (the platform retries for up to 7 days). */
    WHATSAPP_REPLAY_WINDOW_MINUTES: minutes(7 * 24 * 60),
    WHATSAPP_SIM_PORT: port(4030),

    // Social-media reaction cases (issue 13, section 3).
    /** The shared secret the social-media gateway signs webhook deliveries with (X-Signature-256). */
    SOCIAL_WEBHOOK_SECRET: z.string().min(16).default('drehscheibe-dev-social-secret'),
    /** The social-media gateway replies go through (unset: the embedded simulator), and its token. */
    SOCIAL_MEDIA_API_URL: z.url().optional(),
    SOCIAL_MEDIA_ACCESS_TOKEN: z.string().min(1).default('drehscheibe-dev-social-token'),
    SOCIAL_MEDIA_SIM_PORT: port(4040),
    /** The SMS gateway of the escalation chain (unset: the embedded simulator), and its token. */
    SMS_API_URL: z.url().optional(),
    SMS_ACCESS_TOKEN: z.string().min(1).default('drehscheibe-dev-sms-token'),
    SMS_SIM_PORT: port(4050),
    /** The social-media team's task queue. */
    SOCIAL_QUEUE: z.string().min(1).max(100).default('social-media'),
    /** The page a product question's reply links to. */
    SOCIAL_PRODUCT_LINK: z.url().default('https://www.sparkasse.example/privatkunden/produkte'),
    /** `service=emails;…`: whom a fault in the self-service area is reported to (maintenance, cash-transport, facility, security, cleaning). */
    SOCIAL_EXTERNAL_SERVICES: socialSpec(externalServiceContactsFromSpec).default(externalServiceContactsFromSpec(DEFAULT_EXTERNAL_SERVICES_SPEC)),
    /** `contact|emails|phone|channels|minutes; …`: the bank's escalation chain for reputation risks. */
    SOCIAL_ESCALATION_CHAIN: socialSpec(socialEscalationChainFromSpec).default(socialEscalationChainFromSpec(DEFAULT_SOCIAL_ESCALATION_CHAIN_SPEC)),
  })
  .superRefine((config, ctx) => {
    // A rotation (platform/payload-keys.ts): the new write key named, the derived secrets' root kept.
    if (config.PAYLOAD_DECRYPTION_KEYS?.length && !config.PAYLOAD_ENCRYPTION_KEY) {
      ctx.addIssue({ code: 'custom', path: ['PAYLOAD_ENCRYPTION_KEY'], message: 'is required when PAYLOAD_DECRYPTION_KEYS is set (it is the new write key)' });
    }
    if (config.PAYLOAD_DECRYPTION_KEYS?.length && !config.SECRETS_ROOT_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SECRETS_ROOT_KEY'], message: SECRETS_ROOT_REQUIRED });
    }
    if (config.TEMPORAL_ADDRESS && !config.PAYLOAD_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['PAYLOAD_ENCRYPTION_KEY'],
        message: 'is required when TEMPORAL_ADDRESS points at a shared cluster',
      });
    }
    if (config.TEMPORAL_ADDRESS) {
      // A shared cluster is production-like: no simulators, no mail catcher.
      for (const variable of ['CORE_BANKING_URL', 'TELEPHONY_URL', 'SMTP_URL', 'WHATSAPP_API_URL'] as const) {
        if (!config[variable]) ctx.addIssue({ code: 'custom', path: [variable], message: 'is required when TEMPORAL_ADDRESS is set (simulators are for the embedded setup only)' });
      }
    }
    if (config.TEMPORAL_ADDRESS) {
      // The development defaults are public (they are in this file): a shared cluster needs the bank's own.
      for (const variable of ['WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_ACCESS_TOKEN'] as const) {
        if (config[variable].startsWith('drehscheibe-dev-')) ctx.addIssue({ code: 'custom', path: [variable], message: 'must be set to the bank\'s own value when TEMPORAL_ADDRESS is set' });
      }
    }
    if (config.TEMPORAL_ADDRESS) {
      // Social-media cases: the bank's gateways and its own webhook secret.
      for (const variable of ['SOCIAL_MEDIA_API_URL', 'SMS_API_URL'] as const) {
        if (!config[variable]) ctx.addIssue({ code: 'custom', path: [variable], message: 'is required when TEMPORAL_ADDRESS is set (simulators are for the embedded setup only)' });
      }
      for (const variable of ['SOCIAL_WEBHOOK_SECRET', 'SOCIAL_MEDIA_ACCESS_TOKEN', 'SMS_ACCESS_TOKEN'] as const) {
        if (config[variable].startsWith('drehscheibe-dev-')) ctx.addIssue({ code: 'custom', path: [variable], message: 'must be set to the bank\'s own value when TEMPORAL_ADDRESS is set' });
      }
    }
    if (Boolean(config.TEMPORAL_TLS_CERT_FILE) !== Boolean(config.TEMPORAL_TLS_KEY_FILE)) {
      const path = config.TEMPORAL_TLS_CERT_FILE ? 'TEMPORAL_TLS_KEY_FILE' : 'TEMPORAL_TLS_CERT_FILE';
      ctx.addIssue({ code: 'custom', path: [path], message: 'mutual TLS needs both TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE' });
    }
    if (config.TEMPORAL_ADDRESS && !config.AUTH_USERS_FILE && !config.OIDC_ISSUER) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_USERS_FILE'],
        message: 'or OIDC_ISSUER is required when TEMPORAL_ADDRESS is set (demo users are for the embedded setup only)',
      });
    }
    checkOidcConfig(config, ctx);
  });

/** The validated configuration. */
export type Config = z.infer<typeof ConfigSchema>;

/** Validates `env`; throws one error that lists every bad variable by name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // `VAR=` in a shell or an .env file means "not set", as operators expect.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = ConfigSchema.safeParse(given);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}

/** The callback process's settings, from the configuration. */
export function callbackPolicyOf(config: Config): CallbackPolicy {
  return {
    queue: config.CALLBACK_QUEUE,
    mailbox: config.CALLBACK_MAILBOX,
    slaMinutes: config.CALLBACK_SLA_MINUTES,
    reminderMinutesBeforeDue: config.CALLBACK_REMINDER_MINUTES,
    maxAttempts: config.CALLBACK_MAX_ATTEMPTS,
    attemptSpacingMinutes: config.CALLBACK_ATTEMPT_SPACING_MINUTES,
    transferTimeoutSeconds: config.CALLBACK_TRANSFER_TIMEOUT_SECONDS,
    blockMonths: config.CALLBACK_BLOCK_MONTHS,
    workingHours: DIREKTBERATUNG_HOURS,
  };
}

/** The care call's settings, from the configuration. */
export function careCallPolicyOf(config: Config): CareCallPolicy {
  return {
    ...DEFAULT_CARE_CALL_POLICY,
    queue: config.CARE_CALL_QUEUE,
    delayDaysByProduct: config.CARE_CALL_DELAY_DAYS,
    ...(config.CARE_CALL_DELAY_MINUTES === undefined ? {} : { delayMinutes: config.CARE_CALL_DELAY_MINUTES }),
    maxAttempts: config.CARE_CALL_MAX_ATTEMPTS,
    needsAdvertisingConsent: config.CARE_NEEDS_ADVERTISING_CONSENT,
    cancellationReasons: config.CARE_CANCELLATION_REASONS.map((reason) => ({ ...reason })),
  };
}

/** The appointment process's settings, from the configuration. */
export function appointmentPolicyOf(config: Config): AppointmentPolicy {
  return {
    ...DEFAULT_APPOINTMENT_POLICY,
    lengthMinutes: config.APPOINTMENT_LENGTH_MINUTES,
    bufferMinutes: config.APPOINTMENT_BUFFER_MINUTES,
    reminderHours: config.APPOINTMENT_REMINDER_HOURS,
    branchQueuePrefix: config.APPOINTMENT_BRANCH_QUEUE_PREFIX,
    followUpQueue: config.APPOINTMENT_FOLLOW_UP_QUEUE,
    followUpWorkingMinutes: config.APPOINTMENT_FOLLOW_UP_WORKING_MINUTES,
    leadMinutes: config.APPOINTMENT_LEAD_MINUTES,
    stepMinutes: config.APPOINTMENT_STEP_MINUTES,
  };
}

/** Pacing and attempts of campaign runs (the dry run uses the same). */
export function campaignRunSettingsOf(config: Config) {
  return {
    maxOpenTasks: config.CAMPAIGN_MAX_OPEN_TASKS,
    maxNewTasksPerHour: config.CAMPAIGN_MAX_NEW_TASKS_PER_HOUR,
    maxAttempts: config.CAMPAIGN_MAX_ATTEMPTS,
    attemptSpacingDays: config.CAMPAIGN_ATTEMPT_SPACING_DAYS,
    callDueWorkingMinutes: config.CAMPAIGN_CALL_DUE_WORKING_MINUTES,
    ...(config.CAMPAIGN_CALLING_HOURS ? { callingHours: config.CAMPAIGN_CALLING_HOURS } : {}),
  };
}

/** The public web chat's session lifetime and rate limits (api/webchat-limits.ts WebchatRateLimits), from the configuration. */
export function webchatSettingsOf(config: Config) {
  return {
    sessionHours: config.WEBCHAT_SESSION_HOURS,
    limits: {
      sessionsPerIp: { limit: config.WEBCHAT_SESSIONS_PER_IP, windowMinutes: config.WEBCHAT_SESSIONS_WINDOW_MINUTES },
      messagesPerIp: { limit: config.WEBCHAT_MESSAGES_PER_IP, windowMinutes: config.WEBCHAT_MESSAGES_WINDOW_MINUTES },
      messagesPerSession: { limit: config.WEBCHAT_MESSAGES_PER_SESSION, windowMinutes: config.WEBCHAT_MESSAGES_WINDOW_MINUTES },
      callbacksPerIp: { limit: config.WEBCHAT_CALLBACKS_PER_IP, windowMinutes: config.WEBCHAT_CALLBACKS_WINDOW_MINUTES },
    },
  };
}

/** The chat router's and the conversations' settings, from the configuration. */
export function chatSettingsOf(config: Config) {
  return {
    webchat: webchatSettingsOf(config),
    external: { queue: config.CHAT_EXTERNAL_QUEUE, topics: config.CHAT_EXTERNAL_TOPICS, seesCustomerNumber: config.CHAT_EXTERNAL_SEES_CUSTOMER_NUMBER },
    router: { hours: config.CHAT_SERVICE_HOURS, cap: config.CHAT_AGENT_CAP },
    conversation: { hours: config.CHAT_SERVICE_HOURS, outOfHoursText: config.CHAT_OUT_OF_HOURS_TEXT, idleCloseMinutes: config.CHAT_IDLE_CLOSE_MINUTES, advisorTimeoutMinutes: config.CHAT_ADVISOR_TIMEOUT_MINUTES, transcriptRetentionDays: config.CHAT_TRANSCRIPT_RETENTION_DAYS },
  };
}

/** Social-media reaction cases' settings, from the configuration. */
export function socialSettingsOf(config: Config): SocialCaseSettings {
  return {
    queue: config.SOCIAL_QUEUE,
    productLink: config.SOCIAL_PRODUCT_LINK,
    externalServices: config.SOCIAL_EXTERNAL_SERVICES,
    escalationChain: config.SOCIAL_ESCALATION_CHAIN,
  };
}

/** How tasks escalate and whom reminders reach, from the configuration. */
export function taskSettingsOf(config: Config): TaskBoardSettings {
  return {
    escalationQueue: config.TASK_ESCALATION_QUEUE,
    escalationEmail: config.TASK_ESCALATION_EMAIL,
    reminderEmail: config.CALLBACK_MAILBOX,
    appBaseUrl: config.APP_BASE_URL ?? `http://${config.HOST}:${config.PORT}`,
    operationsQueue: config.OPERATIONS_QUEUE,
    repairDueMinutes: config.REPAIR_DUE_MINUTES,
  };
}

/** Consent and contact-policy settings, from the configuration. */
export function consentSettingsOf(config: Config): { declineMonths: number; answerTimeoutMinutes: number; caps: Array<{ maxContacts: number; periodDays: number }> } {
  return {
    declineMonths: config.CONSENT_DECLINE_MONTHS,
    answerTimeoutMinutes: config.CONSENT_ANSWER_TIMEOUT_MINUTES,
    caps: [{ maxContacts: config.ADVERTISING_CAP_CONTACTS, periodDays: config.ADVERTISING_CAP_DAYS }],
  };
}
