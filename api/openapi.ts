/**
 * The OpenAPI document, generated from the same zod schemas that validate requests: bodies, path
 * parameters, query parameters and headers. It is the contract: every constraint the server
 * enforces and every status an operation answers is stated here, and `test/openapi.contract.test.ts`
 * runs schemathesis against the served document to keep it so.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { FREE_TEXT } from '../domain/text';
import { CallbackRequestSchema, PREFERRED_TIME_MAX_DAYS } from '../domain/callback';
import { ConsentAnswerSchema, ConsentCheckRequestSchema, ConsentScriptContentSchema, WithdrawalRequestSchema } from '../domain/consent';
import { ROLES } from '../domain/identity';
import { CallbackAttemptResultSchema } from '../domain/task';
import { CareAppointmentResultSchema, careCallResultSchema, DEFAULT_CANCELLATION_REASONS, SALE_MAX_AGE_DAYS, SaleRequestSchema, type CancellationReason } from '../domain/care-call';
import { SalePathSchema } from './sales.routes';
import { ServiceRequestPathSchema } from './service-requests.routes';
import { ServiceRequestBodySchema, ServiceRequestOutcomeSchema } from '../domain/service-request';
import { AppointmentPathSchema, CustomerAppointmentsPathSchema } from './appointments.routes';
import { AppointmentRequestSchema, CancelAppointmentSchema, RescheduleRequestSchema, SLOT_SEARCH_MAX_DAYS, SlotQuerySchema } from '../domain/appointment';
import { DIALABLE_TASK_TYPES } from './task-dial';
import { CallbackPathSchema, CancelBodySchema } from './callbacks.routes';
import { CheckPathSchema, CustomerPathSchema as ConsentCustomerPathSchema, ScriptQuerySchema } from './consent.routes';
import { BlockPathSchema, createBlockBodySchema, CustomerPathSchema as BlockCustomerPathSchema, LiftBodySchema } from './contact-blocks.routes';
import { ContactPolicyPathSchema, ContactPolicyQuerySchema } from './contact-policy.routes';
import { CustomerSummaryPathSchema } from './customers.routes';
import { ContactDataPathSchema } from './contact-data.routes';
import { ContactDataUpdateSchema } from '../domain/contact-data';
import { INTEREST_VALID_DAYS, ProfileNoteBodySchema } from '../domain/customer-profile';
import { NoticePathSchema, NoticeQuerySchema, ProfileNotePathSchema } from './profile-notes.routes';
import { ChatAdvisorBodySchema, ChatCloseBodySchema, ChatHandBackBodySchema, ChatLinkCustomerBodySchema, ChatTemplateBodySchema, ChatHandOverBodySchema, ChatReplyBodySchema, ConversationPathSchema, PresenceBodySchema, TextModuleBodySchema, TextModulePathSchema } from './chat.routes';
import { WEBCHAT_TOKEN_HEADER, WebchatCallbackBodySchema, WebchatMessageBodySchema, WebchatSessionPathSchema } from './webchat.routes';
import { AcknowledgeBodySchema, SocialCaseListQuerySchema, SocialCasePathSchema } from './social-cases.routes';
import { PostDeliverySchema } from '../adapters/social-media/social.wire';
import { MAX_NOTICES, MAX_PROFILE_NOTES } from './profile-notes.use-cases';
import { IdempotencyKeyHeader, RequiredIdempotencyKeyHeader } from './headers';
import { AuditQuerySchema } from './audit';
import { CODEC_MAX_PAYLOADS, CodecBodySchema, NamespaceHeader } from './codec.routes';
import { CustomerProcessesPathSchema, ProcessPathSchema } from './processes.routes';
import { MAX_CUSTOMER_PROCESSES } from './processes.use-cases';
import { TimelinePathSchema, TimelineQuerySchema } from './timeline.routes';
import { HttpError } from './http-error';
import { ReassignBodySchema, TaskListQuerySchema, TaskPathSchema } from './tasks.routes';
import { TaskEventsQuerySchema } from './task-feed/routes';
import { TaskTypeQuerySchema } from './task-types.routes';
import { DryRunBodySchema } from './campaign-dry-run.use-cases';
import { CampaignRunPathSchema, CancelRunBodySchema, EmptyBodySchema } from './campaign-runs.routes';
import { CampaignPathSchema, CampaignVersionPathSchema, DiffQuerySchema, PublishBodySchema, SaveDraftBodySchema } from './campaigns.routes';

type JsonSchema = Record<string, unknown>;

/**
 * Whitespace as JavaScript's `String.prototype.trim` removes it, spelt out: JSON Schema patterns
 * are read by validators in other languages, whose `\s` differs (Python's lacks U+FEFF and has
 * U+001C to U+001F and U+0085, which `trim` keeps).
 */
const WS = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/** True for zod's `.trim()` (an overwrite check that trims). */
function trims(check: unknown): boolean {
  const def = (check as { _zod?: { def?: { check?: string; tx?: (value: string) => unknown } } })._zod?.def;
  return def?.check === 'overwrite' && typeof def.tx === 'function' && def.tx(' x ') === 'x';
}

/**
 * A pattern for "trimmed, `min` to `max` characters remain": any whitespace around, and between
 * the first and the last non-blank character the length zod checks after trimming.
 */
function trimmedLengthPattern(min: number, max: number | undefined, freeText: boolean): string {
  // Free text (domain/text.ts) also refuses control characters: one pattern says both, since two
  // patterns on one string leave a generator too few strings to find.
  const controls = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f';
  const blank = `[${WS}]`; // trimmed away before the control-character check
  const solid = freeText ? `[^${WS}${controls}]` : `[^${WS}]`;
  const any = freeText ? `[^${controls}]` : '[\\s\\S]';
  let inner: string;
  if (max === 1) inner = solid;
  else if (min <= 1) inner = `${solid}(?:${any}{0,${max === undefined ? '' : max - 2}}${solid})?`;
  else inner = `${solid}${any}{${min - 2},${max === undefined ? '' : max - 2}}${solid}`;
  return `^${blank}*${min === 0 ? `(?:${inner})?` : inner}${blank}*$`;
}

/**
 * JSON Schema of what a zod schema accepts as input. zod checks the length of a trimmed string
 * after trimming, which `minLength`/`maxLength` of the raw string do not say (a padded string
 * longer than `max` passes, a blank one does not): such strings get a pattern instead.
 */
export function schemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def as { type: string; checks?: unknown[] };
      if (def.type !== 'string' || !def.checks?.some(trims)) return;
      const { minLength: min = 0, maxLength: max } = jsonSchema;
      if (min === 0 && max === undefined) return;
      delete jsonSchema.minLength;
      delete jsonSchema.maxLength;
      const freeText = jsonSchema.pattern === FREE_TEXT.source;
      const length = trimmedLengthPattern(min, max, freeText);
      if (jsonSchema.pattern === undefined || freeText) jsonSchema.pattern = length;
      else jsonSchema.allOf = [...(jsonSchema.allOf ?? []), { pattern: length }];
      const said = `Surrounding whitespace is trimmed; ${max === undefined ? `at least ${min}` : `${min} to ${max}`} characters remain.`;
      jsonSchema.description = jsonSchema.description ? `${jsonSchema.description} ${said}` : said;
    },
  }) as JsonSchema;
  return json;
}

const json = (schema: z.ZodType | JsonSchema) => ({ 'application/json': { schema: schema instanceof z.ZodType ? schemaOf(schema) : schema } });

/**
 * The JSON Schema of a zod schema with recursive parts (zod puts them in `$defs`, e.g. the campaign
 * criteria): inside an operation `#/$defs/…` would resolve against the document's root, so the
 * definitions move to `components.schemas` (into `components`, named `name`, or `name_<zod's key>`
 * when there are several) and the references follow them.
 */
function hoistedSchemaOf(schema: z.ZodType, name: string, components: Record<string, JsonSchema>): JsonSchema {
  const { $defs, ...rest } = schemaOf(schema) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  if (!$defs) return rest;
  const keys = Object.keys($defs);
  const target = (key: string) => `#/components/schemas/${keys.length === 1 ? name : `${name}_${key.replace(/^_+/, '')}`}`;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/') ? target(value.slice('#/$defs/'.length)) : rewrite(value)]),
    );
  };
  for (const key of keys) components[target(key).slice('#/components/schemas/'.length)] = rewrite($defs[key]) as JsonSchema;
  return rewrite(rest) as JsonSchema;
}

/** One parameter per property of a route's zod object (path or query), with its constraints. */
function parametersOf(location: 'path' | 'query', schema: z.ZodObject, descriptions: Record<string, string> = {}) {
  const { properties = {}, required = [] } = schemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    ...(descriptions[name] ? { description: descriptions[name] } : {}),
    schema: property,
  }));
}

const idempotencyKey = (required: boolean) => ({
  name: 'Idempotency-Key',
  in: 'header',
  required,
  description:
    'Names this request, scoped to the caller and the operation: the same key with the same request answers the first answer again (with `Idempotent-Replayed: true`) and does nothing twice; with another request 422; while the first still runs 409.',
  schema: schemaOf(required ? RequiredIdempotencyKeyHeader : IdempotencyKeyHeader.unwrap()),
});

/** The customer's web-chat session token (api/webchat.routes.ts). */
const webchatToken = { name: WEBCHAT_TOKEN_HEADER, in: 'header', required: true, description: 'The token `POST /webchat/sessions` answered with this session; accepted for WEBCHAT_SESSION_HOURS (default 24) after it was issued', schema: { type: 'string' } };

// The error body every 4xx and 5xx carries (api/error-handler.ts).
const ErrorSchema = z.object({
  error: z.string().describe('What went wrong, naming the field: `months: must be at most 60`'),
  fields: z.array(z.object({ field: z.string(), message: z.string() })).optional().describe('Each bad field (400, 422)'),
  errorId: z.string().optional().describe('Only on an internal error: the id under which it was logged'),
});
const ERROR_REF = { $ref: '#/components/schemas/Error' };

interface ResponseHeader {
  description: string;
  schema: JsonSchema;
}
const header = (description: string, schema: JsonSchema = { type: 'string' }): ResponseHeader => ({ description, schema });
const problem = (description: string, headers?: Record<string, ResponseHeader>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: ERROR_REF } },
});
const ok = (description: string, headers?: Record<string, ResponseHeader>) => ({ description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: {} } } });
const REPLAYED = { 'Idempotent-Replayed': header('`true` when this is the stored answer of an earlier request with the same Idempotency-Key', { type: 'string', enum: ['true'] }) };

/** A refused Bearer token (api/auth.ts): the message says why, never the token. */
const INVALID_TOKEN = 'No or unknown Bearer token; with single sign-on also an expired one, one for another audience or issuer, or one whose signature does not verify (the message says which)';
const CHALLENGE = '`Bearer`; `Bearer error="invalid_token"` when a token was given';
/** GET /api/v1/auth/config's answer (platform/authenticator.ts SignInMethod). */
const SIGN_IN_METHOD = {
  oneOf: [
    { type: 'object', required: ['mode'], additionalProperties: false, properties: { mode: { const: 'token' } } },
    {
      type: 'object',
      required: ['mode', 'issuer', 'clientId', 'scopes', 'authorizationEndpoint', 'tokenEndpoint'],
      additionalProperties: false,
      properties: {
        mode: { const: 'oidc' },
        issuer: { type: 'string', format: 'uri' },
        clientId: { type: 'string' },
        scopes: { type: 'string', description: 'space-separated, e.g. `openid profile`' },
        authorizationEndpoint: { type: 'string', format: 'uri' },
        tokenEndpoint: { type: 'string', format: 'uri' },
        endSessionEndpoint: { type: 'string', format: 'uri', description: "the provider's RP-initiated logout; absent when its discovery document names none (sign-out then ends only the app's session)" },
      },
    },
  ],
};
/** What every authenticated operation may answer. */
const authenticated = (roles: string) => ({
  400: problem('Bad input: the message names each bad field (path, query, header or body)'),
  401: problem(INVALID_TOKEN, { 'WWW-Authenticate': header(CHALLENGE) }),
  403: problem(`Your role or queues do not allow this (${roles})`),
});
/** Operations that read a JSON body: express.json's limits. */
const withBody = {
  413: problem('The body is larger than 100 kB'),
  415: problem('The body is in a charset or content encoding the server does not read (JSON in UTF-8, uncompressed)'),
};
/** Operations that talk to Temporal (api/deadline.ts: one deadline per request). */
const temporal = {
  503: problem('The process did not answer in time, or Temporal is unavailable; it may still carry out the request: try again shortly (with the same Idempotency-Key where there is one)', {
    'Retry-After': header('Seconds to wait', { type: 'string', pattern: '^[0-9]+$' }),
  }),
};
/** Consent checks: their process loads the customer's consent situation from core banking. */
const consentSituation = {
  503: problem('The consent situation could not be loaded from core banking, or the process did not answer in time; try again shortly', {
    'Retry-After': header('Seconds to wait', { type: 'string', pattern: '^[0-9]+$' }),
  }),
};
/** Operations under the idempotency rule (api/idempotency.ts). */
const idempotent = {
  409: problem('A request with this Idempotency-Key is still in progress; try again shortly', { 'Retry-After': header('Seconds to wait', { type: 'string', pattern: '^[0-9]+$' }) }),
  422: problem('Idempotency-Key reused with another request (another body or path)'),
};
/** A web-chat token refused (api/webchat-token.ts): the field says which of the three. */
const webchatTokenRefused = problem('`X-Webchat-Token` missing (`is required`), not this session\'s (`does not belong to this session`), or past the session\'s lifetime (`has expired`: open a new session); `fields` names `X-Webchat-Token` with the reason');
/** A public web-chat limit reached (api/webchat-limits.ts); `what` says what is counted, and per what. */
const webchatLimited = (what: string) => ({
  429: problem(`Too many requests: ${what}. The message names the limit; nothing was done. Try again after \`Retry-After\``, {
    'Retry-After': header('Seconds until the limit\'s window ends', { type: 'string', pattern: '^[0-9]+$' }),
  }),
});

const ROLE_LIST = ROLES.join(', ');

/** The payload codec endpoint for the Temporal Web UI and CLI (api/codec.routes.ts): Temporal's remote codec server protocol. */
function codecOperation(operation: 'decode' | 'encode') {
  const base64Payloads = {
    type: 'object',
    required: ['payloads'],
    properties: {
      payloads: {
        type: 'array',
        items: { type: 'object', required: ['metadata', 'data'], properties: { metadata: { type: 'object', additionalProperties: { type: 'string' } }, data: { type: 'string' } } },
      },
    },
  };
  const what =
    operation === 'decode'
      ? 'Decrypts Temporal payloads (as the Temporal Web UI sends them) with the payload keys this process reads; unencrypted payloads come back unchanged. Each call is recorded in the audit trail (who, namespace, how many payloads; no content)'
      : 'Encrypts Temporal payloads with the current payload write key, as a worker would write them; recorded in the audit trail like a decode';
  return {
    post: {
      summary: `${what} (the roles of CODEC_ROLES, default admin)`,
      description: [
        'Temporal\'s remote codec server protocol: the Temporal Web UI\'s or CLI\'s codec endpoint is `{API}/api/v1/codec`. Metadata values and data are base64, as in Temporal\'s HTTP API.',
        `At most ${CODEC_MAX_PAYLOADS} payloads and 4 MB per call. Browsers: the origins of CODEC_CORS_ORIGIN get CORS (the preflight is answered without a token, with \`Authorization\`, \`Content-Type\` and \`X-Namespace\` allowed, and credentials); other origins get no CORS headers.`,
      ].join('\n'),
      parameters: [{ name: 'X-Namespace', in: 'header', required: false, description: 'The Temporal namespace the payloads belong to (the UI sends it); recorded in the audit trail', schema: schemaOf(NamespaceHeader.unwrap()) }],
      requestBody: { required: true, content: json(CodecBodySchema) },
      responses: {
        200: { description: `\`{ payloads }\`: the ${operation}d payloads, in the order given`, content: { 'application/json': { schema: base64Payloads } } },
        400: problem(operation === 'decode' ? 'Bad input naming the field (`payloads`, `payloads.<i>.data`, `X-Namespace`), or a payload this process cannot decode (`payloads.<i>`: encrypted with a key it does not read, naming the key id; or altered)' : 'Bad input naming the field (`payloads`, `payloads.<i>.data`, `X-Namespace`)'),
        401: problem('No or unknown Bearer token', { 'WWW-Authenticate': header('`Bearer`') }),
        403: problem('Your role may not use the codec endpoint (CODEC_ROLES, default admin)'),
        413: problem('The body is larger than 4 MB'),
        415: problem('The body is in a charset or content encoding the server does not read (JSON in UTF-8, uncompressed)'),
      },
    },
  };
}

/** The profile note's body: what zod's refinements check, said in JSON Schema (each interest once; an interest or a note). */
function profileNoteBody(): JsonSchema {
  const schema = schemaOf(ProfileNoteBodySchema) as JsonSchema & { properties: Record<string, JsonSchema> };
  return {
    ...schema,
    properties: { ...schema.properties, interests: { ...schema.properties.interests, uniqueItems: true } },
    anyOf: [{ required: ['interests'], properties: { interests: { minItems: 1 } } }, { required: ['note'] }],
  };
}

/**
 * @param maxMonths the longest re-contact block (`BLOCK_MAX_MONTHS`)
 * @param cancellationReasons the care call's configured cancellation reasons (`CARE_CANCELLATION_REASONS`), read at start
 */
export function openApiDocument({ maxMonths, cancellationReasons = DEFAULT_CANCELLATION_REASONS }: { maxMonths: number; cancellationReasons?: readonly CancellationReason[] }) {
  const customer = parametersOf('path', BlockCustomerPathSchema, { customerId: 'customer number, e.g. K-100042' });
  const taskId = parametersOf('path', TaskPathSchema, { id: 'task id, e.g. callback:…~attempt-1' });
  const callbackId = parametersOf('path', CallbackPathSchema, { id: 'callback id (24 hex digits)' });
  const checkId = parametersOf('path', CheckPathSchema, { checkId: '{customerId}~{contactId}' });
  const serviceRequestId = parametersOf('path', ServiceRequestPathSchema, { id: 'service request id (`sr-` and 24 hex digits)' });
  const writers = 'agent, backoffice, supervisor';
  const readers = 'agent, backoffice, supervisor, auditor';
  const taskWorkers = 'agent, backoffice, supervisor; your queues';
  // Campaigns: the criteria are recursive (all / any / not), so their schema is a component.
  const campaignSchemas: Record<string, JsonSchema> = {};
  const draftBody = hoistedSchemaOf(SaveDraftBodySchema, 'CampaignCriterion', campaignSchemas);
  const campaignId = parametersOf('path', CampaignPathSchema, { id: 'campaign id, e.g. kreditkarte-upgrade' });
  const campaignReaders = 'process-owner, supervisor, auditor, agent';
  return {
    openapi: '3.1.0',
    info: {
      title: 'Drehscheibe API',
      version: '1',
      description: [
        'Durable customer-contact processes of the customer service center.',
        '',
        `Every operation under /api/v1 needs a Bearer token; roles: ${ROLE_LIST} (admin may do everything).`,
        'Errors are JSON `{ error, fields? }` naming each bad field. A method a documented path does not declare answers 405 with an `Allow` header listing the methods it has (after authentication: without a valid token the answer is 401). An unknown path answers 404.',
        'A 500 `{ error, errorId }` is a fault of ours, never an answer to bad input.',
      ].join('\n'),
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: schemaOf(ErrorSchema), ...campaignSchemas },
      responses: {
        MethodNotAllowed: {
          description: 'The path exists, the method does not (any undeclared method on a documented path)',
          headers: { Allow: header('The methods this path has, e.g. `GET, HEAD, DELETE`') },
          content: { 'application/json': { schema: ERROR_REF } },
        },
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/healthz': {
        get: {
          security: [],
          summary: 'Reachability of Temporal and the database',
          responses: { 200: ok('`{ status: "ok", temporal, database }`'), 503: ok('`{ status: "unavailable", temporal, database }`: names what is unreachable') },
        },
      },
      '/metrics': {
        get: {
          // Not a user's token: Prometheus presents METRICS_TOKEN, when one is configured.
          security: [],
          summary: 'Prometheus metrics of this process (README "Betrieb / runbook")',
          description:
            'The text exposition format 0.0.4: requests and their durations per route pattern, Node process metrics, the business gauges. With METRICS_TOKEN configured, only for `Authorization: Bearer <METRICS_TOKEN>`.',
          responses: {
            200: { description: 'the metrics', content: { 'text/plain': { schema: { type: 'string' } } } },
            401: problem('METRICS_TOKEN is configured and the request does not carry it', { 'WWW-Authenticate': header('`Bearer`') }),
          },
        },
      },
      '/api/v1/openapi.json': {
        get: { security: [], summary: 'This document', responses: { 200: ok('the OpenAPI document') } },
      },
      '/api/v1/auth/config': {
        get: {
          security: [],
          summary: 'How the web app signs in (no Bearer token): a pasted token, or the bank\'s OpenID Connect provider (authorization code flow with PKCE; public values only)',
          responses: {
            200: { description: '`{ mode: "token" }`, or `{ mode: "oidc", issuer, clientId, scopes, authorizationEndpoint, tokenEndpoint, endSessionEndpoint? }` (the endpoints from the provider\'s discovery document)', content: { 'application/json': { schema: SIGN_IN_METHOD } } },
            503: problem('Single sign-on: the provider\'s discovery document cannot be read right now', { 'Retry-After': header('Seconds') }),
          },
        },
      },
      '/api/v1/me': {
        get: {
          summary: `Who the Bearer token belongs to (every role): the web app's sign-in asks this`,
          responses: {
            200: ok('`{ id, name, roles, queues }`'),
            401: problem(INVALID_TOKEN, { 'WWW-Authenticate': header(CHALLENGE) }),
            403: problem('Single sign-on: the token is valid but carries no role of this application', { 'WWW-Authenticate': header('`Bearer error="insufficient_scope"`') }),
            503: problem('Single sign-on: the provider\'s keys cannot be fetched to check the token', { 'Retry-After': header('Seconds') }),
          },
        },
      },
      '/api/v1/contact-blocks': {
        post: {
          summary: `Block re-contact of a customer on a topic for some months, or extend the running block (${writers})`,
          parameters: [idempotencyKey(false)],
          requestBody: { required: true, content: json(createBlockBodySchema(maxMonths)) },
          responses: {
            201: ok('block created: `{ workflowId, customerId, topic, endsAt, created: true }`', REPLAYED),
            200: ok('running block extended: `{ …, created: false }`', REPLAYED),
            ...authenticated(writers),
            404: problem('the running block closed while it was being extended (rare); try again'),
            ...idempotent,
            ...withBody,
            ...temporal,
          },
        },
      },
      '/api/v1/customers/{customerId}/contact-blocks': {
        get: {
          summary: `The customer's active blocks (${readers})`,
          parameters: customer,
          responses: { 200: ok('`{ customerId, blocks: [{ workflowId, topic, reason, startedAt, endsAt }] }`'), ...authenticated(readers) },
        },
      },
      '/api/v1/customers/{customerId}': {
        get: {
          summary: `Whom the agent speaks to: name, minor or not, segment, branch, advisor's name, products held and the advertising consents core banking records; no birth date, address, contact details or balances. The read is recorded (${readers})`,
          parameters: parametersOf('path', CustomerSummaryPathSchema, { customerId: 'customer number, e.g. K-100042' }),
          responses: {
            200: ok('`{ customerId, name: { givenName, familyName }, minor, segment, branchId, advisor: { name }, products: [{ product, since }], coreBankingConsents: [{ channel, granted, recordedAt }], missing: [\'email\' | \'phone\'] }` (`missing`: contact details core banking has no value for; never the values)'),
            ...authenticated(readers),
            404: problem('customer unknown to core banking'),
            502: problem('core banking rejected the request or sent a malformed record'),
            503: problem('core banking unavailable or too slow: try again'),
          },
        },
      },
      '/api/v1/customers/{customerId}/contact-data': {
        post: {
          summary: `Record an email address and/or mobile number the customer gave during a contact; written through to core banking exactly once (by a key derived from the Idempotency-Key), retried until stored, else a repair task. 202 once the write-through is started. At least one of \`email\`, \`phone\`; an invalid value is 400 naming the field. The audit entry names the fields and the agent, never the values (${writers})`,
          parameters: [...parametersOf('path', ContactDataPathSchema, { customerId: 'customer number' }), idempotencyKey(true)],
          requestBody: { required: true, content: json({ ...schemaOf(ContactDataUpdateSchema), anyOf: [{ required: ['email'] }, { required: ['phone'] }] }) },
          responses: {
            202: ok('`{ customerId, contactId, fields: [\'email\' | \'phone\'], updateId, status: \'writing-through\' }`', REPLAYED),
            ...authenticated(writers),
            404: problem('customer unknown to core banking'),
            ...idempotent,
            ...withBody,
            502: problem('core banking rejected the look-up of the customer'),
            ...temporal,
          },
        },
      },
      '/api/v1/customers/{customerId}/contact-policy': {
        get: {
          summary: `May the bank contact the customer now for this purpose, on this channel and topic? The decision with its reasons, when it is allowed at the earliest, and the facts it used (${readers})`,
          parameters: [...parametersOf('path', ContactPolicyPathSchema, { customerId: 'customer number' }), ...parametersOf('query', ContactPolicyQuerySchema)],
          responses: {
            200: ok('`{ customerId, contact, decidedAt, decision: { allowed, reasons: [{ code, message, clearsAt? }], earliestAllowedAt? }, facts: { age, federalState, consents, activeBlocks, advertisingContactsInWindow, capWindowDays } }`'),
            ...authenticated(readers),
            404: problem('customer unknown to core banking'),
            502: problem('core banking rejected the request or sent a malformed record'),
            503: problem('core banking unavailable or too slow: try again'),
          },
        },
      },
      '/api/v1/contact-blocks/{customerId}/{topic}': {
        get: {
          summary: `A block's state, also after it was lifted or expired (${readers})`,
          parameters: parametersOf('path', BlockPathSchema, { customerId: 'customer number', topic: 'topic key, or `all`' }),
          responses: { 200: ok('the block workflow\'s state'), ...authenticated(readers), 404: problem('no such block'), ...temporal },
        },
        delete: {
          summary: `Lift a block early (${writers})`,
          parameters: parametersOf('path', BlockPathSchema, { customerId: 'customer number', topic: 'topic key, or `all`' }),
          requestBody: { required: false, content: json(LiftBodySchema) },
          responses: { 200: ok('lifted: the block\'s state'), ...authenticated(writers), 404: problem('no active block'), ...withBody, ...temporal },
        },
      },
      '/api/v1/consent-checks': {
        post: {
          summary: 'During a contact: should the agent ask for advertising consent? Answers the script and objection answers when so (agent)',
          requestBody: { required: true, content: json(ConsentCheckRequestSchema) },
          responses: {
            200: ok('`{ checkId, ask: true, missingChannels, scriptVersion, script }` or `{ checkId, ask: false, code, reason }`'),
            ...authenticated('agent'),
            404: problem('customer unknown to core banking'),
            ...withBody,
            ...consentSituation,
          },
        },
      },
      '/api/v1/consent-checks/{checkId}': {
        get: {
          summary: 'State of a consent check (agent, supervisor, auditor)',
          parameters: checkId,
          responses: { 200: ok('the check\'s state'), ...authenticated('agent, supervisor, auditor'), 404: problem('no such check'), ...temporal },
        },
      },
      '/api/v1/consent-checks/{checkId}/answer': {
        post: {
          summary: "Record the customer's answer; stores the evidence, then writes it through to core banking once (the agent who opened the check, or a supervisor)",
          parameters: checkId,
          requestBody: { required: true, content: json(ConsentAnswerSchema) },
          responses: {
            201: ok('`{ checkId, evidence }`'),
            ...authenticated('agent, supervisor; only the agent who opened the check, or a supervisor'),
            404: problem('no such check'),
            409: problem('already answered, closed, or nothing to ask'),
            ...withBody,
            ...consentSituation,
          },
        },
      },
      '/api/v1/customers/{customerId}/consents': {
        get: {
          summary: 'The consent evidence trail, newest first, and the consents that stand now (auditor, agent, supervisor)',
          parameters: parametersOf('path', ConsentCustomerPathSchema, { customerId: 'customer number' }),
          responses: {
            200: ok('`{ customerId, current, evidence }`'),
            ...authenticated('auditor, agent, supervisor'),
            502: problem('core banking rejected the request'),
            503: problem('core banking unavailable or too slow: try again'),
          },
        },
      },
      '/api/v1/customers/{customerId}/consents/withdraw': {
        post: {
          summary: `Withdraw advertising consent: honoured at once, written through to core banking (${writers})`,
          parameters: [...parametersOf('path', ConsentCustomerPathSchema, { customerId: 'customer number' }), idempotencyKey(false)],
          requestBody: { required: true, content: json(WithdrawalRequestSchema) },
          responses: {
            201: ok('`{ customerId, evidence }`', REPLAYED),
            ...authenticated(writers),
            404: problem('customer unknown to core banking'),
            ...idempotent,
            ...withBody,
            502: problem('core banking rejected the look-up of the customer'),
            ...temporal,
          },
        },
      },
      '/api/v1/consent-scripts': {
        get: {
          summary: 'The consent script: the latest, or ?version=n (agent, process-owner, supervisor, auditor)',
          parameters: parametersOf('query', ScriptQuerySchema, { version: 'a stored version; default: the latest' }),
          responses: { 200: ok('`{ version, question, objectionAnswers, createdBy, createdAt }`'), ...authenticated('agent, process-owner, supervisor, auditor'), 404: problem('no such version') },
        },
        put: {
          summary: 'Store a new version of the consent script (process-owner)',
          requestBody: { required: true, content: json(ConsentScriptContentSchema) },
          responses: { 201: ok('the new version'), ...authenticated('process-owner'), ...withBody },
        },
      },
      '/api/v1/campaigns': {
        get: {
          summary: `Every campaign: id, name, trigger kind, live version; for process owners, supervisors and auditors also the draft (revision, unpublished changes, who saved it when). Agents see published campaigns only (${campaignReaders})`,
          responses: {
            200: ok('`{ campaigns: [{ campaignId, name, triggerKind, liveVersion?, livePublishedAt?, draft?: { revision, name, triggerKind, unpublishedChanges, updatedAt, updatedBy }, updatedAt? }] }`'),
            ...authenticated(campaignReaders),
          },
        },
      },
      '/api/v1/campaigns/{id}': {
        get: {
          summary: `One campaign: its live version and its versions, newest first; for process owners, supervisors and auditors also the draft with its definition (${campaignReaders})`,
          parameters: campaignId,
          responses: {
            200: ok('`{ campaignId, liveVersion?, draft?: { revision, definition, sha256, updatedAt, updatedBy, createdAt, createdBy, liveVersion?, unpublishedChanges }, versions: [{ version, name, triggerKind, sha256, draftRevision, publishedAt, publishedBy }] }`'),
            ...authenticated(campaignReaders),
            404: problem('no such campaign (for agents: none published)'),
          },
        },
      },
      '/api/v1/campaigns/{id}/draft': {
        put: {
          summary: 'Save the draft of a campaign, or create the campaign (process-owner)',
          description: [
            '`revision` is the draft revision the definition was edited from (`draft.revision` of `GET /campaigns/{id}` or of the last save); 0 creates the campaign. Each save raises the revision by one.',
            'Someone saved meanwhile (the draft is at another revision), or revision 0 for a campaign that exists: 409 naming `revision`, with who saved it when. The same save sent again after a lost answer (same definition, same user, the revision it made) answers that draft again.',
            'Besides what the schema states, a definition is refused with a 400 naming the path (e.g. `definition.criteria.rules.1.min`) when `validUntil` lies before `validFrom`, when an outcome is listed twice, when rules nest deeper than 10 levels, when an `age` rule has neither `min` nor `max` or a `min` above its `max`, or when a `balance-above` amount has more than two decimal places.',
            'Answers the draft as stored: the definition with its defaults applied, its SHA-256 and whether it differs from the live version.',
          ].join('\n\n'),
          parameters: campaignId,
          requestBody: { required: true, content: json(draftBody) },
          responses: {
            201: ok('campaign created with its first draft (revision 1)', { Location: header('/api/v1/campaigns/{id}') }),
            200: ok('draft saved: `{ campaignId, revision, definition, sha256, updatedAt, updatedBy, createdAt, createdBy, liveVersion?, unpublishedChanges }`'),
            ...authenticated('process-owner'),
            404: problem('no such campaign (send revision 0 to create it)'),
            409: problem('the draft is at another revision (someone saved meanwhile), or the campaign exists already (revision 0)'),
            ...withBody,
          },
        },
      },
      '/api/v1/campaigns/{id}/publish': {
        post: {
          summary: 'Publish the draft as the next version, which becomes the live one for new contacts; earlier versions stay as they are (process-owner)',
          description:
            'Optional body `{ revision }`: the draft revision you reviewed; a draft that moved on since answers 409. Two publishes at once never make the same version number: one wins, the other answers 409. A draft equal to the live version has nothing to publish: 409.',
          parameters: [...campaignId, idempotencyKey(false)],
          requestBody: { required: false, content: json(PublishBodySchema) },
          responses: {
            201: ok('published: `{ campaignId, version, draftRevision, sha256, publishedAt, publishedBy }`', {
              Location: header('/api/v1/campaigns/{id}/versions/{version}'),
              ...REPLAYED,
            }),
            ...authenticated('process-owner'),
            404: problem('no such campaign'),
            ...idempotent,
            409: problem(
              'nothing to publish (the draft equals the live version), the draft moved on since the revision you reviewed, another publish of this campaign at the same moment, or a request with this Idempotency-Key still in progress (with Retry-After)',
              { 'Retry-After': header('Seconds to wait (only for a request with this Idempotency-Key in progress)', { type: 'string', pattern: '^[0-9]+$' }) },
            ),
            ...withBody,
          },
        },
      },
      '/api/v1/campaigns/{id}/versions/{version}': {
        get: {
          summary: `One published version, its definition exactly as published (${campaignReaders})`,
          parameters: parametersOf('path', CampaignVersionPathSchema, { id: 'campaign id', version: 'version number, from 1' }),
          responses: {
            200: ok('`{ campaignId, version, definition, sha256, draftRevision, publishedAt, publishedBy, live }`'),
            ...authenticated(campaignReaders),
            404: problem('no such campaign or version'),
          },
        },
      },
      '/api/v1/campaigns/{id}/versions/{version}/dry-run': {
        post: {
          summary: 'Dry-run a selection campaign version over the customer base before its launch: selection, pacing, the contact policy at dial time, attempts, in simulated time; no side effects (process-owner, supervisor)',
          description: [
            'Reads the customer base through core banking (customer-number order, at most `population`), selects with the version\'s criteria, exclusions and the contact policy (minors, consent, blocks, caps), then simulates the run hour by hour for `months`: the configured pacing (or `pacing`), calling hours and each customer\'s public holidays, the contact policy again at every call, attempts on later days, and customers answering by the `answers` rates (seeded: the same body gives the same report).',
            '`forbiddenContacts` counts, in a second independent pass, the calls the contact policy forbids at their moment: it is 0. `assumptions` says what the model assumes. A campaign not triggered by `selection`: 409.',
          ].join(' '),
          parameters: parametersOf('path', CampaignVersionPathSchema, { id: 'campaign id', version: 'version number, from 1' }),
          requestBody: { required: false, content: json(DryRunBodySchema) },
          responses: {
            200: ok('`{ campaignId, version, from, to, months, population, selected, excluded: [{ key, label, count }], excludedCustomers, calls, reached, outcomes, notContactable, stoppedAtDial, stillWaiting, callsPerCustomer: [{ calls, customers }], callsPerWeek: [{ week, queue, calls }], forbiddenContacts, assumptions, durationMs }`'),
            ...authenticated('process-owner, supervisor'),
            404: problem('no such campaign or version'),
            409: problem('the campaign is not triggered by a target selection'),
            ...withBody,
            502: problem('core banking rejected the selection'),
            503: problem('core banking is unavailable; try again shortly'),
          },
        },
      },
      '/api/v1/campaigns/{id}/versions/{version}/launch': {
        post: {
          summary: 'Launch a selection campaign version over the customer base (process-owner)',
          description: [
            'Starts the run `run-{id}-v{version}`: it pages through core banking, selects with the version\'s rules and starts one contact process per selected customer (ids by pseudonym), then releases call tasks into the version\'s outbound queue as pacing allows (`CAMPAIGN_MAX_OPEN_TASKS`, `CAMPAIGN_MAX_NEW_TASKS_PER_HOUR`, inside calling hours); each contact decides again at dial time with the contact policy.',
            'One run per version: launching again answers the same run and starts nothing. A campaign not triggered by `selection`: 409.',
          ].join(' '),
          parameters: [...parametersOf('path', CampaignVersionPathSchema, { id: 'campaign id', version: 'version number, from 1' }), idempotencyKey(false)],
          requestBody: { required: false, content: json(EmptyBodySchema) },
          responses: {
            202: ok('the run\'s progress: `{ runId, campaignId, version, queue, status: selecting | running | paused | cancelled | completed, launchedAt, launchedBy, cancelReason?, endedAt?, selection: { read, selected, excluded: [{ key, label, count }] }, counts: { waiting, released, taskOpen, reached, notContactable, stopped, cancelled, failed }, outcomes, stoppedAtDial: [{ key, label, count }], series: [{ day, released, reached, ended }] }`', { Location: header('/api/v1/campaign-runs/{runId}'), ...REPLAYED }),
            ...authenticated('process-owner'),
            404: problem('no such campaign or version'),
            409: problem('the campaign is not triggered by a target selection, or a request with this Idempotency-Key is still in progress'),
            422: idempotent[422],
            ...withBody,
            ...temporal,
          },
        },
      },
      '/api/v1/campaigns/{id}/runs': {
        get: {
          summary: 'The runs of a campaign, newest first (process-owner, supervisor, auditor)',
          parameters: campaignId,
          responses: { 200: ok('`{ runs: [{ runId, version, status, launchedAt, launchedBy }] }`'), ...authenticated('process-owner, supervisor, auditor') },
        },
      },
      '/api/v1/campaigns/{id}/progress': {
        get: {
          summary: "The progress of the campaign's newest run, as `GET /campaign-runs/{runId}` answers it (process-owner, supervisor, auditor)",
          parameters: campaignId,
          responses: { 200: ok('the progress of the newest run'), ...authenticated('process-owner, supervisor, auditor'), 404: problem('the campaign has never been launched'), ...temporal },
        },
      },
      '/api/v1/campaign-runs/{runId}': {
        get: {
          summary: 'Where a run stands: selection, counts by state and result, outcomes, stops at dial time by reason, a series per day (process-owner, supervisor, auditor)',
          parameters: parametersOf('path', CampaignRunPathSchema, { runId: 'the run, `run-{campaignId}-v{version}`' }),
          responses: { 200: ok('`{ runId, campaignId, version, queue, status: selecting | running | paused | cancelled | completed, launchedAt, launchedBy, cancelReason?, endedAt?, selection: { read, selected, excluded: [{ key, label, count }] }, counts: { waiting, released, taskOpen, reached, notContactable, stopped, cancelled, failed }, outcomes, stoppedAtDial: [{ key, label, count }], series: [{ day, released, reached, ended }] }`'), ...authenticated('process-owner, supervisor, auditor'), 404: problem('no such run'), ...temporal },
        },
      },
      '/api/v1/campaign-runs/{runId}/pause': {
        post: {
          summary: 'Pause a run: no new call tasks are released; open ones stay workable (process-owner). Refused (409) unless selecting or running',
          parameters: [...parametersOf('path', CampaignRunPathSchema, { runId: 'the run' }), idempotencyKey(false)],
          requestBody: { required: false, content: json(EmptyBodySchema) },
          responses: { 200: ok('the progress', REPLAYED), ...authenticated('process-owner'), 404: problem('no such run'), 409: problem('the run is not selecting or running'), 422: idempotent[422], ...withBody, ...temporal },
        },
      },
      '/api/v1/campaign-runs/{runId}/resume': {
        post: {
          summary: 'Resume a paused run from where it stood; nobody is released twice (process-owner). Refused (409) unless paused',
          parameters: [...parametersOf('path', CampaignRunPathSchema, { runId: 'the run' }), idempotencyKey(false)],
          requestBody: { required: false, content: json(EmptyBodySchema) },
          responses: { 200: ok('the progress', REPLAYED), ...authenticated('process-owner'), 404: problem('no such run'), 409: problem('the run is not paused'), 422: idempotent[422], ...withBody, ...temporal },
        },
      },
      '/api/v1/campaign-runs/{runId}/cancel': {
        post: {
          summary: 'Cancel a run: waiting customers get no call, open call tasks close with the reason (process-owner). Refused (409) once it ended',
          parameters: [...parametersOf('path', CampaignRunPathSchema, { runId: 'the run' }), idempotencyKey(false)],
          requestBody: { required: true, content: json(CancelRunBodySchema) },
          responses: { 200: ok('the progress', REPLAYED), ...authenticated('process-owner'), 404: problem('no such run'), 409: problem('the run has ended'), 422: idempotent[422], ...withBody, ...temporal },
        },
      },
      '/api/v1/campaigns/{id}/diff': {
        get: {
          summary: `What changed from version \`from\` to version \`to\`, or to the draft with \`to=draft\` (not for agents: 403) (${campaignReaders})`,
          description:
            'Each change is `{ op: added | removed | changed, path, before?, after? }` with the path in the definition written like a field in an error (`criteria.rules.1.min`); objects are compared by key, arrays by index.',
          parameters: [...campaignId, ...parametersOf('query', DiffQuerySchema, { from: 'a version number', to: 'a version number, or `draft`' })],
          responses: {
            200: ok('`{ campaignId, from, to, toRevision?, changes: [{ op, path, before?, after? }] }`'),
            ...authenticated(`${campaignReaders}; agents compare versions only`),
            404: problem('no such campaign or version'),
          },
        },
      },
      '/api/v1/callbacks': {
        post: {
          summary: 'Ask the Direktberatung to call the customer back (warm transfer first when callId is given) (agent)',
          description: `A \`preferredTime\` window must end after it starts, must not lie in the past (\`from\` at most a few minutes back, \`to\` not before now) and must end within ${PREFERRED_TIME_MAX_DAYS} days; otherwise a 400 names the field.`,
          parameters: [idempotencyKey(true)],
          requestBody: { required: true, content: json(CallbackRequestSchema) },
          responses: {
            201: ok('the callback process runs: `{ callbackId, workflowId, customerId, topic }`', { Location: header('/api/v1/callbacks/{callbackId}'), ...REPLAYED }),
            ...authenticated('agent'),
            ...idempotent,
            ...withBody,
            ...temporal,
          },
        },
      },
      '/api/v1/callbacks/{id}': {
        get: {
          summary: `State, attempts and outcome of a callback (${readers})`,
          parameters: callbackId,
          responses: { 200: ok('the callback\'s state'), ...authenticated(readers), 404: problem('no such callback'), ...temporal },
        },
      },
      '/api/v1/callbacks/{id}/cancel': {
        post: {
          summary: `Cancel a callback and its open task (${writers})`,
          parameters: callbackId,
          requestBody: { required: false, content: json(CancelBodySchema) },
          responses: { 200: ok('cancelled: the callback\'s state'), ...authenticated(`${writers}; only the agent who asked for it, or a supervisor`), 404: problem('no such callback'), 409: problem('already finished'), ...withBody, ...temporal },
        },
      },
      '/api/v1/tasks': {
        get: {
          summary: `Tasks in your queues, most urgent first, cursor-paged (${taskWorkers})`,
          parameters: parametersOf('query', TaskListQuerySchema, {
            queue: 'one of your queues (default: all of them)',
            status: 'comma-separated statuses (default: open, claimed, escalated)',
            assignee: 'user id',
            dueBefore: 'only tasks due before this instant',
            cursor: '`nextCursor` of the previous page',
            limit: 'page size',
          }),
          responses: { 200: ok('`{ tasks, nextCursor? }`'), ...authenticated(taskWorkers) },
        },
      },
      '/api/v1/tasks/events': {
        get: {
          summary: `Changes to the tasks of your queues (and those assigned to you) as server-sent events, for a live inbox (${taskWorkers})`,
          description: [
            'A `text/event-stream` that stays open. First an event `ready` (`{ at }`: changes from this instant on follow; load the list now), then one event `task` per change:',
            "`{ id, queue, status, assignee?, dueAt, title, version, change: 'created' | 'updated' }`, or `{ id, version, change: 'removed' }` when a task you saw moved out of what you see (another queue or person).",
            'Changes are found by looking at the task table about every second; comment lines (heartbeats) keep quiet streams open. The stream has no deadline; reconnect when it ends.',
          ].join(' '),
          parameters: parametersOf('query', TaskEventsQuerySchema, { queue: 'only this one of your queues (default: all of them, and tasks assigned to you)' }),
          responses: {
            200: {
              description: 'the stream; each item is one event',
              content: {
                'text/event-stream': {
                  schema: {
                    type: 'object',
                    required: ['event', 'data'],
                    properties: {
                      event: { type: 'string', enum: ['ready', 'task'] },
                      data: { type: 'string', contentMediaType: 'application/json', description: 'JSON: `{ at }` for `ready`, the change for `task`' },
                      id: { type: 'string' },
                      retry: { type: 'integer', minimum: 0 },
                    },
                  },
                },
              },
            },
            ...authenticated(taskWorkers),
          },
        },
      },
      '/api/v1/task-types': {
        get: {
          summary: 'The task types with the JSON Schema of their result, labelled in German, for generating completion forms (agent, backoffice, supervisor)',
          description: [
            '`{ types: [{ type, version, title, schema }] }`. `schema` is JSON Schema 2020-12 of the result `POST /tasks/{id}/complete` takes for a task with this `type` and `resultVersion`:',
            'fields and the branches of a discriminated union (`oneOf` of objects sharing a constant property) carry a German `title` (and `description`); string choices are `oneOf: [{ const, title }]`.',
            '`minLength`/`maxLength` count the characters left after trimming surrounding whitespace.',
          ].join(' '),
          parameters: parametersOf('query', TaskTypeQuerySchema, { type: 'only this task type (all its versions)' }),
          responses: { 200: ok('`{ types: [{ type, version, title, schema }] }`'), ...authenticated('agent, backoffice, supervisor') },
        },
      },
      '/api/v1/task-queues': {
        get: {
          summary: 'The queues you work (a supervisor: every known queue), each with the people who work it, for names and reassignment (agent, backoffice, supervisor)',
          responses: { 200: ok('`{ queues: [{ queue, people: [{ id, name }] }] }`'), 401: problem('No or unknown Bearer token', { 'WWW-Authenticate': header('`Bearer`') }), 403: problem('Your role does not allow this (agent, backoffice, supervisor)') },
        },
      },
      '/api/v1/tasks/{id}': {
        get: {
          summary: `One task (${taskWorkers}; 404 outside them)`,
          parameters: taskId,
          responses: { 200: ok('the task'), ...authenticated(taskWorkers), 404: problem('no such task in your queues') },
        },
      },
      '/api/v1/tasks/{id}/claim': {
        post: {
          summary: `Claim a task (${taskWorkers})`,
          parameters: taskId,
          responses: { 200: ok('claimed: the task'), ...authenticated(taskWorkers), 404: problem('no such task in your queues'), 409: problem('claimed by someone else, or closed'), ...temporal },
        },
      },
      '/api/v1/tasks/{id}/unclaim': {
        post: {
          summary: `Give a task back to its queue (${taskWorkers})`,
          parameters: taskId,
          responses: { 200: ok('open again: the task'), ...authenticated(taskWorkers), 404: problem('no such task in your queues'), 409: problem('claimed by someone else, or closed'), ...temporal },
        },
      },
      '/api/v1/tasks/{id}/complete': {
        post: {
          summary: `Complete a task with its type's result; answers what the process does next (${taskWorkers})`,
          parameters: taskId,
          requestBody: {
            required: true,
            description: [
              'The result of the task\'s type (GET /task-types). A care call (`care-call@1`) reached with `cancellationIntended: true` needs a `cancellationReason`, and only then has one (else 422 naming `cancellationReason`).',
              `Cancellation reasons are configuration (\`CARE_CANCELLATION_REASONS\`); this server offers ${cancellationReasons.map((reason) => `\`${reason.code}\` (${reason.title})`).join(', ')}.`,
              'A care call started with another list checks the reason against its own list: a reason it does not know is a 422 naming `cancellationReason`.',
            ].join(' '),
            content: json({
              oneOf: [
                { title: 'callback-attempt@1', ...schemaOf(CallbackAttemptResultSchema) },
                { title: 'care-call@1', ...schemaOf(careCallResultSchema(cancellationReasons)) },
                { title: 'care-appointment@1', ...schemaOf(CareAppointmentResultSchema) },
              ],
            }),
          },
          responses: {
            200: ok("`{ task, next, step? }`: `next` says in a sentence what the process does now; `step` says it as data: `{ kind: 'blocked', topic, months }`, `{ kind: 'done', outcome }`, `{ kind: 'next-attempt', attempt, of, inMinutes }` or `{ kind: 'customer-told' }` (callbacks); `{ kind: 'care-call-reached', followUp }`, `{ kind: 'next-attempt-day', attempt, of }` or `{ kind: 'email-fallback' }` (care calls); `{ kind: 'appointment-outcome', outcome, careCalls, followUp }` (appointments); `{ kind: 'process-done', process }` (a care call's or appointment's last task)"),
            ...authenticated(taskWorkers),
            404: problem('no such task in your queues'),
            409: problem('claimed by someone else, or closed'),
            422: problem('the result does not fit the task type; names the field'),
            ...withBody,
            ...temporal,
          },
        },
      },
      '/api/v1/tasks/{id}/dial': {
        post: {
          summary: `Call the task's customer: the telephony platform dials the number core banking holds and puts the call through to you (agent; a ${DIALABLE_TASK_TYPES.join(' or ')} task you claimed). The number never appears in the answer`,
          description: 'Recorded in the contact history and the audit trail. With an Idempotency-Key a retried click places no second call.',
          parameters: [...taskId, idempotencyKey(false)],
          responses: {
            200: ok('`{ taskId, outcome: answered | no-answer | busy | failed, callId?, dialledAt }`', REPLAYED),
            ...authenticated('agent'),
            404: problem('no such task in your queues'),
            409: problem('the task is not claimed by you, is closed, is no task to phone from, or core banking holds no phone number; or a request with this Idempotency-Key is still in progress', { 'Retry-After': header('Seconds to wait (only for a key in progress)', { type: 'string', pattern: '^[0-9]+$' }) }),
            422: idempotent[422],
            502: problem('the telephony platform refused the call, or core banking rejected the lookup of the number'),
            503: problem('the telephony platform (or core banking) is not reachable, or no telephony is configured; try again shortly', { 'Retry-After': header('Seconds to wait', { type: 'string', pattern: '^[0-9]+$' }) }),
          },
        },
      },
      '/api/v1/sales': {
        post: {
          summary: 'Record a sale made elsewhere: its after-sales care call starts (agent)',
          description: `\`soldAt\` must not lie in the future (a few minutes of clock skew aside) nor more than ${SALE_MAX_AGE_DAYS} days back; otherwise a 400 names the field. A customer core banking does not know: 404. The care call waits the configured time after \`soldAt\` (eight weeks unless configured per product), then decides with the contact policy.`,
          parameters: [idempotencyKey(true)],
          requestBody: { required: true, content: json(SaleRequestSchema) },
          responses: {
            201: ok('the care call runs: `{ saleId, workflowId, decideAt, status, customerId, product }`', { Location: header('/api/v1/sales/{saleId}'), ...REPLAYED }),
            ...authenticated('agent'),
            404: problem('the customer is not known to core banking'),
            502: problem('core banking rejected the lookup of the customer'),
            ...idempotent,
            ...withBody,
            ...temporal,
          },
        },
      },
      '/api/v1/sales/{id}': {
        get: {
          summary: `A sale's care call: state, decisions with their reasons, attempts, result (${readers})`,
          parameters: parametersOf('path', SalePathSchema, { id: 'sale id `{customerId}~{saleKey}`, as POST /sales answered it' }),
          responses: { 200: ok('the care call\'s state'), ...authenticated(readers), 404: problem('no such sale'), ...temporal },
        },
      },
      '/api/v1/service-processes': {
        get: {
          summary: 'The pilot service processes an agent may record, with German titles (agent, supervisor, process-owner, auditor)',
          responses: { 200: ok('`{ processes: [{ process, title }] }`'), ...authenticated('agent, supervisor, process-owner, auditor') },
        },
      },
      '/api/v1/service-requests': {
        post: {
          summary: 'Record the service request handled in a contact and decide the offer, in one call (agent)',
          description: 'Every published campaign triggered by the process is judged for the customer now: target criteria and exclusions, minors (never an offer), and the contact policy for an offer on the campaign\'s topic through the channel (advertising consent, re-contact blocks, the global and the campaign\'s contact caps). At most one offer: the eligible campaign with the highest priority, with its script; `verdicts` give every campaign\'s reasons. The decision is stored with its snapshot before the answer; the same Idempotency-Key answers the same decision. A customer core banking does not know: 404.',
          parameters: [idempotencyKey(true)],
          requestBody: { required: true, content: json(ServiceRequestBodySchema) },
          responses: {
            201: ok('`{ id, customerId, contactId, process, processTitle, channel, agentId, decidedAt, offer?, verdicts }`', { Location: header('/api/v1/service-requests/{id}'), ...REPLAYED }),
            ...authenticated('agent'),
            404: problem('the customer is not known to core banking'),
            502: problem('core banking rejected the request'),
            503: problem('core banking is unavailable; try again shortly'),
            ...idempotent,
            ...withBody,
          },
        },
      },
      '/api/v1/service-requests/{id}': {
        get: {
          summary: 'A service request with its decision and outcome (agent, supervisor, auditor)',
          parameters: serviceRequestId,
          responses: { 200: ok('the service request; the offer as the version it was decided with says it'), ...authenticated('agent, supervisor, auditor'), 404: problem('no such service request') },
        },
      },
      '/api/v1/service-requests/{id}/snapshot': {
        get: {
          summary: 'What the decision rested on: facts, campaign versions, every verdict with its reasons (supervisor, auditor)',
          parameters: serviceRequestId,
          responses: { 200: ok('`{ …, snapshot: { at, process, channel, minor, facts, campaigns, verdicts, offered? } }`'), ...authenticated('supervisor, auditor'), 404: problem('no such service request') },
        },
      },
      '/api/v1/service-requests/{id}/outcome': {
        post: {
          summary: "Record the customer's answer to the offer; it leads on to the Direktberatung (warm transfer, else callback), an appointment, a re-contact block, or nothing but the record (agent)",
          description: 'Once per service request: the same answer again (a retry) answers the same; another answer, an answer the campaign does not allow (naming `outcome`), or an answer where no offer was made: 409. An appointment whose slot was taken meanwhile: 409 with `{ error, slots }`, the next free slots.',
          parameters: [...serviceRequestId, idempotencyKey(true)],
          requestBody: { required: true, content: json(ServiceRequestOutcomeSchema) },
          responses: {
            200: ok('the service request with `outcome: { outcome, at, by, followUp? }`', REPLAYED),
            ...authenticated('agent'),
            404: problem('no such service request'),
            409: problem('no offer was made; the campaign does not allow the answer; another answer is recorded; the slot was taken (then with `slots`); or a request with this Idempotency-Key is still in progress'),
            422: idempotent[422],
            502: problem('core banking rejected the request'),
            ...withBody,
            ...temporal,
          },
        },
      },
      '/api/v1/customers/{customerId}/service-requests': {
        get: {
          summary: "The customer's service requests with their decisions, newest first (agent, supervisor, auditor)",
          parameters: customer,
          responses: { 200: ok('`{ serviceRequests: [...] }`'), ...authenticated('agent, supervisor, auditor') },
        },
      },
      '/api/v1/channels/whatsapp/webhook': {
        get: {
          summary: 'The WhatsApp Business Platform\'s subscription handshake: echoes `hub.challenge` when `hub.verify_token` is ours (no Bearer token)',
          security: [],
          parameters: [
            { name: 'hub.mode', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'hub.verify_token', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'hub.challenge', in: 'query', required: false, schema: { type: 'string' } },
          ],
          responses: { 200: { description: 'The challenge, as text', content: { 'text/plain': { schema: { type: 'string' } } } }, 403: problem('Wrong verify token, or the mode is not `subscribe`') },
        },
        post: {
          summary: 'A delivery of the WhatsApp Cloud API (no Bearer token: `X-Hub-Signature-256`, the HMAC-SHA256 of the raw body with the app secret, is the proof)',
          description: 'Each customer message is handed to its conversation once per message id (the platform retries deliveries; a retry answers 200 and starts nothing). A forged signature, or a delivery with a message older than WHATSAPP_REPLAY_WINDOW_MINUTES (a replay), is refused with 401 and nothing is recorded.',
          security: [],
          parameters: [{ name: 'X-Hub-Signature-256', in: 'header', required: false, schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: {} } } },
          responses: {
            200: ok('`{ received, processed }`'),
            400: problem('The signed body is not JSON, or not a webhook delivery'),
            401: problem('Missing or wrong signature, or a replayed delivery'),
            409: problem('A delivery of the same message is still being processed; the platform retries', { 'Retry-After': header('Seconds to wait', { type: 'string', pattern: '^[0-9]+$' }) }),
            413: problem('The body is larger than 1 MB'),
            ...temporal,
          },
        },
      },
      '/api/v1/webchat/sessions': {
        post: {
          summary: 'Opens a customer\'s web-chat session in the online branch (no Bearer token): a random session id and its token, which the page keeps in sessionStorage and sends as `X-Webchat-Token`',
          security: [],
          responses: {
            201: ok('`{ sessionId, token, expiresAt }`: the token is accepted until `expiresAt` (WEBCHAT_SESSION_HOURS after now)'),
            400: problem('A body that is not JSON (none is needed)'),
            ...withBody,
            ...webchatLimited('new sessions per client IP (WEBCHAT_SESSIONS_PER_IP per WEBCHAT_SESSIONS_WINDOW_MINUTES, default 10 in 10 minutes)'),
          },
        },
      },
      '/api/v1/webchat/sessions/{sessionId}': {
        get: {
          summary: 'The session\'s conversation as the customer sees it (no Bearer token: `X-Webchat-Token`): messages with `by` only `auto` or `agent`, never an agent\'s id; read every few seconds by the page',
          security: [],
          parameters: [...parametersOf('path', WebchatSessionPathSchema, { sessionId: '32 hex digits, from `POST /webchat/sessions`' }), webchatToken],
          responses: {
            200: ok('`{ messages: [{ id, direction: "in" | "out", text, at, by?: "auto" | "agent" }], status: "open" | "closed", queue: "own" | "external" | "advisor" }`'),
            400: problem('Not a session id'),
            401: webchatTokenRefused,
            404: problem('No message in this session yet'),
            ...temporal,
          },
        },
      },
      '/api/v1/webchat/sessions/{sessionId}/messages': {
        post: {
          summary: 'The customer writes in the web chat (no Bearer token: `X-Webchat-Token`): starts the session\'s conversation or joins it; routed like a WhatsApp message',
          description: 'An `Idempotency-Key` names the message: sending it again with the same key is the same message and the conversation takes it once. Without one, every request is a new message.',
          security: [],
          parameters: [
            ...parametersOf('path', WebchatSessionPathSchema, { sessionId: '32 hex digits, from `POST /webchat/sessions`' }),
            webchatToken,
            { ...idempotencyKey(false), description: 'Names the message: a repeat with the same key is taken once.' },
          ],
          requestBody: { required: true, content: json(WebchatMessageBodySchema) },
          responses: {
            202: ok('`{ messageId }`: handed to the conversation; the answer comes in `GET /webchat/sessions/{sessionId}`'),
            400: problem('Bad input: the message names the field (path, Idempotency-Key or body)'),
            401: webchatTokenRefused,
            ...withBody,
            ...temporal,
            ...webchatLimited('messages per client IP (WEBCHAT_MESSAGES_PER_IP, default 120 a minute, counted before the token is checked) or per session (WEBCHAT_MESSAGES_PER_SESSION, default 30 a minute), each per WEBCHAT_MESSAGES_WINDOW_MINUTES'),
          },
        },
      },
      '/api/v1/webchat/callback-requests': {
        post: {
          summary: '"Direktrückruf online": a customer asks the Direktberatung to call back (no Bearer token); starts the callback process once per Idempotency-Key',
          description: `Without \`preferredTime\`: as soon as possible. A window must end after it starts, must not lie in the past and must end within ${PREFERRED_TIME_MAX_DAYS} days; otherwise a 400 names the field. The phone number and a customer number the customer names are notes for the Direktberatung (unchecked; the caller is identified on the phone); the process runs under a pseudonym of the phone number.`,
          security: [],
          parameters: [{ ...idempotencyKey(true), description: 'Names this request (scope: the web chat): the same key with the same request answers the first answer again (`Idempotent-Replayed: true`) and starts nothing; with another request 422; while the first still runs 409.' }],
          requestBody: { required: true, content: json(WebchatCallbackBodySchema) },
          responses: {
            201: ok('the callback process runs: `{ callbackId, topic, preferredTime }`', { ...REPLAYED }),
            400: problem('Bad input: the message names each bad field (Idempotency-Key or body)'),
            ...idempotent,
            ...withBody,
            ...temporal,
            ...webchatLimited('callback requests per client IP (WEBCHAT_CALLBACKS_PER_IP per WEBCHAT_CALLBACKS_WINDOW_MINUTES, default 5 an hour; bad input and retries answered from the idempotency store are not counted)'),
          },
        },
      },
      '/api/v1/channels/social/webhook': {
        post: {
          summary: 'A post, comment or message from the bank\'s social-media presences, delivered by the social-media gateway (no Bearer token: `X-Signature-256`, `sha256=` and the hex HMAC-SHA256 of the raw body with SOCIAL_WEBHOOK_SECRET, is the proof)',
          description: 'Starts one reaction case per post (`social-case:{network}~{postId}`), classified into the reaction types, with a task for the social-media team due at the type\'s reaction time (around the clock). Each post is processed once (the gateway retries deliveries; a retry answers 200 with `processed: false` and starts nothing). A forged or unsigned delivery is refused with 401 and nothing is recorded; a signed body that is not a post gets 400 naming the fields.',
          security: [],
          parameters: [{ name: 'X-Signature-256', in: 'header', required: false, schema: { type: 'string' } }],
          requestBody: { required: true, content: json(PostDeliverySchema) },
          responses: {
            200: ok('`{ caseId, processed }`'),
            400: problem('The signed body is not JSON, or not a post (naming the fields)'),
            401: problem('Missing or wrong signature'),
            409: problem('A delivery of the same post is still being processed; the gateway retries', { 'Retry-After': header('Seconds to wait', { type: 'string', pattern: '^[0-9]+$' }) }),
            413: problem('The body is larger than 256 kB'),
            ...temporal,
          },
        },
      },
      '/api/v1/social-cases': {
        get: {
          summary: 'Social-media reaction cases, newest first, without the posts\' text or author (agent, supervisor, auditor)',
          parameters: parametersOf('query', SocialCaseListQuerySchema, { open: '`true`: only cases still running', limit: '1 to 200, default 50' }),
          responses: { 200: ok('`{ cases: [{ caseId, network, postId, kind, type, dueAt, status, postedAt, taskId?, escalation?: { status, level }, reactedAt?, stepCount }] }`: `reactedAt` when the team completed its task (absent: the reaction is still owed), `stepCount` the steps the case has taken (it changes whenever the case does)'), ...authenticated('agent, supervisor, auditor'), ...temporal },
        },
      },
      '/api/v1/social-cases/{id}': {
        get: {
          summary: 'One social-media reaction case: the post, its classification, due time, task, reply, notified services, evidence (text, time, SHA-256) and escalation with every alert and step (agent, supervisor, auditor)',
          parameters: parametersOf('path', SocialCasePathSchema, { id: '`social-case:{network}~{postId}`' }),
          responses: { 200: ok('The case'), ...authenticated('agent, supervisor, auditor'), 404: problem('No such case'), ...temporal },
        },
      },
      '/api/v1/social-cases/{id}/acknowledge': {
        post: {
          summary: 'Acknowledges a reputation-risk alert: the escalation chain stops (supervisor)',
          parameters: parametersOf('path', SocialCasePathSchema, { id: '`social-case:{network}~{postId}`' }),
          requestBody: { required: false, content: json(AcknowledgeBodySchema) },
          responses: {
            200: ok('The case, its escalation acknowledged (a repeat answers the same)'),
            ...authenticated('supervisor'),
            404: problem('No such case'),
            409: problem('The case has no escalation (`SOCIAL_CASE_NOT_ESCALATING`), or it is closed (`SOCIAL_CASE_CLOSED`)'),
            ...withBody,
            ...temporal,
          },
        },
      },
      '/api/v1/chat/presence': {
        put: {
          summary: 'Sets the caller\'s chat presence (`online` takes chats; `away`, `offline` do not; going online offers waiting conversations at once) (agent, supervisor)',
          requestBody: { required: true, content: json(PresenceBodySchema) },
          responses: { 200: ok('`{ id, presence, cap, conversations: [conversationId], lastAssignedSeq }`'), ...authenticated('agent, supervisor'), ...withBody, ...temporal },
        },
      },
      '/api/v1/chat/conversations': {
        get: {
          summary: 'The caller\'s presence and open conversations with their transcripts (agent, supervisor)',
          responses: { 200: ok('`{ presence, conversations: [{ conversationId, channel, customerRef, status, agentId?, queue, overflowReason?, windowEndsAt?, confidentialTopics, messages: [{ id, direction, text, at, by? }] }], external?: { topics } }` (`external` for the external service center\'s agents: the topics they may close with)'), ...authenticated('agent, supervisor'), ...temporal },
        },
      },
      '/api/v1/chat/conversations/{conversationId}/transcripts': {
        get: {
          summary: 'The stored transcripts of a conversation\'s closed runs, decrypted, oldest first; kept CHAT_TRANSCRIPT_RETENTION_DAYS, then deleted (supervisor, auditor; the read is audited)',
          parameters: parametersOf('path', ConversationPathSchema, { conversationId: '`conversation:{channel}~{pseudonym}`' }),
          responses: { 200: ok('`{ transcripts: [{ conversationId, channel, customerRef, customerId?, closedAt, closedBy, topic?, messages, deleteAfter }] }`'), ...authenticated('supervisor, auditor') },
        },
      },
      '/api/v1/chat/overview': {
        get: {
          summary: 'The center at a glance: every agent\'s presence and open chats, the external center\'s queue (with the reason and who took it), the conversations with advisors (supervisor)',
          responses: { 200: ok('`{ agents: [{ id, presence, cap, open, conversations }], external: [{ conversationId, reason, since, takenBy? }], advisors: [{ conversationId, advisorId, queue, since, takenBy? }] }`'), ...authenticated('supervisor'), ...temporal },
        },
      },
      '/api/v1/chat/text-modules': {
        get: {
          summary: 'The text modules (Textbausteine) agents insert into replies, by title (agent, supervisor, backoffice)',
          responses: { 200: ok('`{ modules: [{ id, title, text }] }`'), ...authenticated('agent, supervisor, backoffice') },
        },
      },
      '/api/v1/chat/text-modules/{id}': {
        put: {
          summary: 'Creates or changes a text module (supervisor); audited',
          parameters: parametersOf('path', TextModulePathSchema, { id: 'e.g. `onlinebanking-entsperren`' }),
          requestBody: { required: true, content: json(TextModuleBodySchema) },
          responses: { 200: ok('`{ id, title, text }`'), ...authenticated('supervisor'), ...withBody },
        },
        delete: {
          summary: 'Removes a text module (supervisor); audited',
          parameters: parametersOf('path', TextModulePathSchema, { id: 'e.g. `onlinebanking-entsperren`' }),
          responses: { 204: { description: 'Removed' }, ...authenticated('supervisor'), 404: problem('No such text module') },
        },
      },
      '/api/v1/chat/conversations/{conversationId}': {
        get: {
          summary: 'One conversation with its transcript (the agent holding it, or a supervisor)',
          parameters: parametersOf('path', ConversationPathSchema, { conversationId: '`conversation:{channel}~{pseudonym}`' }),
          responses: { 200: ok('`{ conversationId, channel, customerRef, status, agentId?, queue, overflowReason?, windowEndsAt?, confidentialTopics, messages, topic?, closedBy? }`'), ...authenticated('agent holding it, supervisor'), 404: problem('No such conversation'), ...temporal },
        },
      },
      '/api/v1/chat/conversations/{conversationId}/messages': {
        post: {
          summary: 'Replies to the customer (the agent holding the conversation); on WhatsApp only inside the 24-hour window after the customer\'s last message',
          parameters: [...parametersOf('path', ConversationPathSchema, { conversationId: '`conversation:{channel}~{pseudonym}`' }), idempotencyKey(true)],
          requestBody: { required: true, content: json(ChatReplyBodySchema) },
          responses: {
            201: ok('`{ id, direction: "out", text, at, by }`', { ...REPLAYED }),
            ...authenticated('agent, supervisor'),
            404: problem('No such conversation'),
            ...idempotent,
            409: problem('Not your conversation, it is closed, or the 24-hour window has ended (`WHATSAPP_WINDOW_CLOSED`: only an approved template may go out); or a request with this Idempotency-Key is still in progress', { 'Retry-After': header('Seconds to wait', { type: 'string', pattern: '^[0-9]+$' }) }),
            502: problem('The messaging platform refused the message (`MESSAGE_REJECTED`)'),
            ...withBody,
            ...temporal,
          },
        },
      },
      '/api/v1/chat/conversations/{conversationId}/handover': {
        post: {
          summary: 'Hands the conversation to an online colleague (Chatübergabe), whatever their load (the agent holding it)',
          parameters: parametersOf('path', ConversationPathSchema, { conversationId: '`conversation:{channel}~{pseudonym}`' }),
          requestBody: { required: true, content: json(ChatHandOverBodySchema) },
          responses: { 200: ok('`{ conversationId, agentId }`'), ...authenticated('agent, supervisor'), 404: problem('No such conversation'), 409: problem('Not your conversation, or the colleague is not online for chats'), ...withBody, ...temporal },
        },
      },
      '/api/v1/chat/conversations/{conversationId}/advisor': {
        post: {
          summary: 'Hands the conversation to the customer\'s advisor (`customerId`: from core banking) or a named one (`advisorId`): to the advisor when present, to the deputy when the advisor is absent (core banking\'s absence calendar), otherwise it stays with the caller with a note (the agent holding it)',
          description: 'With an advisor it is offered to the people of the advisor\'s branch queue (`filiale-{branchId}`); if nobody takes it within CHAT_ADVISOR_TIMEOUT_MINUTES it goes back to the center with a note.',
          parameters: parametersOf('path', ConversationPathSchema, { conversationId: '`conversation:{channel}~{pseudonym}`' }),
          requestBody: { required: true, content: json(ChatAdvisorBodySchema) },
          responses: { 200: ok('The conversation (`queue: advisor`, `advisor`, `notes`)'), ...authenticated('agent, supervisor, backoffice'), 404: problem('No such conversation, or the customer or advisor is not known to core banking'), 409: problem('Not your conversation, or it is closed'), ...withBody, ...temporal },
        },
      },
      '/api/v1/chat/conversations/{conversationId}/customer': {
        put: {
          summary: 'Links the conversation to the customer record (the customer number the agent found with the person search); the agent holding it. Its transcript is then kept under the customer number as well; audited with the customer number',
          description: 'The external service center may link only when the bank lets it see customer numbers (CHAT_EXTERNAL_SEES_CUSTOMER_NUMBER). Linking to the same customer again changes nothing.',
          parameters: parametersOf('path', ConversationPathSchema, { conversationId: '`conversation:{channel}~{pseudonym}`' }),
          requestBody: { required: true, content: json(ChatLinkCustomerBodySchema) },
          responses: { 200: ok('The conversation (with `customerId`)'), ...authenticated('agent, supervisor, backoffice; not the external center unless it sees customer numbers'), 404: problem('No such conversation, or the customer is not known to core banking (names `customerId`)'), 409: problem('Not your conversation, or it is closed'), ...withBody, ...temporal },
        },
      },
      '/api/v1/chat/conversations/{conversationId}/history': {
        get: {
          summary: 'The customer\'s earlier conversations, decrypted, newest first (at most 20): those linked to the conversation\'s customer number and those under the same pseudonym (the same WhatsApp number or web-chat customer). For whoever may read the conversation; the read is audited',
          parameters: parametersOf('path', ConversationPathSchema, { conversationId: '`conversation:{channel}~{pseudonym}`' }),
          responses: { 200: ok('`{ conversations: [{ conversationId, channel, customerRef, customerId?, closedAt, closedBy, topic?, messages, deleteAfter }] }`'), ...authenticated('agent, supervisor, backoffice (the conversation\'s holder, or a supervisor)'), 404: problem('No such conversation'), ...temporal },
        },
      },
      '/api/v1/chat/conversations/{conversationId}/take': {
        post: {
          summary: 'Takes a conversation handed to an advisor of one of the caller\'s queues (branch staff); then the caller answers and closes it',
          parameters: parametersOf('path', ConversationPathSchema, { conversationId: '`conversation:{channel}~{pseudonym}`' }),
          responses: { 200: ok('The conversation'), ...authenticated('agent, supervisor, backoffice'), 404: problem('No such conversation'), 409: problem('It waits for no advisor of your queues, was taken already, or is closed'), ...temporal },
        },
      },
      '/api/v1/chat/templates': {
        get: {
          summary: 'The approved WhatsApp templates: the only messages allowed after the 24-hour window (agent, supervisor, backoffice)',
          responses: { 200: ok('`{ templates: [{ name, language, title, text }] }` (`{{1}}`… are the parameters)'), ...authenticated('agent, supervisor, backoffice') },
        },
      },
      '/api/v1/chat/conversations/{conversationId}/templates': {
        post: {
          summary: 'Sends an approved WhatsApp template to the customer (the agent holding the conversation), also after the 24-hour window',
          parameters: [...parametersOf('path', ConversationPathSchema, { conversationId: '`conversation:{channel}~{pseudonym}`' }), idempotencyKey(true)],
          requestBody: { required: true, content: json(ChatTemplateBodySchema) },
          responses: {
            201: ok('`{ id, direction: "out", text, at, by }` (the filled-in body)', { ...REPLAYED }),
            ...authenticated('agent, supervisor, backoffice'),
            404: problem('No such conversation'),
            ...idempotent,
            409: problem('Not your conversation, it is closed, or not a WhatsApp conversation; or a request with this Idempotency-Key is still in progress', { 'Retry-After': header('Seconds to wait', { type: 'string', pattern: '^[0-9]+$' }) }),
            502: problem('The messaging platform refused the template (`MESSAGE_REJECTED`)'),
            ...withBody,
            ...temporal,
          },
        },
      },
      '/api/v1/chat/external/next': {
        post: {
          summary: 'The external service center\'s agent (a user of CHAT_EXTERNAL_QUEUE) takes the oldest conversation waiting in its queue; it sees no customer number unless CHAT_EXTERNAL_SEES_CUSTOMER_NUMBER',
          responses: { 200: ok('The conversation, now theirs'), 204: { description: 'None waits' }, ...authenticated('agents of the external service center'), ...temporal },
        },
      },
      '/api/v1/chat/conversations/{conversationId}/hand-back': {
        post: {
          summary: 'The external service center gives a conversation back to the bank\'s own center (a topic it may not answer, CHAT_EXTERNAL_TOPICS), with a note; routed to the least-loaded own agent',
          parameters: parametersOf('path', ConversationPathSchema, { conversationId: '`conversation:{channel}~{pseudonym}`' }),
          requestBody: { required: true, content: json(ChatHandBackBodySchema) },
          responses: { 200: ok('The conversation (`notes` say why it came back)'), ...authenticated('agent, supervisor, backoffice'), 404: problem('No such conversation'), 409: problem('Not taken from the external queue by you, or the own center is closed now (`OWN_CENTER_CLOSED`)'), ...withBody, ...temporal },
        },
      },
      '/api/v1/chat/conversations/{conversationId}/close': {
        post: {
          summary: 'Closes the conversation with its topic (the agent holding it); the agent\'s place frees for the next one',
          parameters: parametersOf('path', ConversationPathSchema, { conversationId: '`conversation:{channel}~{pseudonym}`' }),
          requestBody: { required: true, content: json(ChatCloseBodySchema) },
          responses: { 200: ok('The closed conversation'), ...authenticated('agent, supervisor'), 404: problem('No such conversation'), 409: problem('Not your conversation, it is closed, or a topic the external service center may not answer (`EXTERNAL_TOPIC_NOT_ALLOWED`: hand it back)'), ...withBody, ...temporal },
        },
      },
      '/api/v1/interests': {
        get: {
          summary: 'The interests an agent can record for a customer, with German labels; campaign criteria of kind `interest` name these codes (agent, backoffice, supervisor, process-owner, auditor)',
          responses: { 200: ok('`{ interests: [{ code, label }] }`'), ...authenticated('agent, backoffice, supervisor, process-owner, auditor') },
        },
      },
      '/api/v1/customers/{customerId}/profile-notes': {
        post: {
          summary: `Record needs and interests the customer mentioned during a contact (${writers})`,
          description: `At least one interest (codes of GET /api/v1/interests, each once) or a note (1 to 500 characters); otherwise a 400 names \`interests\`. The note reaches the advisors of the customer's branch as a notice in their queue (\`filiale-{branchId}\`): to read, not a task. The interests count for campaign criteria of kind \`interest\` for ${INTEREST_VALID_DAYS} days. The same Idempotency-Key answers the same note. The audit entry names the interests and whether there is a note, never its words.`,
          parameters: [...parametersOf('path', ProfileNotePathSchema, { customerId: 'customer number' }), idempotencyKey(true)],
          requestBody: { required: true, content: json(profileNoteBody()) },
          responses: {
            201: ok('`{ id, customerId, contactId, interests: [{ code, label }], note?, recordedBy, recordedAt, notice: { queue, readAt?, readBy? } }`', { Location: header('/api/v1/customers/{customerId}/profile-notes'), ...REPLAYED }),
            ...authenticated(writers),
            404: problem('the customer is not known to core banking'),
            502: problem('core banking rejected the request'),
            503: problem('core banking is unavailable; try again shortly'),
            ...idempotent,
            ...withBody,
          },
        },
        get: {
          summary: `The customer's profile notes, newest first, at most ${MAX_PROFILE_NOTES} (agent, backoffice, supervisor, auditor)`,
          parameters: parametersOf('path', ProfileNotePathSchema, { customerId: 'customer number' }),
          responses: { 200: ok('`{ profileNotes: [...] }`'), ...authenticated('agent, backoffice, supervisor, auditor') },
        },
      },
      '/api/v1/notices': {
        get: {
          summary: `Notices for advisors in your queues (a customer's interests and notes, to read, not to process), newest first, at most ${MAX_NOTICES} (${taskWorkers})`,
          parameters: parametersOf('query', NoticeQuerySchema, { queue: 'one of your queues (default: all of them)', status: '`unread` (default) or `all`' }),
          responses: {
            200: ok('`{ notices: [{ id, kind, queue, customerId, title, interests, note?, recordedBy, recordedAt, readAt?, readBy? }] }`'),
            ...authenticated(taskWorkers),
          },
        },
      },
      '/api/v1/notices/{id}/read': {
        post: {
          summary: `Mark a notice read; again: the notice as it is, the first reader stays on record (${taskWorkers})`,
          parameters: [...parametersOf('path', NoticePathSchema, { id: 'the notice (its profile note) id' }), idempotencyKey(false)],
          responses: {
            200: ok('the notice with `readAt`, `readBy`', REPLAYED),
            ...authenticated(taskWorkers),
            404: problem('no such notice in your queues'),
            ...idempotent,
          },
        },
      },
      '/api/v1/appointment-slots': {
        get: {
          summary: 'Free slots of the advisors of a branch (or of one advisor) for a topic, soonest first (agent, supervisor)',
          description: `Slots lie within the branch's opening hours and the advisor's working hours, never on a public holiday of the branch's state nor in an absence, with the configured buffer free around them; \`from\` and \`to\` are local days (Europe/Berlin), both included. Give \`branchId\` or \`advisorId\`, and \`to\` not before \`from\` and at most ${SLOT_SEARCH_MAX_DAYS - 1} days after it; otherwise a 400 names the field. An advisor who does not advise on the topic has no slots.`,
          parameters: parametersOf('query', SlotQuerySchema, { limit: 'at most this many slots (default: the configured maximum, 20)', channel: 'how the appointment takes place (every advisor offers each)' }),
          responses: {
            200: ok('`{ slots: [{ advisorId, advisorName, branchId, start, end }], lengthMinutes, bufferMinutes }`'),
            ...authenticated('agent, supervisor'),
            404: problem('no such branch or advisor'),
            502: problem('core banking rejected the request'),
            503: problem('core banking is unavailable; try again shortly'),
          },
        },
      },
      '/api/v1/appointments': {
        post: {
          summary: 'Book an appointment with an advisor: hold, then confirm the slot; the customer gets the confirmation with a calendar invitation, the advisor a notice (agent)',
          description: '`start` must be a free slot of the advisor as GET /appointment-slots offers them (in the future, in opening and working hours, on the grid): otherwise a 422 names `start`; a `topic` the advisor does not advise on: 422 naming `topic`. A slot taken meanwhile: 409 with `slots`, the next free slots of the branch for the topic.',
          parameters: [idempotencyKey(true)],
          requestBody: { required: true, content: json(AppointmentRequestSchema) },
          responses: {
            201: ok('booked: the appointment `{ appointmentId, workflowId, status: confirmed, start, end, uid, sequence, … }`', { Location: header('/api/v1/appointments/{appointmentId}'), ...REPLAYED }),
            ...authenticated('agent'),
            404: problem('the customer or the advisor is not known to core banking'),
            409: { description: 'the slot is taken: `{ error, slots }` with the next free slots; or a request with this Idempotency-Key is still in progress', headers: { 'Retry-After': header('Seconds to wait (only for a key in progress)', { type: 'string', pattern: '^[0-9]+$' }) }, content: { 'application/json': { schema: {} } } },
            422: problem('`start` is no free slot of the advisor, `topic` is not the advisor\'s, or the Idempotency-Key was used with another request'),
            502: problem('core banking rejected the request'),
            ...withBody,
            ...temporal,
          },
        },
      },
      '/api/v1/appointments/{id}': {
        get: {
          summary: `An appointment: status, times, the invitation's UID and SEQUENCE, changes, reminder, outcome and what followed (${readers})`,
          parameters: parametersOf('path', AppointmentPathSchema, { id: 'appointment id (24 hex digits)' }),
          responses: { 200: ok('the appointment'), ...authenticated(readers), 404: problem('no such appointment'), ...temporal },
        },
      },
      '/api/v1/appointments/{id}/reschedule': {
        post: {
          summary: 'Move an appointment to another slot of the same advisor; the new slot is held before the old one is released, the customer gets the changed invitation (agent, supervisor)',
          parameters: [...parametersOf('path', AppointmentPathSchema, { id: 'appointment id (24 hex digits)' }), idempotencyKey(false)],
          requestBody: { required: true, content: json(RescheduleRequestSchema) },
          responses: {
            200: ok('moved: the appointment, `sequence` one higher', REPLAYED),
            ...authenticated('agent, supervisor'),
            404: problem('no such appointment'),
            409: { description: 'the slot is taken (`{ error, slots }` with the next free slots); or the appointment is cancelled, has begun or is over, or another change is being carried out; or a request with this Idempotency-Key is still in progress', headers: { 'Retry-After': header('Seconds to wait (only for a key in progress)', { type: 'string', pattern: '^[0-9]+$' }) }, content: { 'application/json': { schema: {} } } },
            422: problem('`start` is no free slot of the advisor, or the Idempotency-Key was used with another request'),
            502: problem('core banking rejected the request'),
            ...withBody,
            ...temporal,
          },
        },
      },
      '/api/v1/appointments/{id}/cancel': {
        post: {
          summary: 'Cancel an appointment: the slot is released, the customer gets the cancellation (METHOD:CANCEL) (agent, supervisor)',
          parameters: parametersOf('path', AppointmentPathSchema, { id: 'appointment id (24 hex digits)' }),
          requestBody: { required: false, content: json(CancelAppointmentSchema) },
          responses: {
            200: ok('cancelled: the appointment'),
            ...authenticated('agent, supervisor'),
            404: problem('no such appointment'),
            409: problem('the appointment is cancelled already, has begun or is over, or another change is being carried out'),
            ...withBody,
            ...temporal,
          },
        },
      },
      '/api/v1/customers/{customerId}/appointments': {
        get: {
          summary: `A customer's appointments, latest start first (${readers})`,
          parameters: parametersOf('path', CustomerAppointmentsPathSchema, { customerId: 'customer number, e.g. K-100042' }),
          responses: { 200: ok('`{ appointments }`'), ...authenticated(readers), ...temporal },
        },
      },
      '/api/v1/tasks/{id}/reassign': {
        post: {
          summary: 'Move a task to another queue or person (supervisor)',
          parameters: taskId,
          // The route's refinement: at least one of the two.
          requestBody: { required: true, content: json({ ...schemaOf(ReassignBodySchema), anyOf: [{ required: ['queue'] }, { required: ['assignee'] }] }) },
          responses: {
            200: ok('reassigned: the task'),
            ...authenticated('supervisor'),
            404: problem('no such task in your queues'),
            409: problem('closed, or claimed by someone else'),
            422: problem('the queue is not known, or the assignee is not a known user or does not work the queue'),
            ...withBody,
            ...temporal,
          },
        },
      },
      '/api/v1/codec/decode': codecOperation('decode'),
      '/api/v1/codec/encode': codecOperation('encode'),
      '/api/v1/audit': {
        get: {
          summary: 'The audit trail: who did what to which customer, newest first, cursor-paged (auditor, supervisor); the read is recorded too',
          description: '`from` and `to` lie between the years 1900 and 9999, `to` after `from`; otherwise a 400 names the field.',
          parameters: parametersOf('query', AuditQuerySchema, {
            customerId: 'only entries about this customer',
            actor: 'only entries of this user',
            from: 'entries at or after this instant',
            to: 'entries before this instant',
            cursor: '`nextCursor` of the previous page',
            limit: 'page size',
          }),
          responses: { 200: ok('`{ entries, nextCursor? }`'), ...authenticated('auditor, supervisor') },
        },
      },
      '/api/v1/customers/{customerId}/timeline': {
        get: {
          summary: "The customer's evidence timeline, newest first, cursor-paged (auditor, supervisor): consent evidence with the exact wording read out and its SHA-256 hash, the contact history and the audit trail; read only, the read is recorded",
          parameters: [
            ...parametersOf('path', TimelinePathSchema, { customerId: 'customer number, e.g. K-100042' }),
            ...parametersOf('query', TimelineQuerySchema, { kinds: 'comma-separated kinds (default: all)', cursor: '`nextCursor` of the previous page', limit: 'page size' }),
          ],
          responses: {
            200: ok('`{ customerId, entries: [{ id, kind: consent | contact | audit, at, actor, action, consent? | contact? | audit? }], nextCursor? }`; a consent entry has `{ answer, channel, granted, scriptVersion, wordingSha256, wording: { question, objectionAnswers, sha256, matchesEvidence }, workflowId, writtenThrough }`'),
            ...authenticated('auditor, supervisor'),
          },
        },
      },
      '/api/v1/processes/{workflowId}': {
        get: {
          summary: `One process by workflow id: type, status, start and close, its tasks (newest first), its steps from the Temporal history (names and times, no payloads) and the link to the Temporal UI when configured (${readers})`,
          parameters: parametersOf('path', ProcessPathSchema, { workflowId: 'workflow id, e.g. callback:…' }),
          responses: {
            200: ok('`{ workflowId, runId, type, status: running | completed | failed | cancelled | terminated | timed-out | continued | paused | unknown, startedAt, closedAt?, tasks, steps: [{ eventId, at, kind, name?, childWorkflowId?, firesAt?, status? }], temporalUiUrl? }`'),
            ...authenticated(readers),
            404: problem('no such process'),
            ...temporal,
          },
        },
      },
      '/api/v1/customers/{customerId}/processes': {
        get: {
          summary: `All processes of a customer, newest first (at most ${MAX_CUSTOMER_PROCESSES}): found by the pseudonym in their workflow ids and by what the application database links to the customer (${readers})`,
          parameters: parametersOf('path', CustomerProcessesPathSchema, { customerId: 'customer number, e.g. K-100042' }),
          responses: {
            200: ok('`{ customerId, processes: [{ workflowId, runId, type, status, startedAt, closedAt? }] }`'),
            ...authenticated(readers),
            ...temporal,
          },
        },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * 405 for a method a documented path does not declare, with `Allow` listing the methods it has
 * (HEAD with GET, as express answers it). The paths come from the served document, so the
 * answer and the contract cannot drift apart. Unknown paths pass on (404).
 */
export function methodNotAllowed(document: { paths: Record<string, object> }): RequestHandler {
  const templates = Object.entries(document.paths).map(([template, item]) => {
    const methods = METHODS.filter((method) => method in item).map((method) => method.toUpperCase());
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.splice(methods.indexOf('GET') + 1, 0, 'HEAD');
    // `{name}` is one non-empty path segment; express matches case-insensitively and ignores a trailing slash.
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
      .join('');
    return { pattern: new RegExp(`^${source}/?$`, 'i'), methods };
  });
  return (req, res, next) => {
    const known = templates.find(({ pattern }) => pattern.test(req.path));
    if (!known || known.methods.includes(req.method)) return next();
    res.set('Allow', known.methods.join(', '));
    next(new HttpError(405, `method ${req.method} is not allowed here; allowed: ${known.methods.join(', ')}`));
  };
}
